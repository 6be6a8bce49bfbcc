using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldEncryption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The plaintext columns GivenName, FamilyName, DateOfBirth (Persons) and Narrative (Cases) are left in
            // place on purpose: no migration can encrypt, because it has no key. LegacyPlaintextSealer seals their
            // values under the master keys right after migrating and then drops them (see Protection/).
            // Down cannot restore plaintext: it re-creates the columns empty.
            migrationBuilder.AddColumn<DateTime>(
                name: "IdentityErasedAtUtc",
                table: "Persons",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "DocumentIndex",
                table: "Persons",
                type: "BLOB",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "IdentityCiphertext",
                table: "Persons",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityErasureReason",
                table: "Persons",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "NameDobIndex",
                table: "Persons",
                type: "BLOB",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LegalHold",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte[]>(
                name: "NarrativeCiphertext",
                table: "Cases",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PersonKeys",
                columns: table => new
                {
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KekId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonKeys", x => x.PersonId);
                    table.ForeignKey(
                        name: "FK_PersonKeys_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_DocumentIndex",
                table: "Persons",
                column: "DocumentIndex");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_NameDobIndex",
                table: "Persons",
                column: "NameDobIndex");

            migrationBuilder.CreateIndex(
                name: "IX_PersonKeys_KekId",
                table: "PersonKeys",
                column: "KekId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonKeys");

            migrationBuilder.DropIndex(
                name: "IX_Persons_DocumentIndex",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_NameDobIndex",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "DocumentIndex",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "IdentityCiphertext",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "IdentityErasureReason",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "NameDobIndex",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "LegalHold",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NarrativeCiphertext",
                table: "Cases");
            migrationBuilder.DropColumn(
                name: "IdentityErasedAtUtc",
                table: "Persons");

            migrationBuilder.AddColumn<DateOnly>(
                name: "DateOfBirth",
                table: "Persons",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FamilyName",
                table: "Persons",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GivenName",
                table: "Persons",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Narrative",
                table: "Cases",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);
        }
    }
}
