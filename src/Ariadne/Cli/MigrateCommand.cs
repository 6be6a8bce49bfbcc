using System.CommandLine;
using Ariadne.Core.Data;

namespace Ariadne.Cli;

/// <summary><c>ariadne migrate</c>: brings the database schema up to date.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema.");
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var database = CliOptions.ResolveDatabase(parseResult);
            await using var provider = CliHost.Build(database);
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            Console.WriteLine($"Database {database.Describe()} is up to date.");
            return 0;
        }));
        return command;
    }
}
