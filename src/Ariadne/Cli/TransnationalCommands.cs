using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Referral.Transnational;

namespace Ariadne.Cli;

/// <summary>
/// Transnational referral from the command line, as the local operator:
/// <c>ariadne referral signing-key [--organisation NAME] [--out FILE] [--rotate]</c>,
/// <c>referral partners add NAME PUBKEYFILE --country CC [--type T]</c>, <c>partners list [--json]</c>, <c>partners revoke KEYID [--reason R]</c>,
/// <c>referral package export CASE --to NAME --service S… [--best-interest] --out FILE</c>, <c>package import FILE</c> and <c>package list [--json]</c>.
/// Exit 0 done, 1 not found, 2 refused or invalid input (the reason on stderr; nothing stored).
/// </summary>
public static class TransnationalCommands
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Create() => [SigningKey(), Partners(), TransnationalPackageCommand.Create()];

    private static Command SigningKey()
    {
        var organisation = new Option<string?>("--organisation") { Description = "The organisation's name or id (default: the only organisation, or the only one with cases)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the public key (PEM) to this file, to send to partners." };
        var rotate = new Option<bool>("--rotate") { Description = "Retire the current key and create a new one; partners must register the new public key." };
        var country = new Option<string?>("--country") { Description = "Record the organisation's country (ISO 3166-1 alpha-2), which its packages name as the sending country." };
        var command = new Command("signing-key", "Print the organisation's public signing key and fingerprint (created on first use).") { organisation, output, rotate, country };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (await OrganisationAsync(services, parseResult.GetValue(organisation), "--organisation", cancellationToken) is not { } id)
            {
                return 2;
            }
            var service = services.GetRequiredService<PartnerKeys>();
            if (parseResult.GetValue(country) is { } code && (await service.SetCountryAsync(id, code, CaseViewer.LocalOperator, cancellationToken)).Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"ariadne: --country: {problem.Errors.FirstOrDefault()?.Message ?? problem.Detail}");
                return 2;
            }
            var key = parseResult.GetValue(rotate)
                ? (await service.RotateSigningKeyAsync(id, CaseViewer.LocalOperator, cancellationToken)).Value
                : await service.SigningKeyAsync(id, create: true, cancellationToken);
            Console.WriteLine($"Organisation: {key!.OrganisationName}{(key.CountryCode is { } c ? $" ({c})" : " (no country recorded: set it with --country before sending packages)")}");
            Console.WriteLine($"Fingerprint (SHA-256): {key.KeyId}");
            Console.WriteLine(key.PublicKeyPem);
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, key.PublicKeyPem + "\n", cancellationToken);
                Console.WriteLine($"Written to {file.FullName}. Tell the partner the fingerprint by another channel so they can check it.");
            }
            return 0;
        }));
        return command;
    }

    private static Command Partners()
    {
        var name = new Argument<string>("name") { Description = "The partner organisation's name, exactly as it signs its packages." };
        var keyFile = new Argument<FileInfo>("public-key-file") { Description = "The partner's public key (PEM, from their 'ariadne referral signing-key --out')." };
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 code of the partner's country.", Required = true };
        var type = new Option<string?>("--type") { Description = "Organisation type code (default ngo)." };
        var add = new Command("add", "Trust a partner's public key: packages it signs can be imported here.") { name, keyFile, country, type };
        add.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var file = parseResult.GetValue(keyFile)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: public-key-file: {file.FullName} does not exist.");
                return 2;
            }
            var services = await session.OpenAsync();
            var added = await services.GetRequiredService<PartnerKeys>().AddPartnerAsync(
                new PartnerInput(parseResult.GetValue(name), parseResult.GetValue(country), parseResult.GetValue(type), await File.ReadAllTextAsync(file.FullName, cancellationToken)),
                CaseViewer.LocalOperator, cancellationToken);
            if (added.Problem is { } problem)
            {
                var error = problem.Errors.FirstOrDefault();
                var argument = error?.Field switch
                {
                    nameof(PartnerInput.Name) => "name",
                    nameof(PartnerInput.CountryCode) => "--country",
                    nameof(PartnerInput.Type) => "--type",
                    _ => "public-key-file",
                };
                await Console.Error.WriteLineAsync($"ariadne: {argument}: {error?.Message ?? problem.Detail}");
                return 2;
            }
            var partner = added.Value!;
            Console.WriteLine($"Trusted {partner.Name} ({partner.CountryCode}), key fingerprint {partner.KeyId}.");
            Console.WriteLine("Check the fingerprint with the partner by another channel (telephone, a meeting) before importing its packages.");
            return 0;
        }));

        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var list = new Command("list", "List the registered partner keys, revoked ones included.") { json };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var partners = await services.GetRequiredService<PartnerKeys>().PartnersAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(partners, Json));
                return 0;
            }
            Console.WriteLine("fingerprint\torganisation\tcountry\tadded\tstatus");
            foreach (var p in partners)
            {
                Console.WriteLine(Invariant($"{p.KeyId}\t{p.Name}\t{p.CountryCode}\t{p.AddedAtUtc:yyyy-MM-dd}\t{(p.RevokedAtUtc is { } r ? $"revoked {r:yyyy-MM-dd}" : "active")}"));
            }
            return 0;
        }));

        var keyId = new Argument<string>("fingerprint") { Description = "The key's fingerprint, as 'partners list' shows it." };
        var reason = new Option<string?>("--reason") { Description = "Why (e.g. the partner reported the key lost)." };
        var revoke = new Command("revoke", "Stop trusting a partner key: packages it signs are refused from now on.") { keyId, reason };
        revoke.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var revoked = await services.GetRequiredService<PartnerKeys>().RevokePartnerAsync(parseResult.GetValue(keyId)!,
                parseResult.GetValue(reason), CaseViewer.LocalOperator, cancellationToken);
            if (!revoked.Succeeded)
            {
                await Console.Error.WriteLineAsync($"ariadne: fingerprint: no active partner key {parseResult.GetValue(keyId)}.");
                return 1;
            }
            Console.WriteLine("Revoked.");
            return 0;
        }));

        var partners = new Command("partners", "Partner organisations abroad whose signed referral packages this installation accepts.");
        partners.Subcommands.Add(add);
        partners.Subcommands.Add(list);
        partners.Subcommands.Add(revoke);
        return partners;
    }

    /// <summary>
    /// The organisation for a name or an id; with none given, the only organisation, or else the only one that holds
    /// cases. Null (and a message naming the option) otherwise.
    /// </summary>
    internal static async Task<Guid?> OrganisationAsync(IServiceProvider services, string? wanted, string option, CancellationToken cancellationToken)
    {
        var choice = await services.GetRequiredService<OrganisationDirectory>().ChooseAsync(wanted, cancellationToken);
        if (choice.Single is not { } id)
        {
            await Console.Error.WriteLineAsync(wanted is null
                ? $"ariadne: {option}: name the organisation ({choice.Organisations} organisations here, {choice.Matches.Count} of them with cases)."
                : $"ariadne: {option}: no organisation '{wanted}'.");
            return null;
        }
        return id;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
