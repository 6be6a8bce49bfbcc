using System.Globalization;
using Ariadne.Analytics.Linkage;

namespace Ariadne.Benchmarks;

/// <summary>
/// A deterministic generator of synthetic people and corrupted copies of them, for the linkage benchmarks. Names are
/// built from syllables (no real person's name), drawn with Zipf-like frequencies (a few names common, most rare, as
/// in a population register); dates of birth 1940–2009; sex; a 4-digit postcode; a town. A copy has one or two
/// typing errors (substitution, insertion, deletion or transposition of neighbours) in randomly chosen fields, and
/// now and then a missing postcode. Same seed, same people, on every platform (own generator, no <see cref="Random"/>).
/// </summary>
public sealed class SyntheticPeople
{
    /// <summary>The fields in value order: given name, surname, date of birth (yyyyMMdd), sex, postcode, town.</summary>
    public static readonly string[] FieldNames = ["given_name", "surname", "date_of_birth", "sex", "postcode", "town"];

    /// <summary>The encoding of the benchmarks: bigrams of the names, date and postcode, the sex as a whole token.</summary>
    public static readonly EncodedField[] EncodedFields =
    [
        new("given_name", TokenKind.Bigrams, 15),
        new("surname", TokenKind.Bigrams, 15),
        new("date_of_birth", TokenKind.Bigrams, 10),
        new("sex", TokenKind.Whole, 5),
        new("postcode", TokenKind.Bigrams, 5),
        new("town", TokenKind.Bigrams, 4),
    ];

    /// <summary>Blocking rules (OR-ed): surname Soundex and year of birth; the full date of birth; given-name Soundex and postcode.</summary>
    public static readonly BlockingRule[] Rules =
    [
        new([new(1, BlockTransform.Soundex), new(2, BlockTransform.Prefix4)]),
        new([new(2, BlockTransform.Exact)]),
        new([new(0, BlockTransform.Soundex), new(4, BlockTransform.Exact)]),
    ];

    private static readonly string[] Syllables =
        ["an", "be", "ka", "lo", "mi", "ra", "sa", "ti", "vo", "ze", "el", "or", "un", "dr", "st", "ch", "ia", "na", "ko", "wa", "ler", "sen", "gu", "pe", "ho", "ri", "tas", "mo", "du", "fi"];

    private readonly string[] _given;
    private readonly string[] _surnames;
    private readonly string[] _towns;
    private ulong _state;

    public SyntheticPeople(ulong seed)
    {
        _state = seed;
        _given = [.. Enumerable.Range(0, 3_000).Select(_ => Word(2 + Next(2)))];
        _surnames = [.. Enumerable.Range(0, 200_000).Select(_ => Word(2 + Next(3)))];
        _towns = [.. Enumerable.Range(0, 5_000).Select(_ => Word(2 + Next(2)))];
    }

    private ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    /// <summary>Zipf-like: index ⌊n·u³⌋, so the first names are much more common than the last.</summary>
    private int Zipf(int n)
    {
        var u = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return Math.Min(n - 1, (int)(n * u * u * u));
    }

    private string Word(int parts) => string.Concat(Enumerable.Range(0, parts).Select(_ => Syllables[Next(Syllables.Length)]));

    /// <summary>A new person: given name, surname, date of birth, sex, postcode, town.</summary>
    public string?[] Person() =>
    [
        _given[Zipf(_given.Length)],
        _surnames[Zipf(_surnames.Length)],
        new DateOnly(1940, 1, 1).AddDays(Next(70 * 365)).ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        Next(2) == 0 ? "f" : "m",
        (1000 + Next(9000)).ToString(CultureInfo.InvariantCulture),
        _towns[Zipf(_towns.Length)],
    ];

    /// <summary>A corrupted copy: one or two typing errors in randomly chosen fields (not the sex), and one copy in twenty without a postcode.</summary>
    public string?[] Copy(string?[] person)
    {
        var copy = (string?[])person.Clone();
        var errors = 1 + Next(2);
        for (var e = 0; e < errors; e++)
        {
            int[] fields = [0, 1, 2, 4, 5];
            var field = fields[Next(fields.Length)];
            copy[field] = Typo(copy[field]!, digits: field is 2 or 4);
        }
        if (Next(20) == 0)
        {
            copy[4] = null;
        }
        return copy;
    }

    private string Typo(string value, bool digits)
    {
        var chars = value.ToList();
        char Random() => digits ? (char)('0' + Next(10)) : (char)('a' + Next(26));
        var at = Next(chars.Count);
        switch (digits ? (Next(2) == 0 ? 0 : 3) : Next(4))
        {
            case 0:
                chars[at] = Random();
                break;
            case 1:
                chars.Insert(at, Random());
                break;
            case 2 when chars.Count > 2:
                chars.RemoveAt(at);
                break;
            default:
                if (at + 1 < chars.Count)
                {
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                }
                else
                {
                    chars[at] = Random();
                }
                break;
        }
        return new string([.. chars]);
    }

    /// <summary>
    /// Two agencies' lists of <paramref name="count"/> records each: A holds <paramref name="count"/> people; B holds
    /// corrupted copies of the first <paramref name="overlap"/> of them (in a shuffled order) and new people. The truth
    /// is <c>TruthOfB[i]</c>: the index in A of B's record i, or −1.
    /// </summary>
    public (List<string?[]> A, List<string?[]> B, int[] TruthOfB) TwoAgencies(int count, int overlap)
    {
        var a = new List<string?[]>(count);
        for (var i = 0; i < count; i++)
        {
            a.Add(Person());
        }
        var b = new List<string?[]>(count);
        var truth = new int[count];
        for (var i = 0; i < count; i++)
        {
            b.Add(i < overlap ? Copy(a[i]) : Person());
            truth[i] = i < overlap ? i : -1;
        }
        for (var i = count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (b[i], b[j]) = (b[j], b[i]);
            (truth[i], truth[j]) = (truth[j], truth[i]);
        }
        return (a, b, truth);
    }

    /// <summary>One file of <paramref name="people"/> people and <paramref name="duplicates"/> corrupted copies of random ones; <c>EntityOf[i]</c> is record i's person.</summary>
    public (List<string?[]> Records, int[] EntityOf) OneFile(int people, int duplicates)
    {
        var records = new List<string?[]>(people + duplicates);
        var entity = new int[people + duplicates];
        for (var i = 0; i < people; i++)
        {
            records.Add(Person());
            entity[i] = i;
        }
        for (var d = 0; d < duplicates; d++)
        {
            var of = Next(people);
            records.Add(Copy(records[of]));
            entity[people + d] = of;
        }
        return (records, entity);
    }

    /// <summary>Encodes the records in parallel (as each agency would), with the blocking keys of <see cref="Rules"/>.</summary>
    public static PartyEncodings Encode(byte[] secret, IReadOnlyList<string?[]> records, bool withBlockingKeys = true)
    {
        var encoder = new BloomFilterEncoder(secret, EncodedFields);
        var blocking = new BlockingKeys(secret, Rules);
        var words = new ulong[(long)records.Count * BloomFilterEncoder.EncodingWords];
        var keys = withBlockingKeys ? new ulong[(long)records.Count * blocking.Count] : null;
        Parallel.For(0, records.Count, i =>
        {
            encoder.Encode(records[i], words.AsSpan(i * BloomFilterEncoder.EncodingWords, BloomFilterEncoder.EncodingWords));
            if (keys is not null)
            {
                blocking.Compute(records[i], keys.AsSpan(i * blocking.Count, blocking.Count));
            }
        });
        return new PartyEncodings(words, keys, withBlockingKeys ? blocking.Count : 0);
    }
}
