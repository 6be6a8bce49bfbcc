using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NrmDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NrmDeadlines_Dashboard",
                table: "NrmDeadlines");

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_Dashboard",
                table: "NrmDeadlines",
                columns: new[] { "OrganisationId", "DueAtUtc", "IsOpen" },
                filter: "\"IsOpen\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NrmDeadlines_Dashboard",
                table: "NrmDeadlines");

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_Dashboard",
                table: "NrmDeadlines",
                columns: new[] { "OrganisationId", "IsOpen", "DueAtUtc" });
        }
    }
}
