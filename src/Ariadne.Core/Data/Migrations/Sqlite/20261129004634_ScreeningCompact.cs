using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScreeningCompact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The old request JSON holds plaintext notes, which a migration cannot seal (it has no key): keep it, nullable,
            // as LegacyAnswersJson until LegacyScreeningUpgrader has stored the answers compactly, sealed the notes and
            // dropped the column (ariadne migrate / serve run it right after the migrations).
            migrationBuilder.Sql("ALTER TABLE \"Screenings\" ADD COLUMN \"LegacyAnswersJson\" TEXT NULL;");
            migrationBuilder.Sql("UPDATE \"Screenings\" SET \"LegacyAnswersJson\" = \"AnswersJson\";");
            migrationBuilder.Sql("ALTER TABLE \"Screenings\" DROP COLUMN \"AnswersJson\";");

            migrationBuilder.AddColumn<string>(
                name: "Age",
                table: "Screenings",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "AgeAtStart",
                table: "Screenings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AgeUncertain",
                table: "Screenings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte[]>(
                name: "Answers",
                table: "Screenings",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<string>(
                name: "Form",
                table: "Screenings",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "FormsKey",
                table: "Screenings",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "NotesCiphertext",
                table: "Screenings",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReasonsToBelieveChild",
                table: "Screenings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Age",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "AgeAtStart",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "AgeUncertain",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "Answers",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "Form",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "FormsKey",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "NotesCiphertext",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "ReasonsToBelieveChild",
                table: "Screenings");

            migrationBuilder.AddColumn<string>(
                name: "AnswersJson",
                table: "Screenings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
