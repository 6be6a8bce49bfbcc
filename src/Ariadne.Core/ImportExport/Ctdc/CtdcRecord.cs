using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.ImportExport.Ctdc;

/// <summary>
/// One row of an imported CTDC Global Dataset file (63-column k-anonymised layout): published, pseudonymous
/// microdata kept apart from case records (no identity, no case, no organisation). The key dimensions are columns
/// for counting; the whole row is kept in <see cref="ValuesJson"/>. Missing values (<c>-99</c> or empty) are null.
/// Values may be generalised as Ariadne publishes them (year → "2020-2024", ageBroad → "Minor", country → subregion).
/// </summary>
public sealed class CtdcRecord
{
    public long Id { get; set; }

    /// <summary>The line in the imported file (1 = header).</summary>
    public int SourceRow { get; set; }

    public string? YearOfRegistration { get; set; }

    public string? Datasource { get; set; }

    public string? Gender { get; set; }

    public string? AgeBroad { get; set; }

    public string? Citizenship { get; set; }

    public string? CountryOfExploitation { get; set; }

    public string? TypeOfExploit { get; set; }

    /// <summary>Every non-missing value of the row as a JSON object, column → text.</summary>
    public required string ValuesJson { get; set; }
}

internal sealed class CtdcRecordConfiguration : IEntityTypeConfiguration<CtdcRecord>
{
    public void Configure(EntityTypeBuilder<CtdcRecord> builder)
    {
        builder.ToTable("CtdcRecords");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.YearOfRegistration).HasMaxLength(16);
        builder.Property(r => r.Datasource).HasMaxLength(64);
        builder.Property(r => r.Gender).HasMaxLength(64);
        builder.Property(r => r.AgeBroad).HasMaxLength(16);
        builder.Property(r => r.Citizenship).HasMaxLength(64);
        builder.Property(r => r.CountryOfExploitation).HasMaxLength(64);
        builder.Property(r => r.TypeOfExploit).HasMaxLength(256);
    }
}
