using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.Transnational;
using Microsoft.EntityFrameworkCore;

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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Create() => [SigningKey(), Partners(), Package()];

    private static Command SigningKey()
    {
        var organisation = new Option<string?>("--organisation") { Description = "The organisation's name or id (default: the only organisation, or the only one with cases)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the public key (PEM) to this file, to send to partners." };
        var rotate = new Option<bool>("--rotate") { Description = "Retire the current key and create a new one; partners must register the new public key." };
        var country = new Option<string?>("--country") { Description = "Record the organisation's country (ISO 3166-1 alpha-2), which its packages name as the sending country." };
        var command = new Command("signing-key", "Print the organisation's public signing key and fingerprint (created on first use).") { organisation, output, rotate, country };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            if (await OrganisationAsync(db, parseResult.GetValue(organisation), "--organisation", cancellationToken) is not { } id)
            {
                return 2;
            }
            var service = scope.ServiceProvider.GetRequiredService<PartnerKeys>();
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
        add.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var file = parseResult.GetValue(keyFile)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: public-key-file: {file.FullName} does not exist.");
                return 2;
            }
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var added = await scope.ServiceProvider.GetRequiredService<PartnerKeys>().AddPartnerAsync(
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
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var partners = await scope.ServiceProvider.GetRequiredService<PartnerKeys>().PartnersAsync(cancellationToken);
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
        revoke.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var revoked = await scope.ServiceProvider.GetRequiredService<PartnerKeys>().RevokePartnerAsync(parseResult.GetValue(keyId)!,
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

    private static Command Package()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var to = new Option<string>("--to") { Description = "The receiving partner organisation (name or id).", Required = true };
        var services = new Option<string[]>("--service") { Description = "A service requested (assistance-service code); repeat or separate with commas.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "The package file to write.", Required = true };
        var export = new Command("export", "Sign the case's minimal data set (no names) for a partner abroad; the consent gate applies (for a child without consent: a best-interest decision recorded with `referral best-interest record`).") { target, to, services, output };
        export.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            if (await ReferralCommand.ResolveAsync(db, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            if (await OrganisationAsync(db, parseResult.GetValue(to), "--to", cancellationToken) is not { } receiver)
            {
                return 2;
            }
            var requested = parseResult.GetValue(services)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var result = await scope.ServiceProvider.GetRequiredService<ReferralPackages>().ExportAsync(caseId,
                new PackageRequest(receiver, requested), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                foreach (var refusal in problem.Refusals)
                {
                    await Console.Error.WriteLineAsync($"ariadne: refused: {Explain(refusal)}");
                }
                return 2;
            }
            var file = parseResult.GetValue(output)!;
            // A package is case data (pseudonymised): owner-only, like an export.
            await Core.ImportExport.PrivateFile.WriteAllTextAsync(file.FullName, result.Value!.Json, new UTF8Encoding(false), cancellationToken);
            Console.WriteLine($"Package {result.Value.PackageId} signed and written to {file.FullName}.");
            return 0;
        }));

        var input = new Argument<FileInfo>("file") { Description = "The package file received from a partner." };
        var import = new Command("import", "Verify a partner's signed package and open a case for it in the organisation it is addressed to. A tampered, unsigned or untrusted package is refused and nothing is stored.") { input };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var file = parseResult.GetValue(input)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: file: {file.FullName} does not exist.");
                return 2;
            }
            if (file.Length > ReferralPackages.MaxPackageBytes)
            {
                await Console.Error.WriteLineAsync($"ariadne: file: {file.Length:N0} bytes; a referral package is at most {ReferralPackages.MaxPackageBytes:N0}.");
                return 2;
            }
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var imported = await scope.ServiceProvider.GetRequiredService<ReferralPackages>().ImportAsync(
                await File.ReadAllTextAsync(file.FullName, cancellationToken), CaseViewer.LocalOperator, cancellationToken);
            if (imported.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"ariadne: refused ({problem.Refusals.FirstOrDefault()?.Code}): {problem.Detail}");
                return 2;
            }
            var received = imported.Value!;
            Console.WriteLine($"Signature verified. Signed by {received.SendingOrganisation} ({received.SendingCountry}), key {received.KeyId}.");
            Console.WriteLine($"Case {received.CaseCode} opened for {received.Content.ReceivingOrganisation} (sender's reference {received.Content.CaseReference}).");
            return 0;
        }));

        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var list = new Command("list", "List the packages received, newest first.") { json };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var received = await scope.ServiceProvider.GetRequiredService<ReferralPackages>().ReceivedAsync(CaseViewer.LocalOperator, 1000, cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(received, Json));
                return 0;
            }
            Console.WriteLine("received\tcase\tfrom\tcountry\tsender_reference\tservices");
            foreach (var r in received)
            {
                Console.WriteLine(Invariant($"{r.ReceivedAtUtc:yyyy-MM-dd}\t{r.CaseCode}\t{r.SendingOrganisation}\t{r.SendingCountry}\t{r.Content.CaseReference}\t{string.Join(",", r.Content.ServicesRequested)}"));
            }
            return 0;
        }));

        var package = new Command("package", "Signed transnational referral packages: export for a partner abroad, import from one.");
        package.Subcommands.Add(export);
        package.Subcommands.Add(import);
        package.Subcommands.Add(list);
        return package;
    }

    /// <summary>A refusal in words for the operator (the UI renders the same codes in the user's language).</summary>
    private static string Explain(Analytics.Referral.Refusal refusal) => refusal.Code switch
    {
        "SendingCountryUnknown" => $"the sending organisation '{refusal.Arguments[0]}' has no country recorded.",
        "NotAPartner" => $"'{refusal.Arguments[0]}' is not a registered partner with a country (ariadne referral partners add).",
        "ServiceRequired" => "name at least one service (--service).",
        "UnknownService" => $"--service: '{refusal.Arguments[0]}' is not an assistance-service code.",
        Analytics.Referral.Refusal.ConsentRequired => $"no active consent to the referral to '{refusal.Arguments[0]}' (and for a child, no --best-interest).",
        _ => refusal.ToString(),
    };

    /// <summary>
    /// The organisation for a name or an id; with none given, the only organisation, or else the only one that holds
    /// cases. Null (and a message naming the option) otherwise.
    /// </summary>
    internal static async Task<Guid?> OrganisationAsync(AppDbContext db, string? wanted, string option, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        List<Guid> match;
        if (wanted is null)
        {
            match = organisations.Count == 1 ? [organisations[0].Id] : await db.Cases.Select(c => c.OrganisationId).Distinct().ToListAsync(cancellationToken);
        }
        else
        {
            match = [.. organisations.Where(o => o.Id.ToString() == wanted.Trim() || string.Equals(o.Name, wanted.Trim(), StringComparison.OrdinalIgnoreCase)).Select(o => o.Id)];
        }
        if (match.Count != 1)
        {
            await Console.Error.WriteLineAsync(wanted is null
                ? $"ariadne: {option}: name the organisation ({organisations.Count} organisations here, {match.Count} of them with cases)."
                : $"ariadne: {option}: no organisation '{wanted}'.");
            return null;
        }
        return match[0];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
