using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Nrm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NrmCases",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Jurisdiction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EnteredStateAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PresumedChild = table.Column<bool>(type: "boolean", nullable: false),
                    GuardianAppointedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    GuardianOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmCases", x => x.CaseId);
                    table.ForeignKey(
                        name: "FK_NrmCases_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NrmCases_Organisations_GuardianOrganisationId",
                        column: x => x.GuardianOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NrmCooperation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmCooperation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmCooperation_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NrmEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Transition = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FromState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ToState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorRoles = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RequesterRole = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reasons = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    TraffickingStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmEvents_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NrmNonPunishment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Offence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProceedingsReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Basis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    FlaggedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FlaggedByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmNonPunishment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmNonPunishment_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NrmServiceOffers",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Service = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmServiceOffers", x => new { x.OrganisationId, x.Service });
                    table.ForeignKey(
                        name: "FK_NrmServiceOffers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NrmServiceReferrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Service = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FromOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ConsentGround = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SharedNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RequestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RespondedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmServiceReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmServiceReferrals_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NrmServiceReferrals_Organisations_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NrmServiceReferrals_Organisations_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NrmAssistance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Service = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ServiceReferralId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmAssistance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmAssistance_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NrmAssistance_NrmServiceReferrals_ServiceReferralId",
                        column: x => x.ServiceReferralId,
                        principalTable: "NrmServiceReferrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_NrmAssistance_Organisations_ProviderOrganisationId",
                        column: x => x.ProviderOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NrmDeadlines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IsOpen = table.Column<bool>(type: "boolean", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ServiceReferralId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NrmDeadlines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NrmDeadlines_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NrmDeadlines_NrmServiceReferrals_ServiceReferralId",
                        column: x => x.ServiceReferralId,
                        principalTable: "NrmServiceReferrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NrmAssistance_CaseId",
                table: "NrmAssistance",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmAssistance_ProviderOrganisationId",
                table: "NrmAssistance",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmAssistance_ServiceReferralId",
                table: "NrmAssistance",
                column: "ServiceReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmCases_GuardianOrganisationId",
                table: "NrmCases",
                column: "GuardianOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmCases_OrganisationId_State",
                table: "NrmCases",
                columns: new[] { "OrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_NrmCooperation_CaseId",
                table: "NrmCooperation",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_CaseId_IsOpen",
                table: "NrmDeadlines",
                columns: new[] { "CaseId", "IsOpen" });

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_Dashboard",
                table: "NrmDeadlines",
                columns: new[] { "OrganisationId", "IsOpen", "DueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_ServiceReferralId",
                table: "NrmDeadlines",
                column: "ServiceReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmEvents_CaseId_AtUtc",
                table: "NrmEvents",
                columns: new[] { "CaseId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_NrmNonPunishment_CaseId",
                table: "NrmNonPunishment",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmServiceReferrals_CaseId",
                table: "NrmServiceReferrals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmServiceReferrals_FromOrganisationId",
                table: "NrmServiceReferrals",
                column: "FromOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmServiceReferrals_ToOrganisationId_State",
                table: "NrmServiceReferrals",
                columns: new[] { "ToOrganisationId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NrmAssistance");

            migrationBuilder.DropTable(
                name: "NrmCases");

            migrationBuilder.DropTable(
                name: "NrmCooperation");

            migrationBuilder.DropTable(
                name: "NrmDeadlines");

            migrationBuilder.DropTable(
                name: "NrmEvents");

            migrationBuilder.DropTable(
                name: "NrmNonPunishment");

            migrationBuilder.DropTable(
                name: "NrmServiceOffers");

            migrationBuilder.DropTable(
                name: "NrmServiceReferrals");
        }
    }
}
