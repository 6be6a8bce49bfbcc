using System.CommandLine;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Web;

namespace Ariadne.Cli;

/// <summary><c>ariadne serve [--demo] [--urls …]</c>: runs the web UI and API.</summary>
public static class ServeCommand
{
    public const string DemoDatabase = "ariadne-demo.db";

    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = $"Start with generated demo cases and one demo user per role (default database: {DemoDatabase})." };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demoCases = new Option<int>("--demo-cases") { Description = "Number of demo cases to generate.", DefaultValueFactory = _ => 3000 };
        var command = new Command("serve", "Run the web UI and the REST API.") { demo, urls, demoCases };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var isDemo = parseResult.GetValue(demo);
            session.DefaultDatabase = isDemo ? DemoDatabase : DatabaseOptions.DefaultSqlitePath;
            var database = session.Database;
            var app = AriadneWebApp.Build([], database, b =>
            {
                b.WebHost.UseUrls(parseResult.GetValue(urls)!);
                if (isDemo)
                {
                    // The demo users have no authenticator app; a real installation keeps two-factor sign-in on.
                    b.Configuration["Security:RequireTwoFactor"] = "false";
                    // The demo shows the public transparency page (off by default in a real installation), labelled as demo data.
                    b.Configuration["FollowUp:PublicPage"] = "true";
                    b.Configuration["FollowUp:PublicPageIsDemo"] = "true";
                }
            });
            if (isDemo)
            {
                Console.WriteLine("Demo mode: two-factor sign-in is not enforced. Never use --demo with real cases.");
                Console.WriteLine("Demo mode: the public transparency page /Public is on and labelled as demo data.");
            }
            await PrepareAsync(app.Services, isDemo, parseResult.GetValue(demoCases), cancellationToken);
            Console.WriteLine($"Ariadne is serving {database.Describe()} at {parseResult.GetValue(urls)}");
            await app.RunAsync(cancellationToken);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Migrates, checks the master keys against the database, creates the first administrator (printing its one-time
    /// password once) and, in demo mode, the demo data. It runs in a scope of the web host's own container, not through
    /// <see cref="CliSession.OpenAsync"/>: the session would build a second host beside the one that serves.
    /// </summary>
    internal static async Task PrepareAsync(IServiceProvider services, bool demo, int demoCases, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        // Fails closed before touching the database when no master key is configured (PostgreSQL).
        var keys = scope.ServiceProvider.GetRequiredService<IKeyEncryptionKeyProvider>();
        Console.WriteLine($"Identity protection: {keys.KeyIds.Count} master key(s) configured, active key id '{keys.ActiveKeyId}'.");
        // serve, like migrate, upgrades an existing database (the other commands refuse an out-of-date one).
        await scope.ServiceProvider.GetRequiredService<SchemaState>().UpgradeAsync(cancellationToken);
        // Refuses a wrong or missing master key before anything is read or written, and stores new check values.
        await MasterKeyChecks.VerifyAsync(scope.ServiceProvider, cancellationToken);
        await MigrateCommand.ProtectKeyRingAsync(scope.ServiceProvider, cancellationToken);
        var bootstrap = scope.ServiceProvider.GetRequiredService<AccountBootstrap>();
        var password = await bootstrap.EnsureFirstAdministratorAsync(cancellationToken);
        if (password is not null)
        {
            Console.WriteLine($"First start: administrator 'admin' created. One-time password (shown once, change it at first sign-in): {password}");
        }
        if (demo)
        {
            await DemoSetup.EnsureAsync(scope.ServiceProvider, demoCases, cancellationToken);
        }
    }
}
