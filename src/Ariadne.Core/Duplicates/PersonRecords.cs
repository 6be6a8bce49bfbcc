using System.Globalization;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;
using Ariadne.Core.Linkage;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Duplicates;

/// <summary>
/// The linkage schema of a person registry, built in code (the same <see cref="LinkageSchema"/> a file would state for
/// <c>ariadne linkage dedupe</c>), and the turning of an opened <see cref="PersonIdentity"/> into a record of it. The
/// values live only in memory for the length of a run.
/// </summary>
public static class PersonRecords
{
    public const string FamilyName = "family_name";
    public const string GivenName = "given_name";
    public const string DateOfBirth = "date_of_birth";
    public const string Sex = "sex";
    public const string Citizenships = "citizenships";
    public const string DocumentNumber = "document_number";
    public const string Phone = "phone";
    public const string Email = "email";

    /// <summary>
    /// Names with term frequencies (a rare family name weighs more than a common one), the date of birth with its
    /// typing-error levels, sex and citizenships exact, document number and phone by edit distance, e-mail as text.
    /// Blocking: the same family-name Soundex; the same date of birth; the same given-name Soundex in the same year of
    /// birth; the same document number, phone or e-mail. A pair that shares none of these is never compared.
    /// </summary>
    public static LinkageSchema Schema { get; } = new(
        "person_id",
        [
            new EncodedField(FamilyName, TokenKind.Bigrams, 10),
            new EncodedField(GivenName, TokenKind.Bigrams, 10),
            new EncodedField(DateOfBirth, TokenKind.Bigrams, 10),
            new EncodedField(Sex, TokenKind.Whole, 5),
            new EncodedField(Citizenships, TokenKind.Whole, 5),
            new EncodedField(DocumentNumber, TokenKind.Bigrams, 10),
            new EncodedField(Phone, TokenKind.Bigrams, 10),
            new EncodedField(Email, TokenKind.Bigrams, 10),
        ],
        [
            new BlockingRule([new BlockPart(0, BlockTransform.Soundex)]),
            new BlockingRule([new BlockPart(2, BlockTransform.Exact)]),
            new BlockingRule([new BlockPart(1, BlockTransform.Soundex), new BlockPart(2, BlockTransform.Prefix4)]),
            new BlockingRule([new BlockPart(5, BlockTransform.Exact)]),
            new BlockingRule([new BlockPart(6, BlockTransform.Exact)]),
            new BlockingRule([new BlockPart(7, BlockTransform.Exact)]),
        ],
        [
            new ComparisonSpec(FamilyName, ComparisonKind.Name, null, true),
            new ComparisonSpec(GivenName, ComparisonKind.Name, null, true),
            new ComparisonSpec(DateOfBirth, ComparisonKind.Date, null, false),
            new ComparisonSpec(Sex, ComparisonKind.Exact, null, false),
            new ComparisonSpec(Citizenships, ComparisonKind.Exact, null, false),
            new ComparisonSpec(DocumentNumber, ComparisonKind.Distance, [1, 2], false),
            new ComparisonSpec(Phone, ComparisonKind.Distance, [1, 2], false),
            new ComparisonSpec(Email, ComparisonKind.Text, null, false),
        ]);

    /// <summary>A person's record in the order of <see cref="LinkageDedupe.Columns"/> of <see cref="Schema"/> (its fields).</summary>
    public static DedupeRecord Record(Guid personId, string sex, IReadOnlyList<string> citizenships, PersonIdentity identity) =>
        new(personId.ToString("D"),
        [
            identity.FamilyName,
            identity.GivenName,
            identity.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sex,
            citizenships.Count == 0 ? null : string.Join(' ', citizenships.Order(StringComparer.Ordinal)),
            identity.DocumentNumber,
            Digits(identity.Phone),
            identity.Email?.Trim().ToLowerInvariant(),
        ]);

    /// <summary>A phone number's digits (so that "+49 170 123" and "0049170123" differ only by the prefix); null when none.</summary>
    private static string? Digits(string? phone)
    {
        if (phone is null)
        {
            return null;
        }
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? null : digits;
    }
}
