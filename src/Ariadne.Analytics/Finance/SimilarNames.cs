using Ariadne.Analytics.Linkage;

namespace Ariadne.Analytics.Finance;

/// <summary>
/// Two parties whose name encodings reach the threshold and who share a weaker attribute: the parties (A &lt; B), the
/// Dice coefficient of their encodings and the attributes they share ("date of birth", "address").
/// </summary>
public sealed record NameLink(int A, int B, double Similarity, IReadOnlyList<string> Attributes);

/// <summary>What <see cref="SimilarNames.Link"/> found and how much work it did.</summary>
public sealed record NameLinkResult(IReadOnlyList<NameLink> Links, long Compared, int SkippedBlocks);

/// <summary>
/// Fuzzy entity resolution of account holders on the record-linkage engine's encodings (issue 17 item 4): two parties
/// are the same holder when their names' balanced Bloom-filter encodings (<see cref="BloomFilterEncoder"/>, keyed; no
/// name is seen here) reach a Dice coefficient of at least the threshold <b>and</b> they share a weaker attribute —
/// the same date of birth or the same address (opaque keys: blind indexes). A similar name alone is not enough (two
/// "J. Smith" at two banks are not one person), nor is a shared attribute alone (two people at one address).
/// </summary>
/// <remarks>
/// Blocking, as the engine blocks on keyed blocking keys: the weaker attribute <i>is</i> the blocking key (a pair that
/// shares none cannot link), so only parties in one block are compared, and the work is the sum of the squares of the
/// block sizes — near-linear when blocks are small, as dates of birth and addresses are. A block of more than
/// <c>maxBlock</c> parties (a hotel, a shelter, a placeholder date such as 1900-01-01) says nothing about identity and
/// would make the work quadratic; it is skipped and counted.
/// </remarks>
public static class SimilarNames
{
    /// <param name="encodings">Per party, <see cref="BloomFilterEncoder.EncodingWords"/> words back to back (any content where <paramref name="hasName"/> is false).</param>
    /// <param name="hasName">Per party, whether it has a name encoding.</param>
    /// <param name="blocks">Per weaker attribute (its name as the explanation says it), per party, an opaque key or null.</param>
    /// <param name="threshold">The least Dice coefficient of a link (balanced encodings: common bits / 512).</param>
    /// <param name="maxBlock">Blocks with more parties are skipped.</param>
    public static NameLinkResult Link(ulong[] encodings, bool[] hasName, IReadOnlyDictionary<string, string?[]> blocks, double threshold, int maxBlock = 1_000)
    {
        var n = hasName.Length;
        if (encodings.Length < n * BloomFilterEncoder.EncodingWords)
        {
            throw new ArgumentException("Fewer encodings than parties.", nameof(encodings));
        }
        var thresholdBits = (int)Math.Ceiling(threshold * BloomFilterEncoder.FilterBits - 1e-9);
        var found = new Dictionary<(int, int), (int Common, List<string> Attributes)>();
        long compared = 0;
        var skipped = 0;
        foreach (var (attribute, keys) in blocks)
        {
            var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var p = 0; p < n; p++)
            {
                if (hasName[p] && keys[p] is { } key)
                {
                    if (!members.TryGetValue(key, out var list))
                    {
                        members.Add(key, list = []);
                    }
                    list.Add(p);
                }
            }
            foreach (var block in members.Values)
            {
                if (block.Count < 2)
                {
                    continue;
                }
                if (block.Count > maxBlock)
                {
                    skipped++;
                    continue;
                }
                for (var i = 0; i < block.Count; i++)
                {
                    var a = block[i];
                    for (var j = i + 1; j < block.Count; j++)
                    {
                        var b = block[j];
                        compared++;
                        var common = Dice.CommonBits(encodings, a * BloomFilterEncoder.EncodingWords, encodings, b * BloomFilterEncoder.EncodingWords);
                        if (common < thresholdBits)
                        {
                            continue;
                        }
                        if (found.TryGetValue((a, b), out var link))
                        {
                            link.Attributes.Add(attribute);
                        }
                        else
                        {
                            found.Add((a, b), (common, [attribute]));
                        }
                    }
                }
            }
        }
        var links = found.Select(f => new NameLink(f.Key.Item1, f.Key.Item2, (double)f.Value.Common / BloomFilterEncoder.FilterBits, f.Value.Attributes))
            .OrderBy(l => l.A).ThenBy(l => l.B).ToList();
        return new NameLinkResult(links, compared, skipped);
    }
}
