using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.DemoData;

public sealed class DemoDataSeederTests : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _services;

    public DemoDataSeederTests()
    {
        _connection.Open();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(_connection));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(CodeListRegistry.Default);
        services.AddAriadneUsers();
        services.AddSingleton<IAuditLog, RecordingAuditLog>();
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private DemoDataSeeder Seeder(IServiceProvider scope) => new(
        scope.GetRequiredService<AppDbContext>(), scope.GetRequiredService<AccountBootstrap>(),
        CodeListRegistry.Default, scope.GetRequiredService<TimeProvider>(), TestKeys.Vault());

    [Fact]
    public async Task SeedCasesAsync_300Cases_StoresThemWithUsersAndOrganisations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        var reported = new List<int>();

        await Seeder(scope.ServiceProvider).SeedCasesAsync(300, 1, new ListProgress(reported), ct);

        Assert.Equal(300, await db.Cases.CountAsync(ct));
        Assert.Equal(300, await db.Persons.CountAsync(ct));
        Assert.Equal([300], reported);
        Assert.Equal(DemoOrganisations.All.Count, await db.Organisations.CountAsync(ct));
        Assert.Equal(DemoOrganisations.Users.Count, await db.Users.CountAsync(ct));
        var owners = await db.Cases.Select(c => c.Organisation!.Name).Distinct().ToListAsync(ct);
        Assert.Contains(DemoOrganisations.Ngo.Name, owners);
        Assert.DoesNotContain(DemoOrganisations.Coordinator.Name, owners);
    }

    [Fact]
    public async Task SeedCasesAsync_LoadsTheGlotipFileOnce_SoThatCountryProfilesHaveFigures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);

        await Seeder(scope.ServiceProvider).SeedCasesAsync(5, 1, null, ct);
        var loaded = await db.Set<Ariadne.Core.ImportExport.Glotip.GlotipStatistic>().CountAsync(ct);
        var countries = await new Ariadne.Core.Statistics.GlotipStatistics(db).CountriesAsync(ct);
        await Seeder(scope.ServiceProvider).SeedCasesAsync(5, 2, null, ct);

        // The shipped file's 58,769 rows, with Germany among the countries; a second run leaves them as they are.
        Assert.Equal(58_769, loaded);
        Assert.Contains(countries, c => c.Iso3 == "DEU");
        Assert.Equal(loaded, await db.Set<Ariadne.Core.ImportExport.Glotip.GlotipStatistic>().CountAsync(ct));
    }

    [Fact]
    public async Task SeedCasesAsync_SameSeedTwice_AppendsWithFreshCaseCodes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(ct);
            await Seeder(scope.ServiceProvider).SeedCasesAsync(50, 3, null, ct);
        }
        await using (var scope = _services.CreateAsyncScope())
        {
            await Seeder(scope.ServiceProvider).SeedCasesAsync(50, 3, null, ct);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(100, await db.Cases.Select(c => c.CaseCode).Distinct().CountAsync(ct));
            Assert.Equal(DemoOrganisations.Users.Count, await db.Users.CountAsync(ct));
        }
    }

    [Fact]
    public async Task EnsureOrganisationsAndUsersAsync_DemoPassword_SignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(ct);
        await Seeder(scope.ServiceProvider).EnsureOrganisationsAndUsersAsync(ct);

        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        foreach (var demo in DemoOrganisations.Users)
        {
            Assert.True(demo.Password.Length >= UsersServiceCollectionExtensions.MinimumPasswordLength);
            var user = await users.FindByNameAsync(demo.UserName);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, demo.Password));
            Assert.True(await users.IsInRoleAsync(user, demo.Role));
        }
    }

    private sealed class ListProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
