using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// Provider-specific fast inserts of new cases, their persons and the persons' wrapped data keys, in one transaction.
/// Identifying fields arrive already sealed (<see cref="CaseService.NewCase"/>); nothing here sees plaintext. Values are written in the form
/// EF Core stores them (checked by a test that reads them back through EF): on SQLite, GUIDs as upper-case text,
/// dates as <c>yyyy-MM-dd</c>, instants as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, primitive collections as JSON arrays;
/// on PostgreSQL, native uuid, date, timestamptz and text[] columns.
/// </summary>
/// <remarks>Keep the column lists in step with <see cref="CaseConfiguration"/> when the model changes.</remarks>
internal static class CaseBulkInsert
{
    private static readonly BulkRows.Column<Person>[] PersonColumns =
    [
        new("Id", p => p.Id, NpgsqlDbType.Uuid),
        new("Sex", p => p.Sex, NpgsqlDbType.Varchar),
        new("YearOfBirth", p => p.YearOfBirth, NpgsqlDbType.Integer),
        new("Citizenships", p => p.Citizenships, NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("IdentityCiphertext", p => p.IdentityCiphertext, NpgsqlDbType.Bytea),
        new("NameDobIndex", p => p.NameDobIndex, NpgsqlDbType.Bytea),
        new("DocumentIndex", p => p.DocumentIndex, NpgsqlDbType.Bytea),
    ];

    private static readonly BulkRows.Column<PersonKey>[] PersonKeyColumns =
    [
        new("PersonId", k => k.PersonId, NpgsqlDbType.Uuid),
        new("KekId", k => k.KekId, NpgsqlDbType.Varchar),
        new("WrappedKey", k => k.WrappedKey, NpgsqlDbType.Bytea),
        new("CreatedAtUtc", k => k.CreatedAtUtc, NpgsqlDbType.TimestampTz),
    ];

    private static readonly BulkRows.Column<Case>[] CaseColumns =
    [
        new("Id", c => c.Id, NpgsqlDbType.Uuid),
        new("CaseCode", c => c.CaseCode, NpgsqlDbType.Varchar),
        new("OrganisationId", c => c.OrganisationId, NpgsqlDbType.Uuid),
        new("Status", c => c.Status, NpgsqlDbType.Varchar),
        new("PersonId", c => c.Person.Id, NpgsqlDbType.Uuid),
        new("CountryOfExploitation", c => c.Exploitation.CountryOfExploitation, NpgsqlDbType.Varchar),
        new("AgeAtExploitationStart", c => c.Exploitation.AgeAtStart, NpgsqlDbType.Integer),
        new("ExploitationForms", c => c.Exploitation.Forms, NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("MeansOfControl", c => c.Exploitation.MeansOfControl, NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("LabourTypes", c => c.Exploitation.LabourTypes, NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("RecruitmentMethod", c => c.Exploitation.RecruitmentMethod, NpgsqlDbType.Varchar),
        new("RecruiterRelationship", c => c.Exploitation.RecruiterRelationship, NpgsqlDbType.Varchar),
        new("TraffickingStatus", c => c.TraffickingStatus, NpgsqlDbType.Varchar),
        new("StatusDecidedBy", c => c.StatusDecidedBy, NpgsqlDbType.Varchar),
        new("IdentificationDate", c => c.IdentificationDate, NpgsqlDbType.Date),
        new("DetectingOrganisationType", c => c.DetectingOrganisationType, NpgsqlDbType.Varchar),
        new("Transnationality", c => (int)c.Transnationality, NpgsqlDbType.Integer),
        new("AgeAtIdentification", c => c.AgeAtIdentification, NpgsqlDbType.Integer),
        new("AgeGroup", c => (int)c.AgeGroup, NpgsqlDbType.Integer),
        new("NarrativeCiphertext", c => c.NarrativeCiphertext, NpgsqlDbType.Bytea),
        new("LegalHold", c => c.LegalHold, NpgsqlDbType.Boolean),
        new("CreatedAtUtc", c => c.CreatedAtUtc, NpgsqlDbType.TimestampTz),
        new("UpdatedAtUtc", c => c.UpdatedAtUtc, NpgsqlDbType.TimestampTz),
        new("Version", c => c.Version, NpgsqlDbType.Integer),
        new("Sex", c => c.Sex, NpgsqlDbType.Varchar),
        new("FormsKey", c => c.FormsKey, NpgsqlDbType.Varchar),
        new("CitizenshipsKey", c => c.CitizenshipsKey, NpgsqlDbType.Varchar),
    ];

    public static async Task SqliteAsync(AppDbContext db, IEnumerable<Case> cases, Action<int>? report, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            using var cache = BulkRows.SqliteLargeCache(connection);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var all = cases as IReadOnlyCollection<Case> ?? [.. cases];
            var rebuild = BulkRows.DropSecondaryIndexesForLargeImport(connection, all.Count, "Cases", "Cases", "Persons", "PersonKeys");
            // Persons first: the cases' foreign key points at them. Progress counts the cases' pass only.
            BulkRows.SqliteInsertAll(connection, "Persons", PersonColumns, all.Select(c => c.Person), null, cancellationToken);
            BulkRows.SqliteInsertAll(connection, "PersonKeys", PersonKeyColumns, all.Select(c => c.Person.Key).OfType<PersonKey>(), null, cancellationToken);
            BulkRows.SqliteInsertAll(connection, "Cases", CaseColumns, all, report, cancellationToken);
            // The index definitions are restored as they were; a duplicate case code fails the unique index here, and with
            // it the whole transaction.
            BulkRows.RestoreIndexes(connection, rebuild);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task PostgresAsync(AppDbContext db, IEnumerable<Case> cases, Action<int>? report, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var all = cases as IReadOnlyCollection<Case> ?? [.. cases];
            // Persons first: the cases' foreign key points at them. Progress counts the cases' pass only.
            await BulkRows.CopyAsync(connection, "Persons", PersonColumns, all.Select(c => c.Person), null, cancellationToken);
            await BulkRows.CopyAsync(connection, "PersonKeys", PersonKeyColumns, all.Select(c => c.Person.Key).OfType<PersonKey>(), null, cancellationToken);
            await BulkRows.CopyAsync(connection, "Cases", CaseColumns, all, report, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
