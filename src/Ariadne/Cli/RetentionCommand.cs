using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Core.ImportExport;
using Ariadne.Core.Retention;
using Microsoft.Extensions.Options;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne retention preview|apply [--json]</c>: what the retention policy (section <c>Retention</c> of
/// appsettings.json, or <c>Retention__IdentityYears</c> etc. in the environment) would erase, and erasing it.
/// </summary>
public static class RetentionCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var retention = new Command("retention", "The retention policy: erase identifying data some years after a case was closed.");
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };

        var preview = new Command("preview", "Count what the policy would erase now (nothing identifying is printed, nothing is changed).") { json };
        preview.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var service = await PrepareAsync(session);
            var result = await service.PreviewAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { policy = service.Policy, preview = result, lookaheadDays = (int)RetentionService.Lookahead.TotalDays }, Json));
                return 0;
            }
            Console.WriteLine(Describe(service.Policy));
            Console.WriteLine($"Due now: {result.Due} ({result.DueLifecycleClosed} lifecycle closed, {result.DueCaseClosed} case closed without lifecycle).");
            Console.WriteLine($"Held by a legal hold: {result.HeldByLegalHold}.");
            Console.WriteLine($"Due within {(int)RetentionService.Lookahead.TotalDays} days: {result.DueWithinLookahead}"
                + (result.NextDueAtUtc is { } next ? $" (next {next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})." : "."));
            Console.WriteLine($"Already erased: {result.AlreadyErased}. Expired reveal grants to purge: {result.ExpiredRevealGrants}.");
            return 0;
        }));
        retention.Subcommands.Add(preview);

        var apply = new Command("apply", "Erase the identifying data that is due (each erasure audited with the reason 'retention') and purge expired reveal grants.") { json };
        apply.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var service = await PrepareAsync(session);
            var asJson = parseResult.GetValue(json);
            var progress = asJson ? null : new InlineProgress<int>(n => Console.WriteLine($"  {n} erased…"));
            var result = await service.ApplyAsync(null, progress, cancellationToken);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }
            Console.WriteLine(Describe(service.Policy));
            Console.WriteLine($"Erased: {result.Erased}. Skipped (changed meanwhile): {result.Skipped}. Expired reveal grants purged: {result.RevealGrantsPurged}.");
            return 0;
        }));
        retention.Subcommands.Add(apply);
        return retention;
    }

    private static async Task<RetentionService> PrepareAsync(CliSession session)
    {
        // Validates the options first (a wrong value names its key), then opens the database.
        _ = session.HostServices.GetRequiredService<IOptions<RetentionOptions>>().Value;
        return (await session.OpenAsync()).GetRequiredService<RetentionService>();
    }

    private static string Describe(RetentionOptions policy) => policy.IdentityYears == 0
        ? "Policy: off (Retention:IdentityYears is 0); only expired reveal grants are purged."
        : $"Policy: identifying data is erased {policy.IdentityYears} year(s) after the case was closed, never under a legal hold.";
}
