using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Duplicates;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Statistics.Releases;
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

    /// <summary>The cases <see cref="DemoLinkageSeeder"/> writes: two per duplicate pair, one per agency that met a human.</summary>
    private static int LinkageDemoCases => DemoLinkageSeeder.Duplicates.Count * 2 + DemoLinkageSeeder.Population().Sum(h => h.MetBy.Count(m => m));

    /// <summary>The follow-up service as the local operator; the demo computes no indicator, so its releases have no producer.</summary>
    private static FollowUpService FollowUp(AppDbContext db, IAuditLog audit, TimeProvider time)
    {
        var context = new LocalOperatorAuditContext();
        return new(db, audit, context, time, new ReleaseService(db, time, audit, context, [], TestKeys.Default, new PrivacyBudget(db, time, audit, context)));
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
            new DemoCaseWorkSeeder(db, time, new CaseTextVault(db, vault, time)),
            new DemoFollowUpSeeder(db, FollowUp(db, audit, time), new Core.FollowUp.Questionnaires.QuestionnaireService(db, audit, new LocalOperatorAuditContext(), time), time),
            new DemoFinanceSeeder(db, new Core.Finance.FinanceService(db, vault, audit, new LocalOperatorAuditContext(), time),
                new Core.Finance.Assets.AssetLedgerService(db, new CaseTextVault(db, vault, time), audit, new LocalOperatorAuditContext(), time), vault));
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

        // The 300 generated cases, the one the partner abroad referred (DemoReferralSeeder's received package) and the linkage demo's.
        Assert.Equal(301 + LinkageDemoCases, await db.Cases.CountAsync(ct));
        Assert.Equal(301 + LinkageDemoCases, await db.Persons.CountAsync(ct));
        Assert.Equal([300], reported);
        // The demo organisations, the partner abroad that sent the received package, and the three linkage agencies.
        Assert.Equal(DemoOrganisations.All.Count + 1 + DemoLinkageSeeder.Organisations.Count, await db.Organisations.CountAsync(ct));
        Assert.Equal(DemoOrganisations.Users.Count + DemoLinkageSeeder.Users.Count, await db.Users.CountAsync(ct));
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
    public async Task SeedCasesAsync_FollowUp_DeclarationAndImportedPlanWithMeasuresReportsAndAnOverdueMeasure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);

        await Seeder(scope.ServiceProvider).SeedCasesAsync(40, 42, null, ct);
        await Seeder(scope.ServiceProvider).SeedCasesAsync(5, 43, null, ct);

        // The declaration (29 paragraphs) and the plan imported from the shipped CSV (5 items), once.
        var frameworks = await db.Set<CommitmentFramework>().AsNoTracking().Include(f => f.Items).ToListAsync(ct);
        Assert.Equal(2, frameworks.Count);
        Assert.Equal(29, frameworks.Single(f => f.Code == FollowUpService.DeclarationCode).Items.Count);
        var plan = frameworks.Single(f => f.Code == DemoFollowUpSeeder.PlanCode);
        Assert.Equal(FrameworkKind.NationalActionPlan, plan.Kind);
        Assert.Equal(5, plan.Items.Count);
        Assert.True(await db.Set<CommitmentItemInstitution>().CountAsync(ct) >= 5);
        var measures = await db.Set<PlanMeasure>().AsNoTracking().ToListAsync(ct);
        Assert.Equal(7, measures.Count);
        var names = await db.Organisations.ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Assert.Equal(5, measures.Select(m => names[m.LeadOrganisationId]).Distinct().Count());
        Assert.All(measures, m => Assert.Contains(names[m.LeadOrganisationId], DemoOrganisations.All.Select(o => o.Name)));

        // One report approved by the coordinator (the measure completed), one waiting; one measure overdue; one without a due date.
        var reports = await db.Set<ProgressReport>().AsNoTracking().ToListAsync(ct);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal("demo-caseworker", r.SubmittedBy));
        var approved = Assert.Single(reports, r => r.State == ProgressReportState.Approved);
        Assert.Equal("demo-coordinator", approved.DecidedBy);
        Assert.Equal(MeasureStatus.Completed, measures.Single(m => m.Id == approved.MeasureId).Status);
        Assert.Single(await db.Set<MeasureEvidence>().Where(e => e.MeasureId == approved.MeasureId).ToListAsync(ct));
        Assert.Null(measures.Single(m => m.Title == DemoFollowUpSeeder.UnassignedMeasure).DueOn);
        var coordinator = await db.Users.SingleAsync(u => u.UserName == "demo-coordinator", ct);
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var dashboard = (await FollowUp(db, scope.ServiceProvider.GetRequiredService<IAuditLog>(), time)
            .DashboardAsync(30, new CaseViewer(coordinator.Id, coordinator.OrganisationId, new HashSet<string> { Roles.Coordinator }), ct)).Unwrap();
        Assert.Equal(DemoFollowUpSeeder.OverdueMeasure, Assert.Single(dashboard.Overdue).Title);
        Assert.Equal(DemoFollowUpSeeder.AwaitingMeasure, Assert.Single(dashboard.AwaitingApproval).MeasureTitle);
        Assert.Equal(2, dashboard.DueSoon.Count);
        Assert.Contains(await db.Set<FollowUpChange>().AsNoTracking().ToListAsync(ct), c => c.Event == "approved" && c.ActorName == "demo-coordinator");

        // The results framework: a computed indicator left to compute, a reported one with one approved value (the public page's).
        var indicators = await db.Set<Indicator>().AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        Assert.Equal([DemoFollowUpSeeder.ComputedIndicator, DemoFollowUpSeeder.ReportedIndicator, DemoFollowUpSeeder.ProceedsIndicator],
            indicators.Select(i => i.Code).Order(StringComparer.Ordinal));
        var value = Assert.Single(await db.Set<IndicatorValue>().AsNoTracking().ToListAsync(ct));
        Assert.Equal((IndicatorValueState.Approved, "demo-caseworker", "demo-coordinator"), (value.State, value.EnteredBy, value.DecidedBy));
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
            // Twice 50 generated, and once the received package's case and the linkage demo's (written by the first run only).
            Assert.Equal(101 + LinkageDemoCases, await db.Cases.Select(c => c.CaseCode).Distinct().CountAsync(ct));
            Assert.Equal(DemoOrganisations.Users.Count + DemoLinkageSeeder.Users.Count, await db.Users.CountAsync(ct));
        }
    }

    /// <summary>
    /// The record-linkage demo: the coordinator's duplicate run over the demo NGO finds the pairs entered twice (certain
    /// where one detail differs, uncertain where more do) and never proposes the two different women as certain; the
    /// three linkage agencies' encodings, matched and imported, give each human of the population one key, with humans on
    /// all three lists, on two and on one, and the estimate of the undetected exists.
    /// </summary>
    [Fact]
    public async Task SeedCasesAsync_Linkage_DuplicatesInTheNgoAndOverlapsOfThreeAgencies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        await Seeder(scope.ServiceProvider).SeedCasesAsync(60, 42, null, ct);
        var casesAfterFirst = await db.Cases.CountAsync(ct);
        await Seeder(scope.ServiceProvider).SeedCasesAsync(0, 42, null, ct);
        Assert.Equal(casesAfterFirst, await db.Cases.CountAsync(ct));

        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var vault = TestKeys.Vault();
        var ngo = await db.Organisations.SingleAsync(o => o.Name == DemoOrganisations.Ngo.Name, ct);
        var duplicates = new DuplicateService(db, vault, audit, new LocalOperatorAuditContext(), time);
        var run = await duplicates.RunAsync(new(ngo.Id), CaseViewer.LocalOperator, null, ct);
        Assert.True(run.Succeeded, run.ToString());
        var pairs = await db.Set<Core.Duplicates.DuplicatePair>().AsNoTracking().Where(p => p.OrganisationId == ngo.Id).ToListAsync(ct);
        var names = new Dictionary<Guid, string>();
        foreach (var c in await db.Cases.Include(c => c.Person).ThenInclude(p => p.Key).Where(c => c.OrganisationId == ngo.Id).ToListAsync(ct))
        {
            CaseService.OpenIdentity(c, vault);
            names[c.Person.Id] = $"{c.Person.Identity?.GivenName} {c.Person.Identity?.FamilyName}";
        }
        foreach (var demo in DemoLinkageSeeder.Duplicates)
        {
            var found = pairs.Where(p => new[] { names[p.LeftPersonId], names[p.RightPersonId] }.Order().SequenceEqual(
                new[] { $"{demo.First.Given} {demo.First.Family}", $"{demo.Second.Given} {demo.Second.Family}" }.Order())).ToList();
            if (!demo.SamePerson)
            {
                Assert.DoesNotContain(found, p => p.Certain);
            }
            else
            {
                var pair = Assert.Single(found);
                Assert.True(demo.Certain == pair.Certain && pair.Probability >= DuplicateService.DefaultLowerBound,
                    $"{demo.Variation}: probability {pair.Probability:F3}");
            }
        }

        // Linkage: each agency's coordinator encodes, the operator matches, each imports.
        var linkage = new Core.Linkage.AgencyLinkage(db, vault, audit, time);
        var actor = new AuditActor(null, "linkage demo test", null);
        var secret = System.Text.Encoding.UTF8.GetBytes("synthetic-demo-secret-of-the-three-agencies");
        var agencies = new List<(string File, Guid Id)>();
        var uploads = new List<Core.Linkage.EncodingsUpload>();
        foreach (var (demo, i) in DemoLinkageSeeder.Organisations.Select((o, i) => (o, i)))
        {
            var id = (await db.Organisations.SingleAsync(o => o.Name == demo.Name, ct)).Id;
            using var output = new MemoryStream();
            var encoded = await linkage.EncodeAsync(id, [.. secret], output, actor, null, ct);
            Assert.True(encoded.Succeeded, encoded.ToString());
            agencies.Add(($"agency{i}", id));
            uploads.Add(new($"agency{i}.enc", output.ToArray()));
        }
        var matched = await new Core.Linkage.OperatorLinkage(audit).RunMatchAsync(uploads, 0.65, actor, null, ct);
        Assert.True(matched.Succeeded, matched.ToString());
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(matched.Value!.Zip));
        foreach (var (file, id) in agencies)
        {
            await using var stream = zip.GetEntry(file + ".csv")!.Open();
            var imported = await linkage.ImportClustersAsync(id, stream, file + ".csv", actor, ct);
            Assert.True(imported.Succeeded, imported.ToString());
        }
        var estimate = await new Core.Estimation.LinkageOverlap(db, audit).EstimateAsync(null, Core.Estimation.OverlapLists.Organisation,
            global::Ariadne.Analytics.Estimation.MseSelection.Stepwise, actor, null, ct);
        Assert.True(estimate.Succeeded, estimate.ToString());
        var counts = estimate.Value!.Counts;
        var population = DemoLinkageSeeder.Population();
        var lists = DemoLinkageSeeder.Organisations.Select(o => counts.Lists.ToList().IndexOf(o.Name)).ToArray();
        var truth = population.Where(h => h.MetBy.Any(m => m)).GroupBy(h => h.MetBy.Select((m, i) => m ? 1 << lists[i] : 0).Sum())
            .ToDictionary(g => g.Key, g => (long)g.Count());
        // Between 60 and 120 humans met, on every inclusion pattern (all three lists, each two, each one), and the
        // linkage finds nearly all of them (the typing errors, scripts and swapped dates cost a few links).
        Assert.InRange(truth.Values.Sum(), 60, 130);
        Assert.Equal(7, truth.Count);
        Assert.All(truth.Values, n => Assert.True(n >= 5, $"{n} humans on one pattern"));
        Assert.InRange(counts.Observed, truth.Values.Sum() * 0.9, truth.Values.Sum() * 1.1);
        Assert.Equal(7, counts.Counts.Count(x => x.Value > 0));
        var selected = estimate.Value.Result.Selected;
        Assert.NotNull(selected);
        Assert.True(selected.Estimate > counts.Observed && selected.Lower <= selected.Estimate && selected.Upper >= selected.Estimate, $"{selected}");
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
