using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>
/// An organisation's key for signing transnational referral packages (ECDSA P-256). The private key is stored only
/// wrapped under the master key ring (<see cref="SigningKeys"/>); the public key and its fingerprint are what partners
/// register. A rotated key is retired, not deleted, so the packages it signed can still be attributed.
/// </summary>
public sealed class OrganisationSigningKey
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The fingerprint: lower-case hex SHA-256 of <see cref="PublicKey"/> (<see cref="ReferralPackage.KeyId(byte[])"/>).</summary>
    public required string KeyId { get; set; }

    /// <summary>The public key as DER SubjectPublicKeyInfo.</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The master key the private key is wrapped under.</summary>
    public required string KekId { get; set; }

    /// <summary>The PKCS#8 private key, AES-256-GCM under the master key <see cref="KekId"/>, bound to this row.</summary>
    public required byte[] WrappedPrivateKey { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When a newer key replaced it; a retired key no longer signs.</summary>
    public DateTime? RetiredAtUtc { get; set; }
}

/// <summary>
/// A partner organisation's public key that this installation trusts for incoming referral packages. The partner is
/// an <see cref="Organisations.Organisation"/> here (usually abroad), so the consent gate names it like any other
/// recipient. Revoked keys stay for the record and verify nothing.
/// </summary>
public sealed class PartnerKey
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string KeyId { get; set; }

    public required byte[] PublicKey { get; set; }

    public DateTime AddedAtUtc { get; set; }

    public Guid? AddedByUserId { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public string? RevocationReason { get; set; }
}

/// <summary>
/// A verified transnational referral package and the case it opened here. The signed package is kept as received, so
/// its signature can be checked again later (it holds codes and dates only, no names).
/// </summary>
public sealed class ReceivedReferralPackage
{
    /// <summary>The sender's package id; a package is imported once.</summary>
    public Guid PackageId { get; set; }

    public Guid ReceivingOrganisationId { get; set; }

    public Guid SendingOrganisationId { get; set; }

    /// <summary>The fingerprint of the partner key that verified it.</summary>
    public required string KeyId { get; set; }

    /// <summary>The sender's case reference (their case code), for correspondence with the sender.</summary>
    public required string SenderCaseReference { get; set; }

    /// <summary>The case opened here from the package.</summary>
    public Guid CaseId { get; set; }

    public DateTime SignedAtUtc { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public Guid? ReceivedByUserId { get; set; }

    /// <summary>The package exactly as received (the signed envelope).</summary>
    public required string Package { get; set; }
}

internal sealed class OrganisationSigningKeyConfiguration : IEntityTypeConfiguration<OrganisationSigningKey>
{
    public void Configure(EntityTypeBuilder<OrganisationSigningKey> builder)
    {
        builder.ToTable("OrganisationSigningKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.KeyId).HasMaxLength(64);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => k.OrganisationId);
        builder.Property(k => k.KekId).HasMaxLength(MasterKeyRing.MaxKeyIdLength);
        builder.HasIndex(k => k.KekId);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerKeyConfiguration : IEntityTypeConfiguration<PartnerKey>
{
    public void Configure(EntityTypeBuilder<PartnerKey> builder)
    {
        builder.ToTable("PartnerKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.KeyId).HasMaxLength(64);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => k.OrganisationId);
        builder.Property(k => k.RevocationReason).HasMaxLength(National.NrmLifecycleService.MaxTextLength);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceivedReferralPackageConfiguration : IEntityTypeConfiguration<ReceivedReferralPackage>
{
    public void Configure(EntityTypeBuilder<ReceivedReferralPackage> builder)
    {
        builder.ToTable("ReceivedReferralPackages");
        builder.HasKey(p => p.PackageId);
        builder.Property(p => p.PackageId).ValueGeneratedNever();
        builder.Property(p => p.KeyId).HasMaxLength(64);
        builder.Property(p => p.SenderCaseReference).HasMaxLength(64);
        builder.HasIndex(p => p.ReceivingOrganisationId);
        builder.HasIndex(p => p.CaseId).IsUnique();
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
