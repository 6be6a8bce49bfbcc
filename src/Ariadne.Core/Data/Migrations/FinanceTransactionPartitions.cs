using Microsoft.EntityFrameworkCore.Migrations;

namespace Ariadne.Core.Data.Migrations;

/// <summary>
/// The hand-written part of the PostgreSQL schema for financial transactions: <c>FinanceTransactions</c> is partitioned
/// by the dataset's number (<c>PARTITION BY LIST ("DatasetNumber")</c>), one partition per dataset, so that an import
/// loads its million rows into a fresh table without indexes or foreign-key checks and attaches it when complete
/// (<c>FinanceService.BulkInsertAsync</c>): a COPY into the indexed, constrained table took four times as long (each row
/// descended three B-trees and ran the foreign-key trigger), and dropping the indexes instead would lock every reader of
/// the table out for the length of the import. Attaching takes only a lock that readers do not wait for.
/// </summary>
/// <remarks>
/// EF Core does not model partitioning: the table, its key, indexes and foreign key are the ones the model makes (same
/// names and columns, taken from the table EF Core created), only partitioned. A regenerated (squashed) <c>Initial</c>
/// migration must call <see cref="Create"/> at the end of its <c>Up</c> (<c>scripts/squash-migrations.sh</c> adds it);
/// <c>FinanceTransactionPartitionTests</c> fails when it does not, or when the partitioned table no longer matches the
/// model. Rows written other than by the import (a test's seed, a repair by hand) land in the default partition, which
/// stays empty in normal use (attaching a dataset's partition checks that it holds none of that dataset's rows). SQLite has no partitions; there the import drops and rebuilds the secondary indexes in its own transaction
/// (SQLite's readers keep their snapshot meanwhile).
/// </remarks>
public static class FinanceTransactionPartitions
{
    public const string Table = "FinanceTransactions";

    /// <summary>The partition of a dataset's transactions.</summary>
    public static string Partition(int datasetNumber) => $"{Table}_{datasetNumber}";

    /// <summary>Whether the table is partitioned (as migrated); one made otherwise is filled directly.</summary>
    public const string IsPartitionedSql = $"SELECT relkind = 'p' FROM pg_class WHERE oid = '\"{Table}\"'::regclass";

    /// <summary>A dataset's table to fill: the columns only, no key, index or foreign key (they come with <see cref="AttachSql"/>).</summary>
    public static string CreateSql(int datasetNumber) => $"CREATE TABLE \"{Partition(datasetNumber)}\" (LIKE \"{Table}\" INCLUDING DEFAULTS)";

    /// <summary>Attaches a filled table as the dataset's partition: builds its key and indexes, checks the foreign key once.</summary>
    public static string AttachSql(int datasetNumber) => $"ALTER TABLE \"{Table}\" ATTACH PARTITION \"{Partition(datasetNumber)}\" FOR VALUES IN ({datasetNumber})";

    /// <summary>Drops a dataset's partition with its rows (deleting the dataset).</summary>
    public static string DropSql(int datasetNumber) => $"DROP TABLE IF EXISTS \"{Partition(datasetNumber)}\"";

    /// <summary>Replaces the table EF Core created by a partitioned one with the same columns, key, indexes and foreign key (PostgreSQL only).</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider != "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            return;
        }
        migrationBuilder.Sql("""
            ALTER TABLE "FinanceTransactions" RENAME TO "FinanceTransactions_unpartitioned";
            ALTER TABLE "FinanceTransactions_unpartitioned" RENAME CONSTRAINT "PK_FinanceTransactions" TO "PK_FinanceTransactions_unpartitioned";
            ALTER TABLE "FinanceTransactions_unpartitioned" RENAME CONSTRAINT "FK_FinanceTransactions_FinanceDatasets_DatasetNumber" TO "FK_FinanceTransactions_unpartitioned";
            CREATE TABLE "FinanceTransactions" (LIKE "FinanceTransactions_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("DatasetNumber");
            DROP TABLE "FinanceTransactions_unpartitioned";
            ALTER TABLE "FinanceTransactions" ADD CONSTRAINT "PK_FinanceTransactions" PRIMARY KEY ("DatasetNumber", "Seq");
            ALTER TABLE "FinanceTransactions" ADD CONSTRAINT "FK_FinanceTransactions_FinanceDatasets_DatasetNumber"
                FOREIGN KEY ("DatasetNumber") REFERENCES "FinanceDatasets" ("Number") ON DELETE CASCADE;
            CREATE INDEX "IX_FinanceTransactions_DatasetNumber_SourceIndex" ON "FinanceTransactions" ("DatasetNumber", "SourceIndex");
            CREATE INDEX "IX_FinanceTransactions_DatasetNumber_TargetIndex" ON "FinanceTransactions" ("DatasetNumber", "TargetIndex");
            CREATE TABLE "FinanceTransactions_default" PARTITION OF "FinanceTransactions" DEFAULT;
            """);
    }
}
