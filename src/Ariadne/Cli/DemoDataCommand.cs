using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ariadne.Core.DemoData;
using Ariadne.Core.ImportExport;
using Spectre.Console;

namespace Ariadne.Cli;

/// <summary><c>ariadne demo-data --cases N --seed S [--append]</c>: fills a database with synthetic demo cases and users.</summary>
public static class DemoDataCommand
{
    public const int DefaultSeed = 42;
    public const int MaxCases = 1_000_000;

    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "Number of demo cases to generate.", DefaultValueFactory = _ => 3000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed gives the same cases.", DefaultValueFactory = _ => DefaultSeed };
        var append = new Option<bool>("--append") { Description = "Add demo cases even though the database already holds cases." };
        var command = new Command("demo-data", "Fill the database with synthetic demo cases and one demo user per role (fixed, published passwords).")
        {
            cases, seed, append,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var count = parseResult.GetValue(cases);
            if (count is < 0 or > MaxCases)
            {
                throw new ArgumentException($"--cases must be between 0 and {MaxCases.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
            var database = session.Database;
            var services = await session.OpenAsync();
            var existing = await services.GetRequiredService<DemoDataState>().CaseCountAsync(cancellationToken);
            if (existing > 0 && !parseResult.GetValue(append))
            {
                throw new InvalidOperationException(
                    $"{database.Describe()} already holds {existing.ToString(CultureInfo.InvariantCulture)} cases; demo data goes into an empty database (or pass --append).");
            }

            var seeder = services.GetRequiredService<DemoDataSeeder>();
            var stopwatch = Stopwatch.StartNew();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Demo cases", maxValue: Math.Max(count, 1));
                    await seeder.SeedCasesAsync(count, parseResult.GetValue(seed), new InlineProgress<int>(n => task.Value = n), cancellationToken);
                    task.Value = task.MaxValue;
                });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count:N0} demo cases (seed {parseResult.GetValue(seed)}) written to {database.Describe()} in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
            PrintUsers();
            return 0;
        }));
        return command;
    }

    /// <summary>Prints the demo users and their (published) passwords, one per line.</summary>
    internal static void PrintUsers()
    {
        Console.WriteLine("Demo users (user name / password / role / organisation):");
        foreach (var user in DemoOrganisations.Users.Concat(DemoLinkageSeeder.Users))
        {
            Console.WriteLine($"  {user.UserName} / {user.Password} / {user.Role} / {user.Organisation.Name}");
        }
    }
}
