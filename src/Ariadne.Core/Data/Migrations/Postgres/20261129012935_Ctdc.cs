using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceRow = table.Column<int>(type: "integer", nullable: false),
                    YearOfRegistration = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Datasource = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Gender = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AgeBroad = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Citizenship = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CountryOfExploitation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TypeOfExploit = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ValuesJson = table.Column<string>(type: "text", nullable: false)
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
