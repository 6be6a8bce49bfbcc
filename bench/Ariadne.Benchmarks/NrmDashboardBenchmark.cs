using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Benchmarks;

/// <summary>
/// <see cref="NrmReports.DashboardAsync"/> over 100,000 open cases in SQLite, all held by one organisation (the
/// worst case: a national coordinator), each with one open deadline spread from 60 days overdue to 120 days ahead.
/// Peer: the dashboard of an organisation with 1,000 open service-response deadlines on the same tables.
/// Target: median ≤ 100 ms.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class NrmDashboardBenchmark
{
    private const int Cases = 100_000;
    private static readonly Guid SmallOrganisation = Guid.Parse("0195f0c2-0000-7000-8000-00000000b0b0");

    private DatabaseOptions? _database;
    private AppDbContext? _db;
    private NrmReports? _service;
    private Guid _organisation;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var csv = BenchmarkData.WriteCsv(Cases);
        _database = BenchmarkData.NewSqliteDatabase("nrm");
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            var result = BenchmarkData.Importer(db).ImportAsync(csv, new CaseImportOptions(), null, CancellationToken.None).GetAwaiter().GetResult();
            if (result.Stored != Cases)
            {
                throw new InvalidOperationException($"Stored {result.Stored}: {result.Errors.FirstOrDefault()}");
            }
        }
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var cases = db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.OrganisationId }).ToList();
            _organisation = cases[0].OrganisationId;
            var random = new Random(BenchmarkData.Seed);
            var states = new[] { "referred", "recovery", "move-on", "cg-negative" };
            var now = BenchmarkData.Now.UtcDateTime;
            for (var i = 0; i < cases.Count; i++)
            {
                var state = states[i % states.Length];
                var due = now.AddMinutes(random.Next(-60 * 24 * 60, 120 * 24 * 60));
                db.Add(new NrmCase { CaseId = cases[i].Id, OrganisationId = _organisation, Jurisdiction = "generic", State = state, EnteredStateAtUtc = now.AddDays(-30) });
                db.Add(new NrmDeadline
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = cases[i].Id,
                    OrganisationId = _organisation,
                    Kind = state,
                    DueDate = DateOnly.FromDateTime(due),
                    DueAtUtc = due.Date.AddDays(1),
                });
                if (i % 100 == 0)
                {
                    db.Add(new NrmDeadline
                    {
                        Id = Guid.CreateVersion7(),
                        CaseId = cases[i].Id,
                        OrganisationId = SmallOrganisation,
                        Kind = "service-response",
                        DueDate = DateOnly.FromDateTime(due),
                        DueAtUtc = due.Date.AddDays(1),
                    });
                }
                if (i % 10_000 == 9_999)
                {
                    db.SaveChanges();
                    db.ChangeTracker.Clear();
                }
            }
            db.SaveChanges();
            db.Database.ExecuteSqlRaw("ANALYZE");
        }
        _db = DataServiceCollectionExtensions.CreateContext(_database);
        var time = new FixedTime(BenchmarkData.Now);
        _service = new NrmReports(_db, time);
        foreach (var organisation in new[] { _organisation, SmallOrganisation })
        {
            var dashboard = DashboardAsync(organisation).GetAwaiter().GetResult();
            Console.WriteLine($"// organisation {organisation}: {dashboard.Overdue} overdue, {dashboard.Due} due, {dashboard.Items.Count} listed");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _db?.Dispose();
        BenchmarkData.DeleteSqlite(_database);
    }

    [Benchmark(Baseline = true, Description = "Dashboard, 1,000 open deadlines (peer)")]
    public Task<NrmDashboard> Small() => DashboardAsync(SmallOrganisation);

    [Benchmark(Description = "Dashboard, 100,000 open cases")]
    public Task<NrmDashboard> Large() => DashboardAsync(_organisation);

    private async Task<NrmDashboard> DashboardAsync(Guid organisation) =>
        (await _service!.DashboardAsync(organisation, CaseViewer.LocalOperator, 50, CancellationToken.None)).Value!;
}
