using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp;

/// <summary>The instruments whose participation the treaty status follows (issue 18, item 5; follow-up-and-review.md §2.7).</summary>
public enum TreatyInstrument
{
    /// <summary>The Trafficking Protocol to UNTOC, UN Treaty Collection chapter XVIII-12-a.</summary>
    TraffickingProtocol,

    /// <summary>The Council of Europe Convention on Action against Trafficking in Human Beings, CETS No. 197.</summary>
    Cets197,

    /// <summary>The ILO Protocol of 2014 to the Forced Labour Convention (P29).</summary>
    IloP29,

    /// <summary>The ILO Private Employment Agencies Convention, 1997 (C181).</summary>
    IloC181,
}

/// <summary>How a participant consented to be bound: the UNTC marks after the date (none, a, A, AA, d, s).</summary>
public enum ConsentKind
{
    Ratification,
    Accession,
    Acceptance,
    Approval,
    Succession,
    DefinitiveSignature,
}

/// <summary>
/// One imported status table of one instrument: where it comes from (file, URL), the date it is "as of", who imported
/// it when. Every import is kept (the history); the newest import of an instrument is its current status.
/// </summary>
public sealed class TreatyStatusImport
{
    public Guid Id { get; set; }

    public TreatyInstrument Instrument { get; set; }

    /// <summary>"csv" or "untc-html" (a saved UN Treaty Collection status page).</summary>
    public required string Format { get; set; }

    public required string FileName { get; set; }

    public string? SourceUrl { get; set; }

    /// <summary>The date the source gives the status as of (the UNTC page's "Status as at", or what the importer says).</summary>
    public DateOnly AsOf { get; set; }

    public int Participants { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public required string ImportedBy { get; set; }
}

/// <summary>One participant's row of an imported status table. Dates are the source's; nothing here is typed by the product.</summary>
public sealed class TreatyParticipation
{
    public Guid Id { get; set; }

    public Guid ImportId { get; set; }

    /// <summary>The import's instrument, repeated so that a country's status is one indexed look-up.</summary>
    public TreatyInstrument Instrument { get; set; }

    /// <summary>ISO 3166 alpha-3 (as elsewhere in the product); "EUU" for the European Union.</summary>
    public required string Country { get; set; }

    /// <summary>The participant's name as the source wrote it (without footnote markers).</summary>
    public required string Participant { get; set; }

    public DateOnly? SignedOn { get; set; }

    public DateOnly? ConsentOn { get; set; }

    /// <summary>Set exactly when <see cref="ConsentOn"/> is.</summary>
    public ConsentKind? ConsentKind { get; set; }

    /// <summary>The source says the participant made reservations or declarations.</summary>
    public bool Reservations { get; set; }

    /// <summary>Their text, when the source gives it.</summary>
    public string? ReservationsText { get; set; }

    /// <summary>The row's position in the source (1 for the first participant).</summary>
    public int Row { get; set; }
}

internal sealed class TreatyStatusImportConfiguration : IEntityTypeConfiguration<TreatyStatusImport>
{
    public void Configure(EntityTypeBuilder<TreatyStatusImport> builder)
    {
        builder.ToTable("TreatyStatusImports");
        builder.Property(i => i.Instrument).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.Format).HasMaxLength(16);
        builder.Property(i => i.FileName).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.SourceUrl).HasMaxLength(FollowUpRules.MaxUrlLength);
        builder.Property(i => i.ImportedBy).HasMaxLength(256);
        builder.HasIndex(i => new { i.Instrument, i.ImportedAtUtc });
    }
}

internal sealed class TreatyParticipationConfiguration : IEntityTypeConfiguration<TreatyParticipation>
{
    public void Configure(EntityTypeBuilder<TreatyParticipation> builder)
    {
        builder.ToTable("TreatyParticipations");
        builder.Property(p => p.Instrument).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Country).HasMaxLength(3);
        builder.Property(p => p.Participant).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(p => p.ConsentKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.ReservationsText).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.HasIndex(p => new { p.ImportId, p.Country }).IsUnique();
        builder.HasIndex(p => new { p.Country, p.Instrument });
        builder.HasOne<TreatyStatusImport>().WithMany().HasForeignKey(p => p.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
