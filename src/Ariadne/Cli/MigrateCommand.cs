using System.CommandLine;
using Ariadne.Core.Protection;

namespace Ariadne.Cli;

/// <summary><c>ariadne migrate</c>: brings the database schema up to date.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema.");
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            // The one command (with serve) that upgrades an existing database; the session creates or upgrades the schema.
            var services = await session.OpenAsync();
            await MasterKeyChecks.VerifyAsync(services, cancellationToken);
            await ProtectKeyRingAsync(services, cancellationToken);
            Console.WriteLine($"Database {session.Database.Describe()} is up to date.");
            return 0;
        }, SchemaUse.Upgrade));
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
