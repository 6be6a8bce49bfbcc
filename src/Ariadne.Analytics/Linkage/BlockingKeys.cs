using System.Security.Cryptography;
using System.Text;

namespace Ariadne.Analytics.Linkage;

/// <summary>How a field's value is reduced for a blocking key.</summary>
public enum BlockTransform
{
    /// <summary>The normalised value.</summary>
    Exact,

    /// <summary>American Soundex of the first word (names spelt differently that sound alike).</summary>
    Soundex,

    /// <summary>The first two characters.</summary>
    Prefix2,

    /// <summary>The first four characters (the year of a yyyy… date).</summary>
    Prefix4,
}

/// <param name="Field">The index of the field in the encoder's field list.</param>
/// <param name="Transform">How the value is reduced.</param>
public sealed record BlockPart(int Field, BlockTransform Transform);

/// <summary>A blocking rule: records whose parts all agree are compared (Splink's blocking rules, OR-ed over the rules).</summary>
public sealed record BlockingRule(IReadOnlyList<BlockPart> Parts);

/// <summary>
/// Keyed blocking keys, computed at the agency beside the encoding: each rule's key is an HMAC of the reduced values
/// under the agencies' secret, cut to 64 bits. The operator only learns which records share a block, never the
/// values. A rule with a missing part gives no key (0), so a record is never blocked on an empty name.
/// </summary>
public sealed class BlockingKeys(ReadOnlySpan<byte> secret, IReadOnlyList<BlockingRule> rules)
{
    private readonly byte[] _key = HMACSHA256.HashData(secret.ToArray(), "ariadne-linkage/blocking"u8);

    public int Count => rules.Count;

    /// <summary>Writes one key per rule into <paramref name="keys"/>; 0 for a rule that cannot be formed.</summary>
    public void Compute(IReadOnlyList<string?> values, Span<ulong> keys)
    {
        Span<byte> mac = stackalloc byte[32];
        for (var r = 0; r < rules.Count; r++)
        {
            var text = new StringBuilder().Append(r).Append('\u001f');
            var complete = true;
            foreach (var part in rules[r].Parts)
            {
                var reduced = Reduce(BloomFilterEncoder.Normalise(values[part.Field]), part.Transform);
                if (reduced.Length == 0)
                {
                    complete = false;
                    break;
                }
                text.Append(reduced).Append('\u001f');
            }
            if (!complete)
            {
                keys[r] = 0;
                continue;
            }
            HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text.ToString()), mac);
            keys[r] = BitConverter.ToUInt64(mac) | 1;
        }
    }

    internal static string Reduce(string value, BlockTransform transform) => transform switch
    {
        BlockTransform.Soundex => Soundex(value),
        BlockTransform.Prefix2 => value.Length >= 2 ? value[..2] : "",
        BlockTransform.Prefix4 => value.Length >= 4 ? value[..4] : "",
        _ => value,
    };

    /// <summary>American Soundex of the first word of a normalised value (letter + three digits); empty when it starts with no Latin letter.</summary>
    public static string Soundex(string value)
    {
        var word = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        if (word.Length == 0 || word[0] is < 'a' or > 'z')
        {
            return "";
        }
        static char Code(char c) => c switch
        {
            'b' or 'f' or 'p' or 'v' => '1',
            'c' or 'g' or 'j' or 'k' or 'q' or 's' or 'x' or 'z' => '2',
            'd' or 't' => '3',
            'l' => '4',
            'm' or 'n' => '5',
            'r' => '6',
            'h' or 'w' => 'h',
            _ => '0',
        };
        var result = new StringBuilder().Append(char.ToUpperInvariant(word[0]));
        var previous = Code(word[0]);
        foreach (var c in word.Skip(1))
        {
            var code = Code(c);
            if (code == 'h')
            {
                continue; // h and w do not separate equal codes
            }
            if (code != '0' && code != previous)
            {
                result.Append(code);
                if (result.Length == 4)
                {
                    break;
                }
            }
            previous = code;
        }
        return result.ToString().PadRight(4, '0');
    }
}
