using System.CommandLine;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Referral.Transnational;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne referral package export CASE --to NAME --service S… --out FILE</c>, <c>package import FILE</c> and
/// <c>package list [--json]</c>: signed transnational referral packages, as the local operator.
/// </summary>
public static class TransnationalPackageCommand
{
    private static JsonSerializerOptions Json => TransnationalCommands.Json;

    public static Command Create()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var to = new Option<string>("--to") { Description = "The receiving partner organisation (name or id).", Required = true };
        var serviceCodes = new Option<string[]>("--service") { Description = "A service requested (assistance-service code); repeat or separate with commas.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "The package file to write.", Required = true };
        var export = new Command("export", "Sign the case's minimal data set (no names) for a partner abroad; the consent gate applies (for a child without consent: a best-interest decision recorded with `referral best-interest record`).") { target, to, serviceCodes, output };
        export.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (await ReferralCommand.ResolveAsync(services, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            if (await TransnationalCommands.OrganisationAsync(services, parseResult.GetValue(to), "--to", cancellationToken) is not { } receiver)
            {
                return 2;
            }
            var requested = parseResult.GetValue(serviceCodes)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var result = await services.GetRequiredService<ReferralPackages>().ExportAsync(caseId,
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
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
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
            var services = await session.OpenAsync();
            var imported = await services.GetRequiredService<ReferralPackages>().ImportAsync(
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
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var received = await services.GetRequiredService<ReferralPackages>().ReceivedAsync(CaseViewer.LocalOperator, 1000, cancellationToken);
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

    private static string Invariant(FormattableString text) => TransnationalCommands.Invariant(text);
}
