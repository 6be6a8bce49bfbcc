using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Screening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScreeningInstruments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstrumentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    InstalledByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InstalledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningInstruments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Screenings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstrumentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    InstrumentVersion = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    List = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Unverified = table.Column<bool>(type: "INTEGER", nullable: false),
                    ScreenedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ScreenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Screenings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Screenings_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningInstruments_InstrumentId_Version",
                table: "ScreeningInstruments",
                columns: new[] { "InstrumentId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_CaseId_ScreenedAtUtc",
                table: "Screenings",
                columns: new[] { "CaseId", "ScreenedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_Outcome",
                table: "Screenings",
                column: "Outcome");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScreeningInstruments");

            migrationBuilder.DropTable(
                name: "Screenings");
        }
    }
}
