using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.ImportExport.Glotip;

/// <summary>
/// One value of the UNODC GLOTIP country dataset (long format): country-level statistics, kept apart from case
/// records. A suppressed value ("&lt;5") has no <see cref="Value"/> and the bound in <see cref="SuppressedBelow"/>.
/// </summary>
public sealed class GlotipStatistic
{
    public long Id { get; set; }

    /// <summary>The row in the imported file (1-based, banner and header included), which keeps the file's order.</summary>
    public int SourceRow { get; set; }

    public required string Iso3 { get; set; }

    public required string Country { get; set; }

    public required string Region { get; set; }

    public required string Subregion { get; set; }

    public required string Indicator { get; set; }

    public required string Dimension { get; set; }

    public required string Category { get; set; }

    public required string Sex { get; set; }

    public required string Age { get; set; }

    public int Year { get; set; }

    public required string Unit { get; set; }

    /// <summary>The count; null when suppressed.</summary>
    public long? Value { get; set; }

    /// <summary>For a suppressed value, the published bound (5 for "&lt;5"); otherwise null.</summary>
    public int? SuppressedBelow { get; set; }

    public required string Source { get; set; }
}

internal sealed class GlotipStatisticConfiguration : IEntityTypeConfiguration<GlotipStatistic>
{
    public void Configure(EntityTypeBuilder<GlotipStatistic> builder)
    {
        builder.ToTable("GlotipStatistics");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Iso3).HasMaxLength(8);
        foreach (var name in new[] { nameof(GlotipStatistic.Country), nameof(GlotipStatistic.Region), nameof(GlotipStatistic.Subregion),
            nameof(GlotipStatistic.Indicator), nameof(GlotipStatistic.Dimension), nameof(GlotipStatistic.Category),
            nameof(GlotipStatistic.Sex), nameof(GlotipStatistic.Age), nameof(GlotipStatistic.Unit), nameof(GlotipStatistic.Source) })
        {
            builder.Property(name).HasMaxLength(200);
        }
        builder.HasIndex(s => new { s.Indicator, s.Year });
    }
}
