using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// Imports a case file: reads and validates every row first, then stores the valid rows in one transaction.
/// With an invalid row and without <see cref="CaseImportOptions.SkipInvalid"/> nothing is stored; a database failure
/// part-way also stores nothing.
/// </summary>
public sealed class CaseImporter(AppDbContext db, TimeProvider time, CodeListRegistry codes, IdentityVault vault)
{
    /// <summary>The organisation created to own imported cases when the database has none.</summary>
    public const string DefaultOrganisationName = "Imported records";

    private const int EfBatchSize = 2000;

    public async Task<CaseImportResult> ImportAsync(string path, CaseImportOptions options, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var organisation = await ResolveOrganisationAsync(options.Organisation, cancellationToken);
        var taken = (await db.Cases.AsNoTracking().Select(c => c.CaseCode).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        var content = new CaseFileReader(codes, today).Read(path, taken,
            progress is null ? null : new InlineProgress<double>(share => progress.Report(new(ImportPhase.Reading, (long)(share * 100), 100))));
        var errors = content.Errors.ToList();
        if (content.FileErrors.Count > 0 || (errors.Count > 0 && !options.SkipInvalid))
        {
            return new(CaseImportOutcome.Invalid, 0, content.Rejected.Count, errors, null, organisation?.Name);
        }

        string? rejectsFile = null;
        if (content.Rejected.Count > 0)
        {
            rejectsFile = RejectsPath(path);
            CaseRejectsWriter.Write(rejectsFile, content.Header, content.Rejected);
        }

        if (content.Valid.Count > 0)
        {
            organisation ??= await CreateDefaultOrganisationAsync(cancellationToken);
            var used = new HashSet<string>(taken, StringComparer.Ordinal);
            used.UnionWith(content.CaseCodes);
            var now = time.GetUtcNow().UtcDateTime;
            // Rows go in by identification date: the date indexes then grow at their end instead of everywhere.
            var cases = content.Valid.OrderBy(row => row.Input.IdentificationDate).Select(row =>
            {
                var entity = CaseService.NewCase(row.Input, organisation.Id, now, vault);
                if (entity.CaseCode.Length == 0)
                {
                    entity.CaseCode = FreeCaseCode(used);
                }
                return entity;
            });
            await InsertAsync(cases, content.Valid.Count, options.Method, progress, cancellationToken);
        }
        return new(CaseImportOutcome.Imported, content.Valid.Count, content.Rejected.Count, errors, rejectsFile, organisation?.Name);
    }

    /// <summary>The rejects file written next to <paramref name="path"/>: <c>FILE.rejected.csv</c>.</summary>
    public static string RejectsPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "", Path.GetFileNameWithoutExtension(path) + ".rejected.csv");

    /// <summary>Stores <paramref name="cases"/> (new, valid, with free case codes) in one transaction.</summary>
    internal async Task InsertAsync(IEnumerable<Case> cases, int count, CaseInsertMethod method, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var report = progress is null ? null : (Action<int>)(done => progress.Report(new(ImportPhase.Storing, done, count)));
        if (method == CaseInsertMethod.Bulk && db.Database.IsSqlite())
        {
            await CaseBulkInsert.SqliteAsync(db, cases, report, cancellationToken);
        }
        else if (method == CaseInsertMethod.Bulk && db.Database.IsNpgsql())
        {
            await CaseBulkInsert.PostgresAsync(db, cases, report, cancellationToken);
        }
        else
        {
            await InsertWithEntityFrameworkAsync(cases, report, cancellationToken);
        }
        report?.Invoke(count);
    }

    private async Task InsertWithEntityFrameworkAsync(IEnumerable<Case> cases, Action<int>? report, CancellationToken cancellationToken)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var done = 0;
            foreach (var batch in cases.Chunk(EfBatchSize))
            {
                db.Cases.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                done += batch.Length;
                report?.Invoke(done);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private async Task<Organisation?> ResolveOrganisationAsync(string? name, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == name.Trim(), cancellationToken)
                ?? throw new CaseImportException($"There is no organisation '{name.Trim()}'.");
        }
        var organisations = await db.Organisations.AsNoTracking().Take(2).ToListAsync(cancellationToken);
        return organisations.Count switch
        {
            0 => null,
            1 => organisations[0],
            _ => throw new CaseImportException("There are several organisations: name the one that owns the imported cases (--organisation)."),
        };
    }

    private async Task<Organisation> CreateDefaultOrganisationAsync(CancellationToken cancellationToken)
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = DefaultOrganisationName, Type = "other" };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(organisation).State = EntityState.Detached;
        return organisation;
    }

    private static string FreeCaseCode(HashSet<string> used)
    {
        while (true)
        {
            var code = CaseCodes.New();
            if (used.Add(code))
            {
                return code;
            }
        }
    }
}

/// <summary>How an import runs.</summary>
public sealed record CaseImportOptions
{
    /// <summary>Store the valid rows and write the rejected ones to <see cref="CaseImporter.RejectsPath"/>.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>The name of the organisation that owns the imported cases; required when several exist.</summary>
    public string? Organisation { get; init; }

    /// <summary>The write path; <see cref="CaseInsertMethod.Bulk"/> unless comparing (benchmarks, tests).</summary>
    public CaseInsertMethod Method { get; init; } = CaseInsertMethod.Bulk;
}

public enum CaseInsertMethod
{
    /// <summary>The provider's fast path: prepared statements on SQLite, binary COPY on PostgreSQL.</summary>
    Bulk,

    /// <summary>EF Core change tracking in batches; the reference the bulk path is checked against.</summary>
    EntityFramework,
}

public enum CaseImportOutcome
{
    /// <summary>The valid rows were stored (all rows, unless invalid ones were skipped).</summary>
    Imported,

    /// <summary>Nothing was stored because of invalid rows or an unusable file.</summary>
    Invalid,
}

public enum ImportPhase
{
    Reading,
    Storing,
}

/// <summary>Progress of an import: <paramref name="Done"/> of <paramref name="Total"/> units of the phase.</summary>
public readonly record struct ImportProgress(ImportPhase Phase, long Done, long Total);

/// <summary>The outcome of an import.</summary>
/// <param name="Outcome">Whether anything was stored.</param>
/// <param name="Stored">Cases stored.</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="Errors">Every error, in row order (file-level errors first).</param>
/// <param name="RejectsFile">The rejects file written, if any.</param>
/// <param name="Organisation">The owning organisation's name (null when nothing was stored and none was resolved).</param>
public sealed record CaseImportResult(
    CaseImportOutcome Outcome, int Stored, int Rejected, IReadOnlyList<ImportError> Errors, string? RejectsFile, string? Organisation);

/// <summary>An import that cannot start: the owning organisation is missing or ambiguous.</summary>
public sealed class CaseImportException(string message) : Exception(message);
