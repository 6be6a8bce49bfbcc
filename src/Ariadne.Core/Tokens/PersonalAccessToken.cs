using Ariadne.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Tokens;

/// <summary>
/// A long-lived credential for scripts, owned by one user. Only the SHA-256 of the secret is stored: the token string
/// (<see cref="TokenFormat"/>) is shown once at creation and cannot be recovered. Every token expires; it can be
/// revoked earlier.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>What the owner calls it ("nightly export"); not secret, not identifying.</summary>
    public required string Name { get; set; }

    /// <summary>The public part of the token: 16 lower-case hex digits, unique; shown as <c>ari_IDENTIFIER</c> and used for lookup.</summary>
    public required string Identifier { get; set; }

    /// <summary>SHA-256 of the 32 secret bytes; compared in constant time.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>The granted <see cref="TokenScopes"/>, separated by single spaces (as OAuth writes them), in canonical order.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The first instant at which the token no longer works.</summary>
    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    /// <summary>The last successful use, written at most once a minute.</summary>
    public DateTime? LastUsedAtUtc { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The display form, without the secret.</summary>
    public string DisplayIdentifier => TokenFormat.Prefix + Identifier;

    public bool IsActiveAt(DateTime nowUtc) => RevokedAtUtc is null && nowUtc < ExpiresAtUtc;
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.ToTable("PersonalAccessTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(PersonalAccessTokenService.MaxNameLength);
        builder.Property(t => t.Identifier).HasMaxLength(TokenFormat.IdentifierLength).IsFixedLength();
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.Property(t => t.Scopes).HasMaxLength(200);
        builder.Ignore(t => t.ScopeList);
        builder.Ignore(t => t.DisplayIdentifier);
        builder.HasIndex(t => t.Identifier).IsUnique();
        builder.HasIndex(t => t.UserId);
        // Deleting a user deletes their tokens: a deleted user's token cannot be found, so it cannot work.
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
