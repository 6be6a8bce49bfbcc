using Ariadne.Core.Protection;

namespace Ariadne.Core.Cases;

/// <summary>
/// The person a case is about. Every identifying field lives sealed in <see cref="IdentityCiphertext"/> under the
/// person's data key (<see cref="Key"/>); the other fields are non-identifying and stay plain for statistics.
/// </summary>
public sealed class Person
{
    public Guid Id { get; set; }

    /// <summary>A code of the <c>sex</c> list.</summary>
    public required string Sex { get; set; }

    /// <summary>
    /// Year of birth when only the year is known, or derived from the date of birth. Kept plain for statistics; a
    /// quasi-identifier together with sex, citizenship and place.
    /// </summary>
    public int? YearOfBirth { get; set; }

    /// <summary>ISO 3166-1 alpha-2 codes; a person may hold several citizenships, or none known.</summary>
    public List<string> Citizenships { get; set; } = [];

    /// <summary>The sealed <see cref="PersonIdentity"/> (see <see cref="IdentityVault"/>); null when nothing is recorded or after erasure.</summary>
    public byte[]? IdentityCiphertext { get; set; }

    /// <summary>Keyed blind index of family name, given name and date of birth, for exact lookup.</summary>
    public byte[]? NameDobIndex { get; set; }

    /// <summary>Keyed blind index of document type and number, for exact lookup.</summary>
    public byte[]? DocumentIndex { get; set; }

    /// <summary>When the identifying data was destroyed on request (crypto-shredding); null while it exists.</summary>
    public DateTime? IdentityErasedAtUtc { get; set; }

    /// <summary>Why it was destroyed, as the user recorded it (it must not identify the person).</summary>
    public string? IdentityErasureReason { get; set; }

    /// <summary>
    /// The key under which statistics count this person once: persons with the same key are one human being (the same
    /// victim recorded in several cases or by several organisations). Null: the person stands alone (counted by
    /// <see cref="Id"/>). Set by a merge of person records inside the database (<c>"p:"</c> + the surviving person's id)
    /// or by importing a linkage operator's cluster ids (<c>"l:"</c> + linkage run + <c>":"</c> + cluster id); never holds
    /// anything identifying. At most <see cref="MaxClusterKeyLength"/> characters.
    /// </summary>
    public string? ClusterKey { get; set; }

    public const int MaxClusterKeyLength = 96;

    /// <summary>The person's wrapped data key; null after erasure.</summary>
    public PersonKey? Key { get; set; }

    /// <summary>The plaintext identity, filled only on purpose by <see cref="CaseService"/>; never mapped to a column.</summary>
    public PersonIdentity? Identity { get; set; }
}
