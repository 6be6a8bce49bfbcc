using System.Data;
using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>The record sets a privacy budget is kept for: a noisy release over them spends from theirs.</summary>
public static class PrivacyDatasets
{
    /// <summary>The case records (case tables, SDG 16.2.2, DP synthetic records).</summary>
    public const string Cases = "cases";

    /// <summary>The stored screenings (screening tables).</summary>
    public const string Screenings = "screenings";

    public static readonly IReadOnlyList<string> All = [Cases, Screenings];
}

/// <summary>One spending of privacy budget: the release, its dataset and period, and its ρ. Never changed or deleted.</summary>
public sealed class PrivacyLedgerEntry
{
    public Guid Id { get; set; }

    public Guid ReleaseId { get; set; }

    public required string Dataset { get; set; }

    /// <summary>The first instant of the budget period the release fell in.</summary>
    public DateTime PeriodStartUtc { get; set; }

    public double Rho { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>What a dataset has spent of its budget in the current period.</summary>
public sealed record BudgetStatus(string Dataset, DateTime PeriodStartUtc, DateTime PeriodEndUtc, double BudgetRho, double SpentRho)
{
    public double RemainingRho => Math.Max(0, BudgetRho - SpentRho);
}

/// <summary>
/// A noisy release would spend more than what is left of its dataset's budget. <see cref="ReleaseParameterException.Parameter"/>
/// names the noise parameter (epsilon); nothing was logged or spent.
/// </summary>
public sealed class PrivacyBudgetExhaustedException(string parameter, BudgetStatus status, double requestedRho)
    : ReleaseParameterException(parameter, string.Create(CultureInfo.InvariantCulture,
        $"Parameter '{parameter}': this release would spend ρ = {requestedRho:0.####} of the {status.Dataset} privacy budget, but only ρ = {status.RemainingRho:0.####} of {status.BudgetRho:0.####} is left until {status.PeriodEndUtc:yyyy-MM-dd}; ask with a smaller ε, without noise, or after the period."))
{
    public BudgetStatus Status { get; } = status;

    public double RequestedRho { get; } = requestedRho;
}

/// <summary>
/// The privacy-loss accountant and the administrator's statistics settings. Every noisy release spends its ρ through
/// <see cref="SpendAsync"/>, called by <see cref="ReleaseService"/> inside the transaction that logs the release, after
/// <see cref="LockAsync"/>: the check reads the stored sum of the period under a lock that every web node and CLI
/// process takes (PostgreSQL: a transaction-scoped advisory lock; SQLite: its write lock, <c>BEGIN IMMEDIATE</c>),
/// so two releases cannot both spend the last of a budget.
/// </summary>
public sealed class PrivacyBudget(AppDbContext db, TimeProvider time, IAuditLog audit, IAuditContext context)
{
    /// <summary>The advisory lock key of budget spending ("ARIADNEB"); any constant shared by all nodes would do.</summary>
    public const long PostgresLockKey = 0x4152494144_4E4542;

    /// <summary>The settings row, or the defaults when none was saved.</summary>
    public async Task<StatisticsSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<StatisticsSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken) ?? new StatisticsSettings();

    /// <summary>Changes the settings (null keeps a value) and audits the change.</summary>
    /// <exception cref="ReleaseParameterException">A value is out of range; the parameter names it.</exception>
    public async Task<StatisticsSettings> UpdateAsync(int? minimumThreshold, double? budgetRho, int? periodMonths, CancellationToken cancellationToken)
    {
        if (minimumThreshold is < 0 or > StatisticsSettings.MaxMinimumThreshold)
        {
            throw new ReleaseParameterException("minimumThreshold", $"Setting 'minimumThreshold' must lie between 0 and {StatisticsSettings.MaxMinimumThreshold}.");
        }
        if (budgetRho is { } rho && !(rho is >= 0 and <= StatisticsSettings.MaxBudgetRho))
        {
            throw new ReleaseParameterException("budgetRho", $"Setting 'budgetRho' must lie between 0 and {StatisticsSettings.MaxBudgetRho}.");
        }
        if (periodMonths is { } months && !StatisticsSettings.PeriodChoices.Contains(months))
        {
            throw new ReleaseParameterException("periodMonths", $"Setting 'periodMonths' must be one of {string.Join(", ", StatisticsSettings.PeriodChoices)}.");
        }
        var row = await db.Set<StatisticsSettings>().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (row is null)
        {
            row = new StatisticsSettings();
            db.Add(row);
        }
        row.MinimumThreshold = minimumThreshold ?? row.MinimumThreshold;
        row.BudgetRho = budgetRho ?? row.BudgetRho;
        row.PeriodMonths = periodMonths ?? row.PeriodMonths;
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = context.Actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(row).State = EntityState.Detached;
        await audit.AppendAsync(new AuditRecord(AuditActions.StatisticsSettings, AuditOutcomes.Success, "statistics-settings", "1",
            Details: new Dictionary<string, string>
            {
                ["minimumThreshold"] = row.MinimumThreshold.ToString(CultureInfo.InvariantCulture),
                ["budgetRho"] = row.BudgetRho.ToString(CultureInfo.InvariantCulture),
                ["periodMonths"] = row.PeriodMonths.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return row;
    }

    /// <summary>What <paramref name="dataset"/> has spent in the current period, from the stored ledger.</summary>
    public async Task<BudgetStatus> StatusAsync(string dataset, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        return await StatusAsync(settings, dataset, cancellationToken);
    }

    private async Task<BudgetStatus> StatusAsync(StatisticsSettings settings, string dataset, CancellationToken cancellationToken)
    {
        var start = settings.PeriodStart(time.GetUtcNow().UtcDateTime);
        var spent = await db.Set<PrivacyLedgerEntry>().AsNoTracking()
            .Where(e => e.Dataset == dataset && e.PeriodStartUtc == start)
            .Select(e => e.Rho)
            .ToListAsync(cancellationToken);
        return new BudgetStatus(dataset, start, start.AddMonths(settings.PeriodMonths), settings.BudgetRho, spent.Sum());
    }

    /// <summary>
    /// Opens the transaction in which a release is spent and logged, holding the lock that orders every spender.
    /// SQLite: Serializable makes Microsoft.Data.Sqlite issue BEGIN IMMEDIATE (the write lock before the sum is read).
    /// </summary>
    internal async Task<IDbContextTransaction> LockAsync(CancellationToken cancellationToken)
    {
        var isolation = db.Database.IsSqlite() ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted;
        var transaction = await db.Database.BeginTransactionAsync(isolation, cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
        }
        return transaction;
    }

    /// <summary>
    /// The one place where privacy budget is spent: checks <paramref name="loss"/> against the stored sum of its dataset's
    /// current period and adds a ledger entry to the unit of work (saved with the release). Call inside <see cref="LockAsync"/>.
    /// </summary>
    /// <exception cref="PrivacyBudgetExhaustedException">The budget left is smaller than the loss; nothing was added.</exception>
    internal async Task SpendAsync(PrivacyLoss loss, Guid releaseId, string parameter, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        var status = await StatusAsync(settings, loss.Dataset, cancellationToken);
        // A relative tolerance, so that spending a budget in equal parts is not refused by rounding.
        if (status.SpentRho + loss.Rho > status.BudgetRho * (1 + 1e-9))
        {
            throw new PrivacyBudgetExhaustedException(parameter, status, loss.Rho);
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new PrivacyLedgerEntry
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ReleaseId = releaseId,
            Dataset = loss.Dataset,
            PeriodStartUtc = status.PeriodStartUtc,
            Rho = loss.Rho,
            CreatedAtUtc = now,
        });
    }
}

internal sealed class PrivacyLedgerEntryConfiguration : IEntityTypeConfiguration<PrivacyLedgerEntry>
{
    public void Configure(EntityTypeBuilder<PrivacyLedgerEntry> builder)
    {
        builder.ToTable("PrivacyLedger");
        builder.Property(e => e.Dataset).HasMaxLength(32);
        builder.HasIndex(e => new { e.Dataset, e.PeriodStartUtc });
        builder.HasIndex(e => e.ReleaseId);
    }
}
