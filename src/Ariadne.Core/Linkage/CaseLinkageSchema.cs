using System.Globalization;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;
using Ariadne.Core.Cases;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Linkage;

/// <summary>
/// The schema every Ariadne agency encodes its persons with (<see cref="AgencyLinkage.EncodeAsync"/>), so that the
/// encodings of two installations compare: given name and family name as bigrams (15 bits per token each: they identify
/// best), the date of birth as the bigrams of <c>yyyyMMdd</c> (only the year when only the year of birth is known, which
/// still shares its first bigrams), and sex as one whole token. Names are transliterated to Latin first
/// (<see cref="NameNormaliser"/>), so that "Иванова" and "Ivanova" encode alike. Blocking: family name's Soundex with the
/// year, given name's Soundex with the year, the exact date, and the first two letters of both names.
/// </summary>
public static class CaseLinkageSchema
{
    public static LinkageSchema Schema { get; } = new(
        "record_id",
        [
            new EncodedField("given_name", TokenKind.Bigrams, 15),
            new EncodedField("family_name", TokenKind.Bigrams, 15),
            new EncodedField("date_of_birth", TokenKind.Bigrams, 10),
            new EncodedField("sex", TokenKind.Whole, 3),
        ],
        [
            new BlockingRule([new BlockPart(1, BlockTransform.Soundex), new BlockPart(2, BlockTransform.Prefix4)]),
            new BlockingRule([new BlockPart(0, BlockTransform.Soundex), new BlockPart(2, BlockTransform.Prefix4)]),
            new BlockingRule([new BlockPart(2, BlockTransform.Exact)]),
            new BlockingRule([new BlockPart(0, BlockTransform.Prefix2), new BlockPart(1, BlockTransform.Prefix2)]),
        ]);

    /// <summary>The values of <see cref="Schema"/>'s fields for one person, in order; null where nothing is recorded.</summary>
    public static IReadOnlyList<string?> Values(PersonIdentity identity, Person person) =>
    [
        Name(identity.GivenName),
        Name(identity.FamilyName),
        identity.DateOfBirth?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? person.YearOfBirth?.ToString(CultureInfo.InvariantCulture),
        string.IsNullOrWhiteSpace(person.Sex) || person.Sex == "unknown" ? null : person.Sex,
    ];

    private static string? Name(string? value) => NameNormaliser.Normalise(value) is { Length: > 0 } normalised ? normalised : null;
}
