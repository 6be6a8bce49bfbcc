using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ariadne.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ActorOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SubjectId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FromAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Details = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Mac = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "BackgroundJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Roles = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Input = table.Column<byte[]>(type: "bytea", nullable: false),
                    Progress = table.Column<double>(type: "double precision", nullable: false),
                    Stage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    ClaimedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ProblemJson = table.Column<string>(type: "text", nullable: true),
                    ResultPath = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Summary = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    OutputFileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    OutputContentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Output = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackgroundJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CommitmentFrameworks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TitleDe = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Source = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Cycle = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitmentFrameworks", x => x.Id);
                });

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

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Instrument = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InstrumentVersion = table.Column<int>(type: "integer", nullable: false),
                    Question = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Released = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackInvitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FinanceRuleLists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CurrentVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RetiredByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RetiredByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RetiredReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceRuleLists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FinanceRuleSettings",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "character varying(64000)", maxLength: 64000, nullable: false),
                    ChangedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceRuleSettings", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "FollowUpChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Event = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Changes = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GlotipStatistics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceRow = table.Column<int>(type: "integer", nullable: false),
                    Iso3 = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Country = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Region = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subregion = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Indicator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Dimension = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Sex = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Age = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Unit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: true),
                    SuppressedBelow = table.Column<int>(type: "integer", nullable: true),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GlotipStatistics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LinkageRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundTag = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Records = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ImportedClusters = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MasterKeyChecks",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CheckValue = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MasterKeyChecks", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Persons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sex = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    YearOfBirth = table.Column<int>(type: "integer", nullable: true),
                    Citizenships = table.Column<List<string>>(type: "text[]", nullable: false),
                    IdentityCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    NameDobIndex = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: true),
                    DocumentIndex = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: true),
                    IdentityErasedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    IdentityErasureReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ClusterKey = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Persons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyLedger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReleaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Dataset = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PeriodStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Rho = table.Column<double>(type: "double precision", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyLedger", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TitleDe = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Source = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Definition = table.Column<string>(type: "text", nullable: false),
                    Questions = table.Column<int>(type: "integer", nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningInstruments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstrumentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    InstalledByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    InstalledAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningInstruments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SdgDatasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Indicator = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Columns = table.Column<string>(type: "text", nullable: false),
                    NewLine = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ByteOrderMark = table.Column<bool>(type: "boolean", nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SdgDatasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsReleases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ParametersJson = table.Column<string>(type: "text", nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    InputFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OutputFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SeedKekId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    SealedSeed = table.Column<byte[]>(type: "bytea", nullable: true),
                    SeedChosen = table.Column<bool>(type: "boolean", nullable: false),
                    Rho = table.Column<double>(type: "double precision", nullable: false),
                    RepeatOf = table.Column<Guid>(type: "uuid", nullable: true),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsReleases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    MinimumThreshold = table.Column<int>(type: "integer", nullable: false),
                    BudgetRho = table.Column<double>(type: "double precision", nullable: false),
                    PeriodMonths = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TreatyStatusImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Instrument = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatyStatusImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommitmentItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FrameworkId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    TextSource = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    TextDeSource = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    TextDeOfficial = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    TitleDe = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    TextDe = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    TitlesAreSummaries = table.Column<bool>(type: "boolean", nullable: false),
                    Acceptance = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Themes = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitmentItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitmentItems_CommitmentFrameworks_FrameworkId",
                        column: x => x.FrameworkId,
                        principalTable: "CommitmentFrameworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FinanceRuleListVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Entries = table.Column<int>(type: "integer", nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    UploadedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceRuleListVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinanceRuleListVersions_FinanceRuleLists_ListId",
                        column: x => x.ListId,
                        principalTable: "FinanceRuleLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkagePseudonyms",
                columns: table => new
                {
                    RecordId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkagePseudonyms", x => x.RecordId);
                    table.ForeignKey(
                        name: "FK_LinkagePseudonyms_LinkageRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "LinkageRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    LastSignInAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DuplicateRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    LowerBound = table.Column<double>(type: "double precision", nullable: false),
                    Persons = table.Column<int>(type: "integer", nullable: false),
                    ComparedPairs = table.Column<long>(type: "bigint", nullable: false),
                    CertainPairs = table.Column<int>(type: "integer", nullable: false),
                    UncertainPairs = table.Column<int>(type: "integer", nullable: false),
                    SettledPairs = table.Column<int>(type: "integer", nullable: false),
                    MergedPairs = table.Column<int>(type: "integer", nullable: false),
                    PriorWeight = table.Column<double>(type: "double precision", nullable: false),
                    EmIterations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicateRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DuplicateRuns_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FinanceDatasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ImportedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Accounts = table.Column<int>(type: "integer", nullable: false),
                    Parties = table.Column<int>(type: "integer", nullable: false),
                    Transactions = table.Column<long>(type: "bigint", nullable: false),
                    Alerts = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AnalysedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    KekId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceDatasets", x => x.Id);
                    table.UniqueConstraint("AK_FinanceDatasets_Number", x => x.Number);
                    table.ForeignKey(
                        name: "FK_FinanceDatasets_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NrmServiceOffers",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Service = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: true)
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
                name: "OrganisationSigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    KekId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WrappedPrivateKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationSigningKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganisationSigningKeys_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AddedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerKeys_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PairId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClusterKey = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UndoneAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UndoneByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonMerges_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Section = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Question = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuestionnaireAssignments_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    CountryOfExploitation = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    AgeAtExploitationStart = table.Column<int>(type: "integer", nullable: true),
                    ExploitationForms = table.Column<List<string>>(type: "text[]", nullable: false),
                    MeansOfControl = table.Column<List<string>>(type: "text[]", nullable: false),
                    LabourTypes = table.Column<List<string>>(type: "text[]", nullable: false),
                    RecruitmentMethod = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RecruiterRelationship = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TraffickingStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusDecidedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdentificationDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DetectingOrganisationType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Transnationality = table.Column<int>(type: "integer", nullable: false),
                    AgeAtIdentification = table.Column<int>(type: "integer", nullable: true),
                    AgeGroup = table.Column<int>(type: "integer", nullable: false),
                    NarrativeCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    AssignedUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    LegalHold = table.Column<bool>(type: "boolean", nullable: false),
                    Sex = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FormsKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CitizenshipsKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Cases_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Cases_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonKeys",
                columns: table => new
                {
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    KekId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "QuestionnaireAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    QuestionnaireVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cycle = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Question = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Answer = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SubmittedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuestionnaireAnswers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuestionnaireAnswers_QuestionnaireVersions_QuestionnaireVer~",
                        column: x => x.QuestionnaireVersionId,
                        principalTable: "QuestionnaireVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SdgObservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Cells = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SdgObservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SdgObservations_SdgDatasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "SdgDatasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TreatyParticipations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Instrument = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Country = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Participant = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Reservations = table.Column<bool>(type: "boolean", nullable: false),
                    ReservationsText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Row = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatyParticipations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TreatyParticipations_TreatyStatusImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "TreatyStatusImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommitmentItemInstitutions",
                columns: table => new
                {
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitmentItemInstitutions", x => new { x.ItemId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_CommitmentItemInstitutions_CommitmentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "CommitmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CommitmentItemInstitutions_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommitmentLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    SecondItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitmentLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitmentLinks_CommitmentItems_FirstItemId",
                        column: x => x.FirstItemId,
                        principalTable: "CommitmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommitmentLinks_CommitmentItems_SecondItemId",
                        column: x => x.SecondItemId,
                        principalTable: "CommitmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanMeasures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    LeadOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    BudgetAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    BudgetCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    StartOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanMeasures_CommitmentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "CommitmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanMeasures_Organisations_LeadOrganisationId",
                        column: x => x.LeadOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FinanceRuleListEntries",
                columns: table => new
                {
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    IdentifierKind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    BlindIndex = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceRuleListEntries", x => new { x.VersionId, x.Line });
                    table.ForeignKey(
                        name: "FK_FinanceRuleListEntries_FinanceRuleListVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "FinanceRuleListVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonalAccessTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Identifier = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Scopes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastUsedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonalAccessTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonalAccessTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DuplicatePairs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeftPersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    RightPersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeftCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RightCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Probability = table.Column<double>(type: "double precision", nullable: false),
                    MatchWeight = table.Column<double>(type: "double precision", nullable: false),
                    Certain = table.Column<bool>(type: "boolean", nullable: false),
                    Waterfall = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DecidedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Automatic = table.Column<bool>(type: "boolean", nullable: false),
                    MergeId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicatePairs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_DuplicateRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "DuplicateRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Persons_LeftPersonId",
                        column: x => x.LeftPersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Persons_RightPersonId",
                        column: x => x.RightPersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceAccounts",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Bank = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Kind = table.Column<byte>(type: "smallint", nullable: false),
                    Country = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    BusinessType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OpeningHours = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Flagged = table.Column<bool>(type: "boolean", nullable: false),
                    Reasons = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceAccounts", x => new { x.DatasetId, x.Index });
                    table.ForeignKey(
                        name: "FK_FinanceAccounts_FinanceDatasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "FinanceDatasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Rule = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Typology = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    AccountIndexes = table.Column<string>(type: "text", nullable: false),
                    TransactionSeqs = table.Column<string>(type: "text", nullable: false),
                    ExplanationJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AssigneeUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssigneeName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Disposition = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SealedDispositionNote = table.Column<byte[]>(type: "bytea", nullable: true),
                    DisposedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DisposedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinanceAlerts_FinanceDatasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "FinanceDatasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceParties",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AccountIndex = table.Column<int>(type: "integer", nullable: false),
                    KekId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    IdentityCiphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    NameIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    PhoneIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    EmailIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    DocumentIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    AddressIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    BirthDateIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                    NameEncoding = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceParties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinanceParties_FinanceDatasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "FinanceDatasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceTicketPassengers",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    PassengerIndex = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceTicketPassengers", x => new { x.DatasetId, x.Seq });
                    table.ForeignKey(
                        name: "FK_FinanceTicketPassengers_FinanceDatasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "FinanceDatasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinanceTransactions",
                columns: table => new
                {
                    DatasetNumber = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    ExternalId = table.Column<long>(type: "bigint", nullable: false),
                    SourceIndex = table.Column<int>(type: "integer", nullable: false),
                    TargetIndex = table.Column<int>(type: "integer", nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<byte>(type: "smallint", nullable: false),
                    Branch = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MerchantCategory = table.Column<short>(type: "smallint", nullable: false),
                    Country = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Place = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Flags = table.Column<byte>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceTransactions", x => new { x.DatasetNumber, x.Seq });
                    table.ForeignKey(
                        name: "FK_FinanceTransactions_FinanceDatasets_DatasetNumber",
                        column: x => x.DatasetNumber,
                        principalTable: "FinanceDatasets",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonMergeMembers",
                columns: table => new
                {
                    MergeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    PreviousClusterKey = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMergeMembers", x => new { x.MergeId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_PersonMergeMembers_PersonMerges_MergeId",
                        column: x => x.MergeId,
                        principalTable: "PersonMerges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BestInterestDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GuardianInvolved = table.Column<bool>(type: "boolean", nullable: false),
                    GuardianType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ReasonsCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BestInterestDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BestInterestDecisions_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BestInterestDecisions_Organisations_RecipientOrganisationId",
                        column: x => x.RecipientOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    ContentCiphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    FileNameCiphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAttachments_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    NotedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TextCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseNotes_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseShares",
                columns: table => new
                {
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseShares", x => x.SourceId);
                    table.ForeignKey(
                        name: "FK_CaseShares_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseShares_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    TitleCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssigneeUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DoneAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DoneByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseTasks_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecipientOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    GivenOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NoteCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WithdrawnOn = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawalNoteCiphertext = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consents_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Consents_Organisations_RecipientOrganisationId",
                        column: x => x.RecipientOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                    NoteCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
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
                    ReasonsCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
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
                    OffenceCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    ProceedingsReferenceCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    BasisCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
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
                    SharedNoteCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    RequestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RespondedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReasonCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    OverrideReasonCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    OverriddenByUserId = table.Column<Guid>(type: "uuid", nullable: true)
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
                name: "Perpetrators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sex = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Citizenship = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Perpetrators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Perpetrators_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedReferralPackages",
                columns: table => new
                {
                    PackageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivingOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SendingOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SenderCaseReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    SignedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Package = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedReferralPackages", x => x.PackageId);
                    table.ForeignKey(
                        name: "FK_ReceivedReferralPackages_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevealGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevealGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevealGrants_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Screenings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstrumentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    InstrumentVersion = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    List = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Form = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AgeAtStart = table.Column<int>(type: "integer", nullable: true),
                    AgeUncertain = table.Column<bool>(type: "boolean", nullable: false),
                    ReasonsToBelieveChild = table.Column<bool>(type: "boolean", nullable: false),
                    Answers = table.Column<byte[]>(type: "bytea", nullable: false),
                    NotesCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    Age = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FormsKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Unverified = table.Column<bool>(type: "boolean", nullable: false),
                    ScreenedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ScreenedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "Indicators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    MeasureId = table.Column<Guid>(type: "uuid", nullable: true),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TitleDe = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Definition = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    DefinitionDe = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Dimensions = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    BaselineValue = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    BaselineOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BaselineSource = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    DataSource = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Method = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Query = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    QueryParameters = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Indicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Indicators_CommitmentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "CommitmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Indicators_PlanMeasures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "PlanMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureEvidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeasureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    PublicTitle = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureEvidence_PlanMeasures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "PlanMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanMeasurePartners",
                columns: table => new
                {
                    MeasureId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanMeasurePartners", x => new { x.MeasureId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_PlanMeasurePartners_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanMeasurePartners_PlanMeasures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "PlanMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgressReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeasureId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Progress = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgressReports_PlanMeasures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "PlanMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseAssets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DescriptionCiphertext = table.Column<byte[]>(type: "bytea", nullable: true),
                    EstimatedValue = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    HolderReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AlertId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAssets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAssets_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseAssets_FinanceAlerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "FinanceAlerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "FinanceAlertCases",
                columns: table => new
                {
                    AlertId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    LinkedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LinkedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinanceAlertCases", x => new { x.AlertId, x.CaseId });
                    table.ForeignKey(
                        name: "FK_FinanceAlertCases_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FinanceAlertCases_FinanceAlerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "FinanceAlerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.CreateTable(
                name: "IndicatorTargets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IndicatorTargets_Indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IndicatorValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Cell = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Display = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EnteredByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnteredBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    EvidenceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EvidenceNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Query = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Parameters = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DataTimeUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReleaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IndicatorValues_Indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseAssetSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Authority = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LegalReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAssetSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAssetSteps_CaseAssets_AssetId",
                        column: x => x.AssetId,
                        principalTable: "CaseAssets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_AtUtc",
                table: "AuditEntries",
                columns: new[] { "Action", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_AtUtc",
                table: "AuditEntries",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_SubjectId",
                table: "AuditEntries",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_ActorUserId_CreatedAtUtc",
                table: "BackgroundJobs",
                columns: new[] { "ActorUserId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_State_CreatedAtUtc",
                table: "BackgroundJobs",
                columns: new[] { "State", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BestInterestDecisions_CaseId",
                table: "BestInterestDecisions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_BestInterestDecisions_RecipientOrganisationId",
                table: "BestInterestDecisions",
                column: "RecipientOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseAssets_AlertId",
                table: "CaseAssets",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseAssets_CaseId",
                table: "CaseAssets",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseAssetSteps_AssetId_Index",
                table: "CaseAssetSteps",
                columns: new[] { "AssetId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseAttachments_CaseId_CreatedAtUtc",
                table: "CaseAttachments",
                columns: new[] { "CaseId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_CaseId_NotedOn",
                table: "CaseNotes",
                columns: new[] { "CaseId", "NotedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AssignedUserId",
                table: "Cases",
                column: "AssignedUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CaseCode",
                table: "Cases",
                column: "CaseCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CountryOfExploitation",
                table: "Cases",
                column: "CountryOfExploitation");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_List",
                table: "Cases",
                columns: new[] { "IdentificationDate", "Id", "OrganisationId", "Sex", "AgeGroup", "Status", "TraffickingStatus", "FormsKey", "CitizenshipsKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OrganisationId_IdentificationDate",
                table: "Cases",
                columns: new[] { "OrganisationId", "IdentificationDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonId",
                table: "Cases",
                column: "PersonId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseShares_CaseId",
                table: "CaseShares",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseShares_OrganisationId_CaseId",
                table: "CaseShares",
                columns: new[] { "OrganisationId", "CaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_AssigneeUserId_DoneAtUtc_DueOn",
                table: "CaseTasks",
                columns: new[] { "AssigneeUserId", "DoneAtUtc", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_CaseId_DueOn",
                table: "CaseTasks",
                columns: new[] { "CaseId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentFrameworks_Code",
                table: "CommitmentFrameworks",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentItemInstitutions_OrganisationId",
                table: "CommitmentItemInstitutions",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentItems_FrameworkId_Number",
                table: "CommitmentItems",
                columns: new[] { "FrameworkId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentLinks_FirstItemId_SecondItemId",
                table: "CommitmentLinks",
                columns: new[] { "FirstItemId", "SecondItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommitmentLinks_SecondItemId",
                table: "CommitmentLinks",
                column: "SecondItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Consents_CaseId_Purpose",
                table: "Consents",
                columns: new[] { "CaseId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_Consents_RecipientOrganisationId",
                table: "Consents",
                column: "RecipientOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_LeftPersonId_RightPersonId",
                table: "DuplicatePairs",
                columns: new[] { "LeftPersonId", "RightPersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_OrganisationId_Status_Probability",
                table: "DuplicatePairs",
                columns: new[] { "OrganisationId", "Status", "Probability" });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_RightPersonId",
                table: "DuplicatePairs",
                column: "RightPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_RunId",
                table: "DuplicatePairs",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateRuns_OrganisationId_StartedAtUtc",
                table: "DuplicateRuns",
                columns: new[] { "OrganisationId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackAnswers_Released_Period",
                table: "FeedbackAnswers",
                columns: new[] { "Released", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackInvitations_CodeHash",
                table: "FeedbackInvitations",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAccounts_DatasetId_ExternalId",
                table: "FinanceAccounts",
                columns: new[] { "DatasetId", "ExternalId" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAccounts_DatasetId_Score",
                table: "FinanceAccounts",
                columns: new[] { "DatasetId", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAlertCases_CaseId",
                table: "FinanceAlertCases",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAlerts_AssigneeUserId",
                table: "FinanceAlerts",
                column: "AssigneeUserId");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAlerts_DatasetId_Status",
                table: "FinanceAlerts",
                columns: new[] { "DatasetId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceAlerts_Status_Rule",
                table: "FinanceAlerts",
                columns: new[] { "Status", "Rule" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceDatasets_OrganisationId",
                table: "FinanceDatasets",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceParties_AddressIndex",
                table: "FinanceParties",
                column: "AddressIndex");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceParties_DatasetId_AccountIndex",
                table: "FinanceParties",
                columns: new[] { "DatasetId", "AccountIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceParties_DocumentIndex",
                table: "FinanceParties",
                column: "DocumentIndex");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceParties_EmailIndex",
                table: "FinanceParties",
                column: "EmailIndex");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceParties_PhoneIndex",
                table: "FinanceParties",
                column: "PhoneIndex");

            migrationBuilder.CreateIndex(
                name: "IX_FinanceRuleLists_Name",
                table: "FinanceRuleLists",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FinanceRuleListVersions_ListId_Version",
                table: "FinanceRuleListVersions",
                columns: new[] { "ListId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FinanceTransactions_DatasetNumber_SourceIndex",
                table: "FinanceTransactions",
                columns: new[] { "DatasetNumber", "SourceIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_FinanceTransactions_DatasetNumber_TargetIndex",
                table: "FinanceTransactions",
                columns: new[] { "DatasetNumber", "TargetIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpChanges_SubjectType_SubjectId_Version",
                table: "FollowUpChanges",
                columns: new[] { "SubjectType", "SubjectId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_GlotipStatistics_Indicator_Year",
                table: "GlotipStatistics",
                columns: new[] { "Indicator", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Indicators_Code",
                table: "Indicators",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Indicators_ItemId",
                table: "Indicators",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Indicators_MeasureId",
                table: "Indicators",
                column: "MeasureId");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorTargets_IndicatorId",
                table: "IndicatorTargets",
                column: "IndicatorId");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValues_IndicatorId_PeriodStart_PeriodEnd",
                table: "IndicatorValues",
                columns: new[] { "IndicatorId", "PeriodStart", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValues_State",
                table: "IndicatorValues",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_LinkagePseudonyms_RunId",
                table: "LinkagePseudonyms",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageRuns_OrganisationId_CreatedAtUtc",
                table: "LinkageRuns",
                columns: new[] { "OrganisationId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureEvidence_MeasureId",
                table: "MeasureEvidence",
                column: "MeasureId");

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
                columns: new[] { "OrganisationId", "DueAtUtc", "IsOpen" },
                filter: "\"IsOpen\"");

            migrationBuilder.CreateIndex(
                name: "IX_NrmDeadlines_ServiceReferralId",
                table: "NrmDeadlines",
                column: "ServiceReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_NrmEvents_CaseId_AtUtc_Transition",
                table: "NrmEvents",
                columns: new[] { "CaseId", "AtUtc", "Transition" });

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

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Name",
                table: "Organisations",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationSigningKeys_KekId",
                table: "OrganisationSigningKeys",
                column: "KekId");

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationSigningKeys_KeyId",
                table: "OrganisationSigningKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationSigningKeys_OrganisationId",
                table: "OrganisationSigningKeys",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerKeys_KeyId",
                table: "PartnerKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerKeys_OrganisationId",
                table: "PartnerKeys",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Perpetrators_CaseId",
                table: "Perpetrators",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonalAccessTokens_Identifier",
                table: "PersonalAccessTokens",
                column: "Identifier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonalAccessTokens_UserId",
                table: "PersonalAccessTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonKeys_KekId",
                table: "PersonKeys",
                column: "KekId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMergeMembers_PersonId",
                table: "PersonMergeMembers",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_OrganisationId_AtUtc",
                table: "PersonMerges",
                columns: new[] { "OrganisationId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_ClusterKey_Id",
                table: "Persons",
                columns: new[] { "ClusterKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_DocumentIndex",
                table: "Persons",
                column: "DocumentIndex");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_NameDobIndex",
                table: "Persons",
                column: "NameDobIndex");

            migrationBuilder.CreateIndex(
                name: "IX_PlanMeasurePartners_OrganisationId",
                table: "PlanMeasurePartners",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanMeasures_DueOn",
                table: "PlanMeasures",
                column: "DueOn");

            migrationBuilder.CreateIndex(
                name: "IX_PlanMeasures_ItemId",
                table: "PlanMeasures",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanMeasures_LeadOrganisationId_DueOn",
                table: "PlanMeasures",
                columns: new[] { "LeadOrganisationId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyLedger_Dataset_PeriodStartUtc",
                table: "PrivacyLedger",
                columns: new[] { "Dataset", "PeriodStartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyLedger_ReleaseId",
                table: "PrivacyLedger",
                column: "ReleaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReports_MeasureId_SubmittedAtUtc",
                table: "ProgressReports",
                columns: new[] { "MeasureId", "SubmittedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReports_State",
                table: "ProgressReports",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAnswers_Code_Cycle_Question_OrganisationId",
                table: "QuestionnaireAnswers",
                columns: new[] { "Code", "Cycle", "Question", "OrganisationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAnswers_OrganisationId",
                table: "QuestionnaireAnswers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAnswers_QuestionnaireVersionId",
                table: "QuestionnaireAnswers",
                column: "QuestionnaireVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAssignments_Code_OrganisationId",
                table: "QuestionnaireAssignments",
                columns: new[] { "Code", "OrganisationId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAssignments_OrganisationId",
                table: "QuestionnaireAssignments",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireVersions_Code_Version",
                table: "QuestionnaireVersions",
                columns: new[] { "Code", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedReferralPackages_CaseId",
                table: "ReceivedReferralPackages",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedReferralPackages_ReceivingOrganisationId",
                table: "ReceivedReferralPackages",
                column: "ReceivingOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RevealGrants_CaseId",
                table: "RevealGrants",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RevealGrants_UserId_CaseId_ExpiresAtUtc",
                table: "RevealGrants",
                columns: new[] { "UserId", "CaseId", "ExpiresAtUtc" });

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

            migrationBuilder.CreateIndex(
                name: "IX_SdgDatasets_Indicator",
                table: "SdgDatasets",
                column: "Indicator",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SdgObservations_DatasetId_Position",
                table: "SdgObservations",
                columns: new[] { "DatasetId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsReleases_CreatedAtUtc",
                table: "StatisticsReleases",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_TreatyParticipations_Country_Instrument",
                table: "TreatyParticipations",
                columns: new[] { "Country", "Instrument" });

            migrationBuilder.CreateIndex(
                name: "IX_TreatyParticipations_ImportId_Country",
                table: "TreatyParticipations",
                columns: new[] { "ImportId", "Country" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TreatyStatusImports_Instrument_ImportedAtUtc",
                table: "TreatyStatusImports",
                columns: new[] { "Instrument", "ImportedAtUtc" });

            AuditLogTriggers.Create(migrationBuilder);
            FinanceTransactionPartitions.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BackgroundJobs");

            migrationBuilder.DropTable(
                name: "BestInterestDecisions");

            migrationBuilder.DropTable(
                name: "CaseAssetSteps");

            migrationBuilder.DropTable(
                name: "CaseAttachments");

            migrationBuilder.DropTable(
                name: "CaseNotes");

            migrationBuilder.DropTable(
                name: "CaseShares");

            migrationBuilder.DropTable(
                name: "CaseTasks");

            migrationBuilder.DropTable(
                name: "CommitmentItemInstitutions");

            migrationBuilder.DropTable(
                name: "CommitmentLinks");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "CtdcRecords");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DuplicatePairs");

            migrationBuilder.DropTable(
                name: "FeedbackAnswers");

            migrationBuilder.DropTable(
                name: "FeedbackInvitations");

            migrationBuilder.DropTable(
                name: "FinanceAccounts");

            migrationBuilder.DropTable(
                name: "FinanceAlertCases");

            migrationBuilder.DropTable(
                name: "FinanceParties");

            migrationBuilder.DropTable(
                name: "FinanceRuleListEntries");

            migrationBuilder.DropTable(
                name: "FinanceRuleSettings");

            migrationBuilder.DropTable(
                name: "FinanceTicketPassengers");

            migrationBuilder.DropTable(
                name: "FinanceTransactions");

            migrationBuilder.DropTable(
                name: "FollowUpChanges");

            migrationBuilder.DropTable(
                name: "GlotipStatistics");

            migrationBuilder.DropTable(
                name: "IndicatorTargets");

            migrationBuilder.DropTable(
                name: "IndicatorValues");

            migrationBuilder.DropTable(
                name: "LinkagePseudonyms");

            migrationBuilder.DropTable(
                name: "MasterKeyChecks");

            migrationBuilder.DropTable(
                name: "MeasureEvidence");

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
                name: "OrganisationSigningKeys");

            migrationBuilder.DropTable(
                name: "PartnerKeys");

            migrationBuilder.DropTable(
                name: "Perpetrators");

            migrationBuilder.DropTable(
                name: "PersonalAccessTokens");

            migrationBuilder.DropTable(
                name: "PersonKeys");

            migrationBuilder.DropTable(
                name: "PersonMergeMembers");

            migrationBuilder.DropTable(
                name: "PlanMeasurePartners");

            migrationBuilder.DropTable(
                name: "PrivacyLedger");

            migrationBuilder.DropTable(
                name: "ProgressReports");

            migrationBuilder.DropTable(
                name: "QuestionnaireAnswers");

            migrationBuilder.DropTable(
                name: "QuestionnaireAssignments");

            migrationBuilder.DropTable(
                name: "ReceivedReferralPackages");

            migrationBuilder.DropTable(
                name: "RevealGrants");

            migrationBuilder.DropTable(
                name: "ScreeningInstruments");

            migrationBuilder.DropTable(
                name: "Screenings");

            migrationBuilder.DropTable(
                name: "SdgObservations");

            migrationBuilder.DropTable(
                name: "StatisticsReleases");

            migrationBuilder.DropTable(
                name: "StatisticsSettings");

            migrationBuilder.DropTable(
                name: "TreatyParticipations");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "CaseAssets");

            migrationBuilder.DropTable(
                name: "DuplicateRuns");

            migrationBuilder.DropTable(
                name: "FinanceRuleListVersions");

            migrationBuilder.DropTable(
                name: "Indicators");

            migrationBuilder.DropTable(
                name: "LinkageRuns");

            migrationBuilder.DropTable(
                name: "NrmServiceReferrals");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "PersonMerges");

            migrationBuilder.DropTable(
                name: "QuestionnaireVersions");

            migrationBuilder.DropTable(
                name: "SdgDatasets");

            migrationBuilder.DropTable(
                name: "TreatyStatusImports");

            migrationBuilder.DropTable(
                name: "FinanceAlerts");

            migrationBuilder.DropTable(
                name: "FinanceRuleLists");

            migrationBuilder.DropTable(
                name: "PlanMeasures");

            migrationBuilder.DropTable(
                name: "Cases");

            migrationBuilder.DropTable(
                name: "FinanceDatasets");

            migrationBuilder.DropTable(
                name: "CommitmentItems");

            migrationBuilder.DropTable(
                name: "Persons");

            migrationBuilder.DropTable(
                name: "Organisations");

            migrationBuilder.DropTable(
                name: "CommitmentFrameworks");

            AuditLogTriggers.Drop(migrationBuilder);
        }
    }
}
