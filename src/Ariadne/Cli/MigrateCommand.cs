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
            await SealLegacyPlaintextAsync(scope.ServiceProvider, cancellationToken);
            Console.WriteLine($"Database {database.Describe()} is up to date.");
            return 0;
        }));
        return command;
    }

    /// <summary>Seals what a database from before field encryption still holds in plaintext columns, and drops them.</summary>
    internal static async Task SealLegacyPlaintextAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var sealedRecords = await services.GetRequiredService<LegacyPlaintextSealer>().SealAsync(cancellationToken);
        if (sealedRecords > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Sealed the identifying data of {sealedRecords:N0} existing records under the master keys and removed the plaintext columns."));
        }
        var keyRing = await services.GetRequiredService<KeyRotation>().ProtectKeyRingAsync(cancellationToken);
        if (keyRing > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Encrypted {keyRing:N0} stored sign-in (Data Protection) keys under the active master key."));
        }
        var screenings = await services.GetRequiredService<Core.Screening.LegacyScreeningUpgrader>().UpgradeAsync(cancellationToken);
        if (screenings > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Stored the answers of {screenings:N0} existing screenings compactly, sealed their notes, and removed the plaintext column."));
        }
    }
}
