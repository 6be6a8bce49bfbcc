using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Data;

/// <summary>
/// The provider-neutral model. Each provider has its own context type and migration set
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>).
/// </summary>
/// <remarks>
/// Until the first installation must be upgraded in place, each provider has one migration, <c>Initial</c>: after a
/// model change run <c>scripts/squash-migrations.sh</c>, which regenerates both (see docs/architecture.md,
/// "Migrations", for when this rule ends and a migration per change begins).
/// </remarks>
public abstract class AppDbContext : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    protected AppDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Person> Persons => Set<Person>();

    /// <summary>Each person's data key, wrapped under a master key; see <see cref="Protection.IdentityVault"/>.</summary>
    public DbSet<PersonKey> PersonKeys => Set<PersonKey>();

    /// <summary>The check value of each master key id, so a wrong key is refused; see <see cref="Protection.MasterKeyChecks"/>.</summary>
    public DbSet<MasterKeyCheck> MasterKeyChecks => Set<MasterKeyCheck>();

    public DbSet<Perpetrator> Perpetrators => Set<Perpetrator>();

    /// <summary>Time-limited permissions to see one case's identifying fields, each given for an audited reason.</summary>
    public DbSet<RevealGrant> RevealGrants => Set<RevealGrant>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    /// <summary>The tamper-evident audit log: insert only (triggers refuse UPDATE and DELETE).</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>UNODC GLOTIP country-level statistics, kept apart from case records.</summary>
    public DbSet<ImportExport.Glotip.GlotipStatistic> GlotipStatistics => Set<ImportExport.Glotip.GlotipStatistic>();

    /// <summary>The log of every statistics release, with what is needed to reproduce it.</summary>
    public DbSet<Statistics.Releases.StatisticsRelease> StatisticsReleases => Set<Statistics.Releases.StatisticsRelease>();

    /// <summary>The privacy budget spent by noisy releases (see <see cref="Statistics.Releases.PrivacyBudget"/>).</summary>
    public DbSet<Statistics.Releases.PrivacyLedgerEntry> PrivacyLedger => Set<Statistics.Releases.PrivacyLedgerEntry>();

    public DbSet<Statistics.Releases.StatisticsSettings> StatisticsSettings => Set<Statistics.Releases.StatisticsSettings>();
    /// <summary>Long runs started by users, with their progress, input and output (<see cref="Jobs.JobRunner"/>).</summary>
    public DbSet<Jobs.BackgroundJob> BackgroundJobs => Set<Jobs.BackgroundJob>();

    /// <summary>Personal access tokens for scripts; only the hash of each secret.</summary>
    public DbSet<Tokens.PersonalAccessToken> PersonalAccessTokens => Set<Tokens.PersonalAccessToken>();

    /// <summary>Imported CTDC Global Dataset microdata, kept apart from case records.</summary>
    public DbSet<ImportExport.Ctdc.CtdcRecord> CtdcRecords => Set<ImportExport.Ctdc.CtdcRecord>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every web node on the same database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC everywhere (house style §8); the converter restores Kind=Utc on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

/// <summary>The SQLite model; migrations under <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The PostgreSQL model; migrations under <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
