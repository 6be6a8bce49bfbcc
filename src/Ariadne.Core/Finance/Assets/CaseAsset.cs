using Ariadne.Core.Cases;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Finance.Assets;

/// <summary>
/// One entry of a case's asset ledger (issue 17, item 6): proceeds identified, frozen, seized, confiscated, released or
/// returned to the victim. The rules are <see cref="AssetLedger"/>'s; <see cref="Status"/> is the last step of
/// <see cref="Steps"/>, kept on the entry so that lists and totals need not read the history.
/// </summary>
/// <remarks>
/// The description is free text about proceeds and names people (the holder, the victim whose wages they were), so it is
/// sealed under the data key of the case's person like the case's notes (<see cref="SealedText.CaseAsset"/>) and goes
/// with erasure. The kind, value, currency, holder reference and the steps (authority, legal reference) are the
/// authorities' record of the measures, not about the person, and stay for the statistics of confiscation.
/// </remarks>
public sealed class CaseAsset
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxHolderReferenceLength = 100;

    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public AssetKind Kind { get; set; }

    /// <summary>The sealed description; null when none was given or after erasure.</summary>
    public byte[]? DescriptionCiphertext { get; set; }

    public decimal EstimatedValue { get; set; }

    /// <summary>ISO 4217 code, upper case.</summary>
    public required string Currency { get; set; }

    /// <summary>Where the asset is held: an account id of a finance dataset, a land-register or vehicle reference; optional.</summary>
    public string? HolderReference { get; set; }

    /// <summary>The finance alert the entry was recorded from (an alert linked to the case); null when none, or when the alert was replaced.</summary>
    public Guid? AlertId { get; set; }

    public AssetStatus Status { get; set; }

    /// <summary>Starts at 1 and grows with each status step; a step names the version it was made on.</summary>
    public int Version { get; set; }

    public Guid? RecordedByUserId { get; set; }

    public required string RecordedByName { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public List<CaseAssetStep> Steps { get; set; } = [];
}

/// <summary>One step of an entry's status history, in order (<see cref="Index"/> from 0).</summary>
public sealed class CaseAssetStep
{
    public const int MaxAuthorityLength = 200;
    public const int MaxLegalReferenceLength = 200;

    public Guid Id { get; set; }

    public Guid AssetId { get; set; }

    public int Index { get; set; }

    public AssetStatus Status { get; set; }

    public DateOnly On { get; set; }

    public required string Authority { get; set; }

    public string? LegalReference { get; set; }

    public required string RecordedByName { get; set; }

    public DateTime RecordedAtUtc { get; set; }
}

internal sealed class CaseAssetConfiguration : IEntityTypeConfiguration<CaseAsset>
{
    public void Configure(EntityTypeBuilder<CaseAsset> builder)
    {
        builder.ToTable("CaseAssets");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.EstimatedValue).HasPrecision(19, 4);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.HolderReference).HasMaxLength(CaseAsset.MaxHolderReferenceLength);
        builder.Property(a => a.RecordedByName).HasMaxLength(256);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FinanceAlert>().WithMany().HasForeignKey(a => a.AlertId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(a => a.Steps).WithOne().HasForeignKey(s => s.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.CaseId);
        builder.HasIndex(a => a.AlertId);
    }
}

internal sealed class CaseAssetStepConfiguration : IEntityTypeConfiguration<CaseAssetStep>
{
    public void Configure(EntityTypeBuilder<CaseAssetStep> builder)
    {
        builder.ToTable("CaseAssetSteps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Authority).HasMaxLength(CaseAssetStep.MaxAuthorityLength);
        builder.Property(s => s.LegalReference).HasMaxLength(CaseAssetStep.MaxLegalReferenceLength);
        builder.Property(s => s.RecordedByName).HasMaxLength(256);
        builder.HasIndex(s => new { s.AssetId, s.Index }).IsUnique();
    }
}
