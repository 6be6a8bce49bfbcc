using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_IdentificationDate_Id",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_List",
                table: "Cases",
                columns: new[] { "IdentificationDate", "Id", "OrganisationId", "Sex", "AgeGroup", "Status", "TraffickingStatus", "FormsKey", "CitizenshipsKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_List",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_IdentificationDate_Id",
                table: "Cases",
                columns: new[] { "IdentificationDate", "Id" });
        }
    }
}
