using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Audit;
using Ariadne.Core.Audit;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne audit verify [--expect-head HASH] [--checkpoint FILE]</c>, <c>ariadne audit checkpoint [--out FILE]</c> and
/// <c>ariadne audit list [filters] [--format text|json]</c>.
/// </summary>
public static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var audit = new Command("audit", "Verify and read the tamper-evident audit log.");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Checkpoint());
        audit.Subcommands.Add(List());
        return audit;
    }

    private static Command Verify()
    {
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "A head hash recorded earlier outside the database; it must still be in the chain (detects a truncated tail).",
        };
        var checkpointFile = new Option<string?>("--checkpoint")
        {
            Description = "A checkpoint file written earlier by `ariadne audit checkpoint` or by serve (Audit:CheckpointPath); the log must still hold its entry (detects a truncated tail).",
        };
        var command = new Command("verify",
            "Recompute every hash and check every authentication code of the audit log; exit 1 and name the first broken entry if any.") { expectHead, checkpointFile };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            AuditCheckpoint? checkpoint = null;
            if (parseResult.GetValue(checkpointFile) is { } path)
            {
                try
                {
                    checkpoint = AuditCheckpoint.Parse(await File.ReadAllTextAsync(path, cancellationToken));
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"ariadne: --checkpoint: {path}: {e.Message}");
                    return 2;
                }
            }
            var services = await session.OpenAsync();
            AuditVerification result;
            try
            {
                result = await services.GetRequiredService<AuditLog>().VerifyAsync(parseResult.GetValue(expectHead), checkpoint, cancellationToken);
            }
            catch (AuditCheckpointException e)
            {
                await Console.Error.WriteLineAsync($"ariadne: --checkpoint: {e.Message}");
                return 2;
            }
            if (!result.IsIntact)
            {
                await Console.Error.WriteLineAsync(result.Describe());
                return 1;
            }
            Console.WriteLine(result.Describe());
            if (result.HeadHash is not null)
            {
                Console.WriteLine($"Head: {result.HeadHash}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Checkpoint()
    {
        var output = new Option<string?>("--out") { Description = "Write the checkpoint to this file (replacing it) instead of standard output." };
        var command = new Command("checkpoint",
            "Print a signed checkpoint of the audit log's head (entry number, hash, time; no personal data). Keep it outside the database; `audit verify --checkpoint FILE` checks the log still holds it.") { output };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var checkpoint = await services.GetRequiredService<AuditLog>().CheckpointAsync(cancellationToken);
            if (parseResult.GetValue(output) is { } path)
            {
                await AuditCheckpointFile.WriteAsync(path, checkpoint, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audit checkpoint of entry #{checkpoint.Sequence} written to {path}."));
            }
            else
            {
                Console.WriteLine(checkpoint.ToJson());
            }
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, UTC), inclusive." };
        var to = new Option<string?>("--to") { Description = "Last day (yyyy-MM-dd, UTC), inclusive." };
        var action = new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", AuditActions.All)}." };
        var actor = new Option<string?>("--actor") { Description = "Only actors whose name contains this text." };
        var format = new Option<string>("--format") { Description = "text or json (one object per line).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("list", "Print audit entries, oldest first.") { from, to, action, actor, format };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var query = new AuditQuery(
                Action: parseResult.GetValue(action),
                Actor: parseResult.GetValue(actor),
                From: ParseDay(parseResult.GetValue(from), "--from"),
                To: ParseDay(parseResult.GetValue(to), "--to"));
            if (query.Action is not null && !AuditActions.All.Contains(query.Action, StringComparer.Ordinal))
            {
                await Console.Error.WriteLineAsync($"ariadne: --action: '{query.Action}' is not one of {string.Join(", ", AuditActions.All)}.");
                return 2;
            }
            var asJson = parseResult.GetValue(format) == "json";
            var services = await session.OpenAsync();
            await foreach (var entry in services.GetRequiredService<AuditLog>().ReadAsync(query, cancellationToken))
            {
                Console.WriteLine(asJson ? JsonSerializer.Serialize(entry, Json) : Text(entry));
            }
            return 0;
        }));
        return command;
    }

    private static string Text(AuditEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"#{e.Sequence}\t{e.AtUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{e.ActorName}\t{e.Action}\t{e.Outcome}\t{e.SubjectType}:{e.SubjectId}\t{e.FromAddress}\t{e.Reason}\t{e.Details}");

    private static DateOnly? ParseDay(string? value, string option) =>
        value is null ? null
        : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"{option}: '{value}' is not a date (yyyy-MM-dd).");
}
