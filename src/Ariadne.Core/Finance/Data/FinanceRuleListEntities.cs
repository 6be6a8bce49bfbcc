using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Finance.Data;

/// <summary>
/// A rule list stored in the product (per installation, like the datasets: every financial investigator sees every
/// list): a processor list (R14), a tag list (R15), a licensed-agency register (R17) or an ad-identifier list (R19). Its
/// name is unique; its kind never changes; each upload is a new <see cref="FinanceRuleListVersion"/> and the list points
/// at the current one.
/// </summary>
public sealed class FinanceRuleList
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>One of <see cref="FinanceRuleLists.Kinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The version the analysis uses (the latest upload).</summary>
    public Guid CurrentVersionId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public const int MaxRetiredReasonLength = 2000;

    /// <summary>
    /// When the list was retired (the source withdrew it, the legal basis ended): it stays with its versions as history
    /// but the analysis no longer uses it. Null while it is in use; the next upload of a version activates it again.
    /// </summary>
    public DateTime? RetiredAtUtc { get; set; }

    public Guid? RetiredByUserId { get; set; }

    public string? RetiredByName { get; set; }

    /// <summary>Why it was retired (required when retiring).</summary>
    public string? RetiredReason { get; set; }
}

/// <summary>One upload of a list: its number, source, legal basis (required for ad identifiers), who uploaded which file when, and how many entries it holds.</summary>
public sealed class FinanceRuleListVersion
{
    public const int MaxSourceLength = 500;
    public const int MaxLegalBasisLength = 2000;

    public Guid Id { get; set; }

    public Guid ListId { get; set; }

    /// <summary>1, 2, … per list.</summary>
    public int Version { get; set; }

    public required string Source { get; set; }

    public string? LegalBasis { get; set; }

    public required string FileName { get; set; }

    public int Entries { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public Guid? UploadedByUserId { get; set; }

    public required string UploadedByName { get; set; }
}

/// <summary>
/// One entry of a list version, by its line in the file. Account ids and addresses (R14, R15, R17) are kept as
/// <see cref="Value"/>; the phone numbers and e-mail addresses of an ad-identifier list (R19) are personal data and are
/// kept only as the blind index of their normalised form (<see cref="BlindIndex"/>, the parties' keyed index of the same
/// <see cref="IdentifierKind"/>), never in plain.
/// </summary>
public sealed class FinanceRuleListEntry
{
    public Guid VersionId { get; set; }

    public int Line { get; set; }

    public string? Value { get; set; }

    /// <summary>"phone" or "email" for an ad identifier; null otherwise.</summary>
    public string? IdentifierKind { get; set; }

    public byte[]? BlindIndex { get; set; }
}

/// <summary>The rule parameters of the product's analysis (the JSON of <c>finance analyse --rules</c>), one row per change; the highest version is in force.</summary>
public sealed class FinanceRuleSettings
{
    public const int MaxJsonLength = 64_000;

    public int Version { get; set; }

    public required string Json { get; set; }

    public DateTime ChangedAtUtc { get; set; }

    public Guid? ChangedByUserId { get; set; }

    public required string ChangedByName { get; set; }
}

internal sealed class FinanceRuleListConfiguration : IEntityTypeConfiguration<FinanceRuleList>
{
    public void Configure(EntityTypeBuilder<FinanceRuleList> builder)
    {
        builder.ToTable("FinanceRuleLists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(FinanceRuleList.MaxNameLength);
        builder.Property(l => l.Kind).HasMaxLength(32);
        builder.Property(l => l.RetiredByName).HasMaxLength(256);
        builder.Property(l => l.RetiredReason).HasMaxLength(FinanceRuleList.MaxRetiredReasonLength);
        builder.HasIndex(l => l.Name).IsUnique();
    }
}

internal sealed class FinanceRuleListVersionConfiguration : IEntityTypeConfiguration<FinanceRuleListVersion>
{
    public void Configure(EntityTypeBuilder<FinanceRuleListVersion> builder)
    {
        builder.ToTable("FinanceRuleListVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Source).HasMaxLength(FinanceRuleListVersion.MaxSourceLength);
        builder.Property(v => v.LegalBasis).HasMaxLength(FinanceRuleListVersion.MaxLegalBasisLength);
        builder.Property(v => v.FileName).HasMaxLength(256);
        builder.Property(v => v.UploadedByName).HasMaxLength(256);
        builder.HasOne<FinanceRuleList>().WithMany().HasForeignKey(v => v.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ListId, v.Version }).IsUnique();
    }
}

internal sealed class FinanceRuleListEntryConfiguration : IEntityTypeConfiguration<FinanceRuleListEntry>
{
    public void Configure(EntityTypeBuilder<FinanceRuleListEntry> builder)
    {
        builder.ToTable("FinanceRuleListEntries");
        builder.HasKey(e => new { e.VersionId, e.Line });
        builder.Property(e => e.Value).HasMaxLength(RuleLists.MaxEntryLength);
        builder.Property(e => e.IdentifierKind).HasMaxLength(8);
        builder.Property(e => e.BlindIndex).HasMaxLength(Protection.IdentityVault.BlindIndexSize);
        builder.HasOne<FinanceRuleListVersion>().WithMany().HasForeignKey(e => e.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FinanceRuleSettingsConfiguration : IEntityTypeConfiguration<FinanceRuleSettings>
{
    public void Configure(EntityTypeBuilder<FinanceRuleSettings> builder)
    {
        builder.ToTable("FinanceRuleSettings");
        builder.HasKey(s => s.Version);
        builder.Property(s => s.Version).ValueGeneratedNever();
        builder.Property(s => s.Json).HasMaxLength(FinanceRuleSettings.MaxJsonLength);
        builder.Property(s => s.ChangedByName).HasMaxLength(256);
    }
}
