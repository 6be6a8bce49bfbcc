using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ctdc : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CtdcRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceRow = table.Column<int>(type: "INTEGER", nullable: false),
                    YearOfRegistration = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Datasource = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AgeBroad = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Citizenship = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CountryOfExploitation = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TypeOfExploit = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ValuesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CtdcRecords", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CtdcRecords");
        }
    }
}
