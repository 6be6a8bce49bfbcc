namespace Ariadne.Core.Protection;

/// <summary>
/// Everything that identifies a person. It is never stored as it is: <see cref="IdentityVault"/> seals it as one
/// ciphertext under the person's data key (<c>Persons.IdentityCiphertext</c>).
/// </summary>
public sealed record PersonIdentity
{
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Free text, e.g. "passport" or "national id card".</summary>
    public string? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }

    /// <summary>Free text, several lines allowed.</summary>
    public string? Address { get; init; }

    /// <summary>True when no field holds a value (nothing needs sealing).</summary>
    public bool IsEmpty => GivenName is null && FamilyName is null && Aliases.Count == 0 && DateOfBirth is null
        && DocumentType is null && DocumentNumber is null && Phone is null && Email is null && Address is null;
}

/// <summary>
/// One person's data key, stored only wrapped under a key-encryption key (<see cref="KekId"/>). Deleting the row
/// destroys the key and with it every ciphertext sealed under it (crypto-shredding).
/// </summary>
public sealed class PersonKey
{
    public Guid PersonId { get; set; }

    /// <summary>The id of the master key the data key is wrapped under.</summary>
    public required string KekId { get; set; }

    /// <summary>AES-256-GCM: nonce, encrypted data key, tag; the person id is the associated data.</summary>
    public required byte[] WrappedKey { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
