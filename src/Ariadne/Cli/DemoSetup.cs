using System.Diagnostics;
using System.Globalization;
using Ariadne.Core.DemoData;

namespace Ariadne.Cli;

/// <summary>Seeds demo cases and demo users for <c>serve --demo</c>.</summary>
internal static class DemoSetup
{
    /// <summary>The fixed seed of <c>serve --demo</c>: every demo installation shows the same cases.</summary>
    public const int Seed = 42;

    /// <summary>
    /// Creates the demo organisations and users, and <paramref name="cases"/> demo cases when the database holds no case
    /// yet; then prints the demo users with their passwords.
    /// </summary>
    public static async Task EnsureAsync(IServiceProvider services, int cases, CancellationToken cancellationToken)
    {
        var seeder = services.GetRequiredService<DemoDataSeeder>();
        if (await services.GetRequiredService<DemoDataState>().AnyCaseAsync(cancellationToken))
        {
            await seeder.EnsureOrganisationsAndUsersAsync(cancellationToken);
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {cases:N0} demo cases (seed {Seed})…"));
            var stopwatch = Stopwatch.StartNew();
            await seeder.SeedCasesAsync(cases, Seed, null, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases:N0} demo cases written in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
        }
        Console.WriteLine("Demo users: " + string.Join(", ", DemoOrganisations.Users.Concat(DemoLinkageSeeder.Users).Select(u => $"{u.UserName} / {u.Password} ({u.Role})")));
    }
}
