using Microsoft.EntityFrameworkCore.Migrations;

namespace Ariadne.Core.Data.Migrations;

/// <summary>
/// The hand-written part of the schema: triggers that make <c>AuditEntries</c> append-only in the database itself,
/// so that even a bug in Ariadne cannot rewrite history.
/// </summary>
/// <remarks>
/// EF Core does not model triggers, so a regenerated (squashed) <c>Initial</c> migration must call
/// <see cref="Create"/> at the end of its <c>Up</c> and <see cref="Drop"/> at the end of its <c>Down</c>
/// (<c>scripts/squash-migrations.sh</c> adds both); <c>AuditLogTests</c> and <c>MigrationRoundTripTests</c> fail when it does not.
/// </remarks>
public static class AuditLogTriggers
{
    /// <summary>Adds the append-only triggers for the provider <paramref name="migrationBuilder"/> targets.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The audit log is append-only: % is not allowed on %.', TG_OP, TG_TABLE_NAME;
                END
                $$;
                CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
            return;
        }
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries"
            BEGIN
                SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE is not allowed on AuditEntries.');
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
            BEGIN
                SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed on AuditEntries.');
            END;
            """);
    }

    /// <summary>
    /// Removes what <see cref="Create"/> added and dropping the table leaves behind: on PostgreSQL the trigger function
    /// (the triggers go with the table; on SQLite there is nothing else).
    /// </summary>
    public static void Drop(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_append_only();");
        }
    }
}
