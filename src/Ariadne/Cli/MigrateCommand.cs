using System.CommandLine;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;

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
            await MasterKeyChecks.VerifyAsync(scope.ServiceProvider, cancellationToken);
            await ProtectKeyRingAsync(scope.ServiceProvider, cancellationToken);
            Console.WriteLine($"Database {database.Describe()} is up to date.");
            return 0;
        }));
        return command;
    }

    /// <summary>Encrypts sign-in (Data Protection) keys stored before they were sealed under the master keys.</summary>
    internal static async Task ProtectKeyRingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var keyRing = await services.GetRequiredService<KeyRotation>().ProtectKeyRingAsync(cancellationToken);
        if (keyRing > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Encrypted {keyRing:N0} stored sign-in (Data Protection) keys under the active master key."));
        }
    }
}
