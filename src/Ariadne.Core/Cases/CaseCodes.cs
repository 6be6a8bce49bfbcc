using System.Security.Cryptography;

namespace Ariadne.Core.Cases;

/// <summary>
/// Generates case codes: "C-" and eight Crockford base-32 characters in two groups (about 10^12 values),
/// random so that a code reveals neither the order nor the number of cases, and free of I, L, O and U so
/// that it can be read out over the phone.
/// </summary>
public static class CaseCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => New(RandomNumberGenerator.GetInt32);

    /// <summary>Deterministic variant for demo data: <paramref name="next"/> returns a value in [0, max).</summary>
    public static string New(Func<int, int> next)
    {
        Span<char> chars = stackalloc char[11];
        chars[0] = 'C';
        chars[1] = '-';
        chars[6] = '-';
        for (var i = 2; i < 11; i++)
        {
            if (i != 6)
            {
                chars[i] = Alphabet[next(Alphabet.Length)];
            }
        }
        return new string(chars);
    }

    /// <summary>
    /// The text of a case-code search as it is compared with <c>CaseCode</c> without its hyphens, in upper case: upper
    /// case, without hyphens and white space. Imported codes may hold any letters, so no letter is read as a digit.
    /// </summary>
    public static string SearchKey(string text) =>
        new([.. text.ToUpperInvariant().Where(c => c != '-' && !char.IsWhiteSpace(c))]);
}
