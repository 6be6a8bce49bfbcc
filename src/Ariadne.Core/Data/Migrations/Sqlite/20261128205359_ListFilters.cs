using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "FormsKey",
                table: "Cases",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Sex",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Backfill the denormalised filter columns of existing cases (see Case.Sex, FormsKey, CitizenshipsKey).
            migrationBuilder.Sql("""
                UPDATE "Cases" SET
                  "Sex" = (SELECT p."Sex" FROM "Persons" p WHERE p."Id" = "Cases"."PersonId"),
                  "FormsKey" = '|' || COALESCE((SELECT group_concat(value, '|') FROM json_each("Cases"."ExploitationForms")), '') ||
                    CASE WHEN json_array_length("Cases"."ExploitationForms") > 0 THEN '|' ELSE '' END,
                  "CitizenshipsKey" = '|' || COALESCE((SELECT group_concat(value, '|') FROM json_each(p2."Citizenships")), '') ||
                    CASE WHEN json_array_length(p2."Citizenships") > 0 THEN '|' ELSE '' END
                FROM "Persons" p2 WHERE p2."Id" = "Cases"."PersonId";
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
