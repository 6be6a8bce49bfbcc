using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
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

    private static DemoDataSeeder Seeder(IServiceProvider scope)
    {
        var db = scope.GetRequiredService<AppDbContext>();
        var time = scope.GetRequiredService<TimeProvider>();
        var audit = scope.GetRequiredService<IAuditLog>();
        var vault = TestKeys.Vault();
        var keys = new PartnerKeys(db, time, audit, vault, CodeListRegistry.Default);
        var referrals = new DemoReferralSeeder(db, time, new CaseTextVault(db, vault, time), Jurisdictions.Default, keys,
            new ReferralPackages(db, time, audit, vault, new CaseService(db, time, CodeListRegistry.Default, vault, audit), CodeListRegistry.Default, keys));
        return new(db, scope.GetRequiredService<AccountBootstrap>(), CodeListRegistry.Default, time, vault, referrals,
            new DemoCaseWorkSeeder(db, time, new CaseTextVault(db, vault, time)));
    }

    [Fact]
    public async Task SeedCasesAsync_300Cases_StoresThemWithUsersAndOrganisations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        var reported = new List<int>();

        await Seeder(scope.ServiceProvider).SeedCasesAsync(300, 1, new ListProgress(reported), ct);

        // The 300 generated cases and the one the partner abroad referred (DemoReferralSeeder's received package).
        Assert.Equal(301, await db.Cases.CountAsync(ct));
        Assert.Equal(301, await db.Persons.CountAsync(ct));
        Assert.Equal([300], reported);
        // The demo organisations and the partner abroad that sent the received package.
        Assert.Equal(DemoOrganisations.All.Count + 1, await db.Organisations.CountAsync(ct));
        Assert.Equal(DemoOrganisations.Users.Count, await db.Users.CountAsync(ct));
        var owners = await db.Cases.Select(c => c.Organisation!.Name).Distinct().ToListAsync(ct);
        Assert.Contains(DemoOrganisations.Ngo.Name, owners);
        Assert.DoesNotContain(DemoOrganisations.Coordinator.Name, owners);
    }

    /// <summary>
    /// The referral mechanism has something to show to every demo user: a case in every state of the generic
    /// mechanism, reasonable-grounds and recovery deadlines both due and overdue, the competent authority's queue,
    /// consents, a referral to a service waiting for the shelter and others with the services delivered, organisations
    /// offering services, and a partner abroad whose package was received.
    /// </summary>
    [Fact]
    public async Task SeedCasesAsync_ReferralMechanism_EveryStateDeadlinesDueAndOverdueServicesAndAPackageReceived()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);

        await Seeder(scope.ServiceProvider).SeedCasesAsync(120, 42, null, ct);

        var states = await db.Set<NrmCase>().Select(n => n.State).Distinct().ToListAsync(ct);
        Assert.Equal(Jurisdictions.Default.For("generic").Definition.States.Select(s => s.Id).Order(), states.Order());
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.Set<NrmDeadline>().Where(d => d.IsOpen && d.ServiceReferralId == null).ToListAsync(ct);
        Assert.Contains(open, d => d.Kind == "reasonable-grounds-target" && d.DueAtUtc < now);
        Assert.Contains(open, d => d.Kind == "reasonable-grounds-target" && d.DueAtUtc > now);
        Assert.Contains(open, d => d.Kind == "recovery" && d.DueAtUtc < now);
        Assert.Contains(open, d => d.Kind == "recovery" && d.DueAtUtc > now);

        var authorityOrganisation = await db.Organisations.SingleAsync(o => o.Name == DemoOrganisations.CompetentAuthority.Name, ct);
        var authority = new CaseViewer(Guid.NewGuid(), authorityOrganisation.Id, new HashSet<string> { Roles.CompetentAuthority });
        var lifecycle = new NrmLifecycleService(db, time, scope.ServiceProvider.GetRequiredService<IAuditLog>(), Jurisdictions.Default,
            new CaseTextVault(db, TestKeys.Vault(), time));
        var queue = (await lifecycle.DecisionQueueAsync(authority, ct)).Value!;
        Assert.Contains(queue, i => i.State == "referred" && i.Deadline?.Status == global::Ariadne.Analytics.Referral.DeadlineStatus.Overdue);
        Assert.Contains(queue, i => i.State == "recovery" && i.Deadline?.Status == global::Ariadne.Analytics.Referral.DeadlineStatus.Overdue);
        Assert.Contains(queue, i => i.State == "rg-reconsideration");

        var shelter = await db.Organisations.SingleAsync(o => o.Name == DemoOrganisations.Shelter.Name, ct);
        Assert.True(await db.Set<ServiceOffer>().AnyAsync(o => o.OrganisationId == shelter.Id, ct));
        Assert.Contains(ServiceReferralState.Requested, await db.Set<ServiceReferral>().Select(r => r.State).ToListAsync(ct));
        Assert.True(await db.Set<AssistanceDelivery>().AnyAsync(ct));
        Assert.True(await db.Set<Core.Consent.ConsentRecord>().AnyAsync(c => c.RecipientOrganisationId == authorityOrganisation.Id, ct));
        var received = Assert.Single(await db.Set<ReceivedReferralPackage>().ToListAsync(ct));
        Assert.Equal(DemoReferralSeeder.PartnerAbroad.Name, (await db.Organisations.SingleAsync(o => o.Id == received.SendingOrganisationId, ct)).Name);
    }

    [Fact]
    public async Task SeedCasesAsync_CaseWork_TasksDueOverdueAndDoneNotesAndAPdfOfTheDemoCaseWorker()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);

        await Seeder(scope.ServiceProvider).SeedCasesAsync(60, 42, null, ct);
        await Seeder(scope.ServiceProvider).SeedCasesAsync(5, 43, null, ct);

        var worker = await db.Users.SingleAsync(u => u.UserName == "demo-caseworker", ct);
        var today = DateOnly.FromDateTime(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var tasks = await db.Set<CaseTask>().AsNoTracking().ToListAsync(ct);
        Assert.All(tasks, t => Assert.Equal(worker.Id, t.AssigneeUserId));
        Assert.Contains(tasks, t => t.DoneAtUtc is null && t.DueOn < today);
        Assert.Contains(tasks, t => t.DoneAtUtc is null && t.DueOn >= today && t.DueOn <= today.AddDays(CaseWorkService.DueSoonDays));
        Assert.Contains(tasks, t => t.DoneAtUtc is not null);
        var caseIds = tasks.Select(t => t.CaseId).Distinct().ToList();
        Assert.True(caseIds.Count >= 3, $"tasks on {caseIds.Count} cases");
        Assert.All(await db.Cases.Where(c => caseIds.Contains(c.Id)).Select(c => c.AssignedUserId).ToListAsync(ct), a => Assert.Equal(worker.Id, a));
        Assert.True(await db.Set<CaseNote>().CountAsync(ct) >= 3);

        // Seeded once: the second run added no more; the one attachment is a valid PDF sealed under its case's key.
        Assert.Equal(tasks.Count, await db.Set<CaseTask>().CountAsync(ct));
        var attachment = await db.Set<Core.Attachments.CaseAttachment>().AsNoTracking().SingleAsync(ct);
        Assert.Equal(Core.Attachments.AttachmentKinds.Pdf, attachment.Kind);
        using var key = await new CaseTextVault(db, TestKeys.Vault(), scope.ServiceProvider.GetRequiredService<TimeProvider>()).ForPurposeAsync(attachment.CaseId, ct);
        var content = key!.OpenBytes(SealedText.CaseAttachment, attachment.Id, SealedText.Content, attachment.ContentCiphertext)!;
        Assert.Equal(Core.Attachments.AttachmentKinds.Pdf, Core.Attachments.AttachmentKinds.Detect(content));
        Assert.EndsWith("%%EOF\n", System.Text.Encoding.ASCII.GetString(content), StringComparison.Ordinal);
        Assert.Equal(attachment.SizeBytes, content.Length);
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
            // Twice 50 generated, and once the received package's case (the referral demo is written by the first run only).
            Assert.Equal(101, await db.Cases.Select(c => c.CaseCode).Distinct().CountAsync(ct));
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
