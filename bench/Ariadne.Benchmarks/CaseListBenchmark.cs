using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// <see cref="CaseService.ListAsync"/> over 100,000 synthetic cases in SQLite: filtered lists, first page and page 500
/// (page size 20, so 9,980 rows skipped), against the unfiltered first page as the peer. Target: median ≤ 50 ms.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class CaseListBenchmark
{
    private const int PageSize = 20;

    private static readonly CaseQuery SexAndForm = new() { Sex = "female", Form = "sexual-exploitation", PageSize = PageSize };

    private static readonly CaseQuery DatesAndAgeGroup = new()
    {
        IdentifiedFrom = new DateOnly(2021, 1, 1),
        IdentifiedTo = new DateOnly(2025, 12, 31),
        AgeGroup = AgeGroup.Adult,
        PageSize = PageSize,
    };

    private DatabaseOptions? _database;
    private AppDbContext? _db;
    private CaseService? _service;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var csv = BenchmarkData.WriteCsv(100_000);
        _database = BenchmarkData.NewSqliteDatabase("list");
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            var result = BenchmarkData.Importer(db).ImportAsync(csv, new CaseImportOptions(), null, CancellationToken.None).GetAwaiter().GetResult();
            if (result.Stored != 100_000)
            {
                throw new InvalidOperationException($"Stored {result.Stored}: {result.Errors.FirstOrDefault()}");
            }
        }
        _db = DataServiceCollectionExtensions.CreateContext(_database);
        var time = new FixedTime(BenchmarkData.Now);
        _service = new CaseService(_db, time, CodeListRegistry.Default, BenchmarkData.Vault, new Core.Audit.AuditLog(_database, time, new Core.Audit.LocalOperatorAuditContext(), BenchmarkData.Vault.Keys));
        foreach (var query in new[] { new CaseQuery { PageSize = PageSize }, SexAndForm, SexAndForm with { Page = 500 }, DatesAndAgeGroup, DatesAndAgeGroup with { Page = 500 } })
        {
            var page = _service.ListAsync(query, CaseViewer.LocalOperator, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"// {Describe(query)}: {page.TotalCount} matching, {page.Items.Count} on the page");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _db?.Dispose();
        BenchmarkData.DeleteSqlite(_database);
    }

    [Benchmark(Baseline = true, Description = "Unfiltered, page 1 (peer)")]
    public Task<PagedResult<CaseSummary>> Unfiltered() => ListAsync(new CaseQuery { PageSize = PageSize });

    [Benchmark(Description = "sex=female & form=sexual-exploitation, page 1")]
    public Task<PagedResult<CaseSummary>> SexAndFormFirstPage() => ListAsync(SexAndForm);

    [Benchmark(Description = "sex=female & form=sexual-exploitation, page 500")]
    public Task<PagedResult<CaseSummary>> SexAndFormPage500() => ListAsync(SexAndForm with { Page = 500 });

    [Benchmark(Description = "2021–2025 & ageGroup=adult, page 1")]
    public Task<PagedResult<CaseSummary>> DatesAndAgeGroupFirstPage() => ListAsync(DatesAndAgeGroup);

    [Benchmark(Description = "2021–2025 & ageGroup=adult, page 500")]
    public Task<PagedResult<CaseSummary>> DatesAndAgeGroupPage500() => ListAsync(DatesAndAgeGroup with { Page = 500 });

    private Task<PagedResult<CaseSummary>> ListAsync(CaseQuery query) => _service!.ListAsync(query, CaseViewer.LocalOperator, CancellationToken.None);

    private static string Describe(CaseQuery q) =>
        $"sex={q.Sex} form={q.Form} from={q.IdentifiedFrom} to={q.IdentifiedTo} ageGroup={q.AgeGroup} page={q.Page}";
}
