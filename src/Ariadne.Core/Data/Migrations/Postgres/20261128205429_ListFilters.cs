using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_Sex",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Cases_AgeGroup",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_IdentificationDate",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Status",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_TraffickingStatus",
                table: "Cases");

            migrationBuilder.AddColumn<string>(
                name: "CitizenshipsKey",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "FormsKey",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Sex",
                table: "Cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Backfill the denormalised filter columns of existing cases (see Case.Sex, FormsKey, CitizenshipsKey).
            migrationBuilder.Sql("""
                UPDATE "Cases" c SET
                  "Sex" = p."Sex",
                  "FormsKey" = '|' || array_to_string(c."ExploitationForms", '|') || CASE WHEN cardinality(c."ExploitationForms") > 0 THEN '|' ELSE '' END,
                  "CitizenshipsKey" = '|' || array_to_string(p."Citizenships", '|') || CASE WHEN cardinality(p."Citizenships") > 0 THEN '|' ELSE '' END
                FROM "Persons" p WHERE p."Id" = c."PersonId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_IdentificationDate_Id",
                table: "Cases",
                columns: new[] { "IdentificationDate", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_IdentificationDate_Id",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CitizenshipsKey",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "FormsKey",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Sex",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_Sex",
                table: "Persons",
                column: "Sex");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AgeGroup",
                table: "Cases",
                column: "AgeGroup");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_IdentificationDate",
                table: "Cases",
                column: "IdentificationDate");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status",
                table: "Cases",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_TraffickingStatus",
                table: "Cases",
                column: "TraffickingStatus");
        }
    }
}
