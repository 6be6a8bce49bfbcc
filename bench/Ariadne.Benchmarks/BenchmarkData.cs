using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Protection;
using BenchmarkDotNet.Jobs;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Benchmarks;

/// <summary>Synthetic inputs for the benchmarks: demo cases (fixed seed and date) written in the import layout.</summary>
internal static class BenchmarkData
{
    public const int Seed = 20261128;
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="count"/> demo cases as an import CSV (the export layout) and returns its path.</summary>
    public static string WriteCsv(int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-bench-{count}-{Seed}-names2.csv");
        if (File.Exists(path))
        {
            return path;
        }
        var generator = new DemoCaseGenerator(Seed, DateOnly.FromDateTime(Now.UtcDateTime), CodeListRegistry.Default);
        var partial = path + ".partial";
        using (var writer = CsvWriter.ToFile(partial))
        {
            writer.WriteHeader([.. CaseFileLayout.ExportColumns]);
            foreach (var input in generator.Generate(count))
            {
                var entity = CaseService.NewCase(input, Guid.Empty, Now.UtcDateTime, Vault);
                writer.WriteRecord(CaseFileLayout.ToCells(CaseDto.From(entity)));
            }
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// A new SQLite file holding the <paramref name="count"/> demo cases of <see cref="WriteCsv"/>, imported all or nothing
    /// (no row may be refused) into the importer's default organisation and analysed. The first call imports into a cached
    /// file beside the CSV; every call returns a fresh copy of it, so benchmarks may write.
    /// </summary>
    public static DatabaseOptions CopyOfImportedSqlite(int count, string name)
    {
        // Named after the schema (the last migration), so that a schema change imports anew.
        string schema;
        using (var probe = DataServiceCollectionExtensions.CreateContext(DatabaseOptions.Parse(Path.Combine(Path.GetTempPath(), "ariadne-bench-schema-probe.db"))))
        {
            schema = probe.Database.GetMigrations().Last().Split('_')[0];
        }
        var cached = Path.Combine(Path.GetTempPath(), $"ariadne-bench-{count}-{Seed}-names2-{schema}.db");
        if (!File.Exists(cached))
        {
            var csv = WriteCsv(count);
            var fresh = NewSqliteDatabase("import");
            using (var db = DataServiceCollectionExtensions.CreateContext(fresh))
            {
                var result = Importer(db).ImportAsync(csv, new CaseImportOptions(), null, CancellationToken.None).GetAwaiter().GetResult();
                if (result.Stored != count)
                {
                    throw new InvalidOperationException($"Stored {result.Stored} of {count}: {result.Errors.FirstOrDefault()}");
                }
                db.Database.ExecuteSqlRaw("ANALYZE");
                db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Copy(PathOf(fresh), cached + ".partial", overwrite: true);
            File.Move(cached + ".partial", cached, overwrite: true);
            DeleteSqlite(fresh);
        }
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-bench-{name}-{Guid.NewGuid():N}.db");
        File.Copy(cached, path);
        return DatabaseOptions.Parse(path);
    }

    private static string PathOf(DatabaseOptions options) => options.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal);

    /// <summary>A new, migrated SQLite file.</summary>
    public static DatabaseOptions NewSqliteDatabase(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-bench-{name}-{Guid.NewGuid():N}.db");
        var options = DatabaseOptions.Parse(path);
        using var db = DataServiceCollectionExtensions.CreateContext(options);
        DataServiceCollectionExtensions.MigrateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return options;
    }

    public static void DeleteSqlite(DatabaseOptions? options)
    {
        if (options is null)
        {
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var path = options.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    public static CaseImporter Importer(AppDbContext db) => new(db, new FixedTime(Now), CodeListRegistry.Default, Vault);

    /// <summary>
    /// A short in-process job for the request-path benchmarks (one launch, 2 warm-ups, 10 iterations): no generated
    /// project to build, and the set-up (a copy of the imported database, the web application) once per benchmark.
    /// </summary>
    public sealed class InProcessShort : BenchmarkDotNet.Configs.ManualConfig
    {
        public InProcessShort() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10)
            .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
    }

    /// <summary>A fixed, synthetic master key for benchmarks only (32 bytes 0x5A).</summary>
    public static IdentityVault Vault { get; } =
        new(MasterKeyRing.Parse("bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, MasterKeyRing.KeySize).ToArray()), "benchmark keys"));
}

/// <summary>A clock stopped at one instant, so that every run validates against the same "today".</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
