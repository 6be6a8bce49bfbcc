using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// The administrator's statistics settings: the disclosure floor (no release may suppress less) and the privacy
/// budget per dataset and period. One row (id 1); without it the defaults hold.
/// </summary>
public sealed class StatisticsSettings
{
    public const int DefaultMinimumThreshold = 5;
    public const double DefaultBudgetRho = 1.0;
    public const int DefaultPeriodMonths = 12;
    public const int MaxMinimumThreshold = 100;
    public const double MaxBudgetRho = 100;

    /// <summary>Periods that divide the calendar year, so that every period starts on the first of a month in a fixed grid.</summary>
    public static readonly IReadOnlyList<int> PeriodChoices = [1, 2, 3, 4, 6, 12];

    public int Id { get; set; } = 1;

    /// <summary>The smallest small-cell threshold any release may use (default 5): counts 1 … floor−1 are always suppressed.</summary>
    public int MinimumThreshold { get; set; } = DefaultMinimumThreshold;

    /// <summary>The zCDP ρ every dataset may spend per period (default 1 per calendar year; see docs/statistics.md).</summary>
    public double BudgetRho { get; set; } = DefaultBudgetRho;

    /// <summary>The length of a budget period in months (one of <see cref="PeriodChoices"/>; 12 = the calendar year).</summary>
    public int PeriodMonths { get; set; } = DefaultPeriodMonths;

    public DateTime? UpdatedAtUtc { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>The first instant of the period containing <paramref name="nowUtc"/>.</summary>
    public DateTime PeriodStart(DateTime nowUtc)
    {
        var month = (nowUtc.Month - 1) / PeriodMonths * PeriodMonths + 1;
        return new DateTime(nowUtc.Year, month, 1, 0, 0, 0, DateTimeKind.Utc);
    }
}

internal sealed class StatisticsSettingsConfiguration : IEntityTypeConfiguration<StatisticsSettings>
{
    public void Configure(EntityTypeBuilder<StatisticsSettings> builder)
    {
        builder.ToTable("StatisticsSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
