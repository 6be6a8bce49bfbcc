using System.CommandLine;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.ImportExport;
using Ariadne.Core.Linkage;

namespace Ariadne.Cli;

/// <summary>
/// The agency's linkage verbs over the database (the same Core service as the pages and the API, <see cref="AgencyLinkage"/>):
/// <c>ariadne linkage encode-cases --secret-file KEY --out ENC [--organisation ORG]</c> writes the encodings of the
/// organisation's persons (random record ids, a pseudonym table kept in the database), and
/// <c>ariadne linkage import-clusters FILE</c> sets the cluster keys from the operator's result, all or nothing.
/// Exit 2 with one line for invalid input, nothing written.
/// </summary>
public static class LinkageAgencyCommands
{
    public static Command EncodeCases()
    {
        var secret = new Option<FileInfo>("--secret-file") { Description = "The secret the agencies share for this round (at least 16 bytes); never stored.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The encodings file to send to the linkage operator (record_id,encoding,blocks; random record ids, no plaintext).", Required = true };
        var organisation = new Option<string?>("--organisation") { Description = "The organisation whose persons are encoded, by name or id (required when several hold cases)." };
        var command = new Command("encode-cases", "Encode the persons of an organisation's cases for linkage between agencies (random record ids per run).") { secret, output, organisation };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var secretFile = parseResult.GetValue(secret)!;
            if (!secretFile.Exists)
            {
                return await CliHost.ReportAsync(Problem.Invalid("--secret-file", "NotFound", $"{secretFile.Name}: no such file"));
            }
            var key = AgencyLinkage.SecretFrom(await File.ReadAllBytesAsync(secretFile.FullName, cancellationToken));
            if (key.Length < AgencyLinkage.MinSecretBytes)
            {
                return await CliHost.ReportAsync(Problem.Invalid("--secret-file", "TooShort",
                    $"{secretFile.Name}: the secret has {key.Length} bytes; at least {AgencyLinkage.MinSecretBytes} (e.g. head -c 32 /dev/urandom > KEY)"));
            }
            var services = await session.OpenAsync();
            var chosen = await CliHost.OrganisationAsync(services, parseResult.GetValue(organisation), cancellationToken);
            if (chosen.Problem is { } notChosen)
            {
                return await CliHost.ReportAsync(notChosen);
            }
            var organisationId = chosen.Value;
            var target = parseResult.GetValue(output)!.FullName;
            var partial = target + ".partial";
            try
            {
                Result<AgencyEncodeSummary> result;
                await using (var stream = PrivateFile.Create(partial, useAsync: true))
                {
                    result = await services.GetRequiredService<AgencyLinkage>().EncodeAsync(organisationId, key, stream, AuditActor.LocalOperator, null, cancellationToken);
                }
                if (result.Problem is { } problem)
                {
                    return await CliHost.ReportAsync(problem);
                }
                File.Move(partial, target, overwrite: true);
                var summary = result.Value!;
                Console.WriteLine($"Encoded {summary.Records} person(s) into {Path.GetFileName(target)} (run {summary.RunId}; {summary.Skipped} without identifying data skipped).");
                return 0;
            }
            finally
            {
                File.Delete(partial);
            }
        }));
        return command;
    }

    public static Command ImportClusters()
    {
        var file = new Argument<FileInfo>("file") { Description = "The operator's result for this agency: record_id,cluster_id." };
        var command = new Command("import-clusters", "Set the persons' cluster keys from the linkage operator's result (all or nothing).") { file };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                return await CliHost.ReportAsync(Problem.Invalid("file", "NotFound", $"{input.Name}: no such file"));
            }
            var services = await session.OpenAsync();
            await using var stream = File.OpenRead(input.FullName);
            var result = await services.GetRequiredService<AgencyLinkage>().ImportClustersAsync(null, stream, input.Name, AuditActor.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was imported");
            }
            var summary = result.Value!;
            Console.WriteLine($"Imported {summary.Records} record(s) in {summary.Clusters} cluster(s) of round {summary.RoundTag}: {summary.Persons} person(s) updated.");
            return 0;
        }));
        return command;
    }
}
