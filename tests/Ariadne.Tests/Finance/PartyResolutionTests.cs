using System.Diagnostics;
using System.Globalization;
using Ariadne.Analytics.Finance;
using Ariadne.Analytics.Linkage;
using Ariadne.Core.Finance;
using Ariadne.Core.Protection;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>
/// Fuzzy entity resolution of parties (<see cref="SimilarNames"/> on <see cref="FinancePartyNames"/> encodings, joined
/// into <see cref="SharedIdentifiers"/>): known answers, and recall/precision floors on the party generator's planted
/// name variants. Pure code, no app, no database.
/// </summary>
public sealed class PartyResolutionTests
{
    private static readonly FinancePartyNames Names = new(TestKeys.Default);

    [Fact]
    public void SimilarNames_VariantsWithSharedAttribute_LinkedAndExplained_OthersNot()
    {
        string[] names = ["John Smith", "Jon Smith", "Smith, John", "John Smith", "Jöhn Smíth", "Maria Keller", "Maria Kellner"];
        string?[] births = ["1980-01-02", "1980-01-02", null, "1990-05-05", null, "1975-03-03", "1975-03-03"];
        string?[] addresses = [null, null, "A", null, "A", null, null];
        var (words, hasName) = Encode(names);
        var blocks = new Dictionary<string, string?[]> { ["date of birth"] = births, ["address"] = addresses };

        var links = SimilarNames.Link(words, hasName, blocks, 0.8).Links;

        // A typo with the same date of birth; transposed and accented with the same address (identical after normalising).
        // "John Smith" born 1990 shares nothing with the others; Keller/Kellner share a date of birth and a similar name.
        Assert.Equal([(0, 1), (2, 4), (5, 6)], links.Select(l => (l.A, l.B)));
        Assert.InRange(links[0].Similarity, 0.8, 0.99);
        Assert.Equal(["date of birth"], links[0].Attributes);
        Assert.Equal(1.0, links[1].Similarity);
        Assert.Equal(["address"], links[1].Attributes);
        Assert.Equal(FinancePartyNames.Canonical("Smith, Jöhn"), FinancePartyNames.Canonical("JOHN SMITH"));

        // A block larger than the cap (a placeholder date) is skipped and counted; a higher threshold drops the typo.
        var skipped = SimilarNames.Link(words, hasName, new Dictionary<string, string?[]> { ["date of birth"] = [.. names.Select(_ => "1900-01-01")] }, 0.8, maxBlock: 5);
        Assert.Equal((0, 1, 0L), (skipped.Links.Count, skipped.SkippedBlocks, skipped.Compared));
        Assert.DoesNotContain(SimilarNames.Link(words, hasName, blocks, 0.99).Links, l => l.A == 0);
    }

    [Fact]
    public void SharedIdentifiers_NameLinks_JoinEntitiesAndCountVariantsAsOneName()
    {
        // Parties 0 and 1 share a phone (two names); party 2 is party 1 under a name variant at another bank.
        int[] accounts = [10, 11, 12];
        string?[] names = ["n-a", "n-b", "n-b2"];
        var keys = new Dictionary<string, string?[]> { ["phone"] = ["p", "p", null] };
        var link = new NameLink(1, 2, 0.93, ["date of birth"]);

        var entity = Assert.Single(SharedIdentifiers.Resolve(accounts, names, keys, 2, [link]));

        Assert.Equal([10, 11, 12], entity.Accounts);
        Assert.Equal(2, entity.DistinctNames);
        Assert.Equal(link, Assert.Single(entity.NameLinks));
        // The same person alone (no shared identifier with anyone else) is one name: not an entity to report.
        Assert.Empty(SharedIdentifiers.Resolve([11, 12], ["n-b", "n-b2"], new Dictionary<string, string?[]>(), 2, [new NameLink(0, 1, 0.93, ["address"])]));
    }

    /// <summary>
    /// The generator's persons under name variants (typos, transposed names, diacritics) across accounts: pair-level
    /// recall and precision of the links against the ground truth, decoys (same given name and date of birth) apart.
    /// <c>ARIADNE_FINANCE_PARTIES=100000</c> runs the benchmark size of docs/benchmarks.md and prints the times.
    /// </summary>
    [Fact]
    public void Resolution_GeneratedPartiesWithNameVariants_RecallAndPrecisionFloors()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("ARIADNE_FINANCE_PARTIES"), CultureInfo.InvariantCulture, out var size) ? size : 20_000;
        var accounts = Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"A{i:D7}")).ToArray();
        var generated = FinancePartyGenerator.Generate(accounts, 3, sharedGroups: n / 1000, variantPersons: n / 100);
        var vault = TestKeys.Vault();
        var clock = Stopwatch.StartNew();
        var (words, hasName) = Encode([.. generated.Parties.Select(p => p.Name)]);
        var blocks = new Dictionary<string, string?[]>
        {
            ["date of birth"] = [.. generated.Parties.Select(p => Hex(vault.IdentifierIndex("birth", p.DateOfBirth)))],
            ["address"] = [.. generated.Parties.Select(p => Hex(vault.IdentifierIndex("address", IdentityVault.NormaliseName(p.Address))))],
        };
        var encoded = clock.Elapsed;
        clock.Restart();
        var result = SimilarNames.Link(words, hasName, blocks, new RuleSet().SharedIdentifiers.NameThreshold);
        var linked = clock.Elapsed;

        var truth = new HashSet<(int, int)>();
        foreach (var person in generated.Persons)
        {
            var members = person.Select(a => Array.IndexOf(accounts, a)).Order().ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    truth.Add((members[i], members[j]));
                }
            }
        }
        var predicted = result.Links.Select(l => (l.A, l.B)).ToHashSet();
        var truePositives = predicted.Count(truth.Contains);
        var recall = (double)truePositives / truth.Count;
        var precision = (double)truePositives / predicted.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} parties, {generated.Persons.Count} persons under variants: encode + blind indexes {encoded.TotalSeconds:0.00} s, link {linked.TotalSeconds:0.000} s, " +
            $"{result.Compared} comparisons, {predicted.Count} links, recall {recall:0.000}, precision {precision:0.000}"));
        Assert.True(generated.Persons.Count >= n / 100 - 1);
        Assert.True(recall >= 0.95, $"recall {recall:0.000}");
        Assert.True(precision >= 0.95, $"precision {precision:0.000}");
        // Near-linear: blocks on date of birth and address keep the comparisons to a few per party.
        Assert.True(result.Compared < 10L * n, $"{result.Compared} comparisons");
    }

    private static (ulong[] Words, bool[] HasName) Encode(IReadOnlyList<string?> names)
    {
        var words = new ulong[names.Count * BloomFilterEncoder.EncodingWords];
        var hasName = new bool[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            hasName[i] = FinancePartyNames.Load(Names.Encode(names[i]), words, i);
        }
        return (words, hasName);
    }

    private static string? Hex(byte[]? index) => index is null ? null : Convert.ToHexString(index);
}
