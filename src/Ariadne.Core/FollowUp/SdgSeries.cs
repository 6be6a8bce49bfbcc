using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// One SDG indicator's national data in the Open SDG CSV layout (e.g. 16.2.2, detected victims of trafficking): a
/// series of values per year and disaggregation, kept at installation level (it belongs to no framework or person).
/// An import replaces the indicator's whole dataset; the export writes it back as it came in (<see cref="OpenSdgCsv"/>).
/// </summary>
public sealed class SdgDataset
{
    public Guid Id { get; set; }

    /// <summary>The SDG indicator, e.g. <c>16.2.2</c>; unique.</summary>
    public required string Indicator { get; set; }

    /// <summary>The header's column names in file order, as a JSON array of strings.</summary>
    public required string Columns { get; set; }

    /// <summary>The file's line break, <c>"\r\n"</c> or <c>"\n"</c>, so that the export ends lines as the import did.</summary>
    public required string NewLine { get; set; }

    /// <summary>Whether the imported file started with a UTF-8 byte-order mark.</summary>
    public bool ByteOrderMark { get; set; }

    public int Rows { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public required string ImportedBy { get; set; }
}

/// <summary>One row of an <see cref="SdgDataset"/>: its year, its value as written, and its other cells.</summary>
public sealed class SdgObservation
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The row's place in the file (0 for the first data row): the export keeps the file's order.</summary>
    public int Position { get; set; }

    public int Year { get; set; }

    /// <summary>The value as written in the file (e.g. <c>303.0</c>), checked to be a number; null for an empty cell.</summary>
    public string? Value { get; set; }

    /// <summary>The cells of the other columns (series, units, disaggregations; "" for an empty cell) in header order, as a JSON array.</summary>
    public required string Cells { get; set; }
}

internal sealed class SdgDatasetConfiguration : IEntityTypeConfiguration<SdgDataset>
{
    public void Configure(EntityTypeBuilder<SdgDataset> builder)
    {
        builder.ToTable("SdgDatasets");
        builder.Property(d => d.Indicator).HasMaxLength(16);
        builder.HasIndex(d => d.Indicator).IsUnique();
        builder.Property(d => d.NewLine).HasMaxLength(2);
        builder.Property(d => d.ImportedBy).HasMaxLength(256);
        builder.HasMany<SdgObservation>().WithOne().HasForeignKey(o => o.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SdgObservationConfiguration : IEntityTypeConfiguration<SdgObservation>
{
    public void Configure(EntityTypeBuilder<SdgObservation> builder)
    {
        builder.ToTable("SdgObservations");
        builder.Property(o => o.Value).HasMaxLength(OpenSdgCsv.MaxCellLength);
        builder.HasIndex(o => new { o.DatasetId, o.Position }).IsUnique();
    }
}
