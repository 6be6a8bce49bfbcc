using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne releases list [--limit N]</c>, <c>releases show ID</c>, <c>releases reproduce ID [--output FILE]</c> and
/// <c>releases settings [--minimum-threshold N] [--budget-rho R] [--period-months M]</c>: the log of statistics releases
/// and the administrator's settings. <c>reproduce</c> re-runs a release with its logged parameters and sealed seed
/// (spending nothing) and exits 0 when the output is identical, 1 when it differs (and says whether the input data
/// changed since). Neither the seed nor a fingerprint is ever printed.
/// </summary>
public static class ReleasesCommand
{
    public static Command Create()
    {
        var releases = new Command("releases", "Read the log of statistics releases and reproduce a release exactly.");
        releases.Subcommands.Add(List());
        releases.Subcommands.Add(Show());
        releases.Subcommands.Add(Reproduce());
        releases.Subcommands.Add(Settings());
        return releases;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many, most recent first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The most recent releases: id, time, who, kind, rows.") { limit };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            foreach (var r in await services.GetRequiredService<ReleaseService>().ListAsync(parseResult.GetValue(limit), cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id}  {r.CreatedAtUtc:yyyy-MM-dd HH:mm:ss}Z  {r.Actor}  {r.Kind}  {r.Format}  {r.Rows} rows{(r.Rho > 0 ? $"  ρ {r.Rho:0.####}" : "")}{(r.SeedChosen ? "  NOT PRIVATE" : "")}"));
            }
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<Guid>("id") { Description = "The release id." };
        var command = new Command("show", "Everything logged about one release.") { id };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var r = await services.GetRequiredService<ReleaseService>().FindAsync(parseResult.GetValue(id), cancellationToken);
            if (r is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: no release {parseResult.GetValue(id)}.");
                return 1;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                Release:    {r.Id}
                Created:    {r.CreatedAtUtc:yyyy-MM-dd HH:mm:ss}Z by {r.Actor}
                Kind:       {r.Kind} ({r.Format}, {r.Rows} rows)
                Parameters: {r.ParametersJson}
                Spent:      ρ = {r.Rho:0.######}{(r.RepeatOf is { } of ? $" (delivers release {of} again)" : "")}
                Private:    {(r.SeedChosen ? "no: the noise seed was chosen by the operator" : "yes")}
                Method:     {r.Method}
                """));
            return 0;
        }));
        return command;
    }

    private static Command Reproduce()
    {
        var id = new Argument<Guid>("id") { Description = "The release id." };
        var output = new Option<FileInfo?>("--output") { Description = "Also write the reproduced table here (CSV)." };
        var command = new Command("reproduce", "Re-run a release with its logged parameters and compare the output.") { id, output };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<ReleaseService>().ReproduceAsync(parseResult.GetValue(id), cancellationToken);
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: no release {parseResult.GetValue(id)}.");
                return 1;
            }
            if (parseResult.GetValue(output) is { } file)
            {
                await using var stream = file.Create();
                await ReleaseFormats.WriteAsync(result.Table, result.Release, "csv", stream, byteOrderMark: true, cancellationToken);
            }
            if (result.Identical)
            {
                Console.WriteLine($"Release {result.Release.Id} reproduced exactly.");
                return 0;
            }
            await Console.Error.WriteLineAsync(result.InputChanged
                ? $"Release {result.Release.Id} differs: the input data changed since it was published."
                : $"Release {result.Release.Id} differs although its input is unchanged: the producer is not deterministic.");
            return 1;
        }));
        return command;
    }

    private static Command Settings()
    {
        var threshold = new Option<int?>("--minimum-threshold") { Description = $"The disclosure floor: no release may suppress fewer counts than 1 … N-1 (0–{StatisticsSettings.MaxMinimumThreshold}, default {StatisticsSettings.DefaultMinimumThreshold})." };
        var rho = new Option<double?>("--budget-rho") { Description = $"The privacy budget per dataset and period, as zCDP ρ (0–{StatisticsSettings.MaxBudgetRho}, default {StatisticsSettings.DefaultBudgetRho})." };
        var months = new Option<int?>("--period-months") { Description = $"The budget period in months: {string.Join(", ", StatisticsSettings.PeriodChoices)} (12 = the calendar year, default)." };
        var command = new Command("settings", "Show (or, with options, change) the minimum suppression threshold and the privacy budget, with what each dataset has spent.") { threshold, rho, months };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var budget = services.GetRequiredService<PrivacyBudget>();
            var settings = parseResult.GetValue(threshold) is null && parseResult.GetValue(rho) is null && parseResult.GetValue(months) is null
                ? await budget.SettingsAsync(cancellationToken)
                : await budget.UpdateAsync(parseResult.GetValue(threshold), parseResult.GetValue(rho), parseResult.GetValue(months), cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Minimum threshold: {settings.MinimumThreshold}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Budget:            ρ = {settings.BudgetRho} per dataset every {settings.PeriodMonths} month(s)"));
            foreach (var dataset in PrivacyDatasets.All)
            {
                var status = await budget.StatusAsync(dataset, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{dataset,-18} {status.PeriodStartUtc:yyyy-MM-dd} to {status.PeriodEndUtc:yyyy-MM-dd}: spent ρ = {status.SpentRho:0.######}, remaining ρ = {status.RemainingRho:0.######}"));
            }
            return 0;
        }));
        return command;
    }
}
