using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne releases list [--limit N]</c>, <c>releases show ID</c> and <c>releases reproduce ID [--output FILE]</c>:
/// the log of statistics releases. <c>reproduce</c> re-runs a release with its logged parameters and exits 0 when the
/// output is identical, 1 when it differs (and says whether the input data changed since).
/// </summary>
public static class ReleasesCommand
{
    public static Command Create()
    {
        var releases = new Command("releases", "Read the log of statistics releases and reproduce a release exactly.");
        releases.Subcommands.Add(List());
        releases.Subcommands.Add(Show());
        releases.Subcommands.Add(Reproduce());
        return releases;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many, most recent first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The most recent releases: id, time, who, kind, rows.") { limit };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            foreach (var r in await scope.ServiceProvider.GetRequiredService<ReleaseService>().ListAsync(parseResult.GetValue(limit), cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id}  {r.CreatedAtUtc:yyyy-MM-dd HH:mm:ss}Z  {r.Actor}  {r.Kind}  {r.Format}  {r.Rows} rows"));
            }
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<Guid>("id") { Description = "The release id." };
        var command = new Command("show", "Everything logged about one release.") { id };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var r = await scope.ServiceProvider.GetRequiredService<ReleaseService>().FindAsync(parseResult.GetValue(id), cancellationToken);
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
                Input:      {r.InputSha256}
                Output:     {r.OutputSha256}
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
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ReleaseService>().ReproduceAsync(parseResult.GetValue(id), cancellationToken);
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
                Console.WriteLine($"Release {result.Release.Id} reproduced exactly (output {result.Release.OutputSha256}).");
                return 0;
            }
            await Console.Error.WriteLineAsync(result.InputChanged
                ? $"Release {result.Release.Id} differs: the input data changed since it was published."
                : $"Release {result.Release.Id} differs although its input is unchanged: the producer is not deterministic.");
            return 1;
        }));
        return command;
    }
}
