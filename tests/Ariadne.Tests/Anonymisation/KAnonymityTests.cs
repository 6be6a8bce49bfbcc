using System.Diagnostics;
using Ariadne.Analytics.Anonymisation;

namespace Ariadne.Tests.Anonymisation;

public sealed class KAnonymityTests
{
    internal static readonly string[] AdultColumns =
        ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class"];

    internal static (string[] Columns, List<string[]> Rows) ReadAdult()
    {
        var lines = File.ReadAllLines(TestData.Path("adult", "adult.csv"));
        return (lines[0].Split(';'), [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';'))]);
    }

    internal static Dictionary<string, GeneralisationHierarchy> AdultHierarchies(IEnumerable<string> columns) =>
        columns.ToDictionary(c => c, c =>
        {
            using var reader = new StreamReader(TestData.Path("adult", $"adult_hierarchy_{c}.csv"));
            return GeneralisationHierarchy.Parse(reader);
        });

    [Fact]
    public void Anonymise_AdultWithAllNineQuasiIdentifiers_IsElevenAnonymousWithinTheSuppressionLimit()
    {
        var (columns, rows) = ReadAdult();
        Assert.Equal(30_162, rows.Count);
        var hierarchies = AdultHierarchies(AdultColumns);

        var clock = Stopwatch.StartNew();
        var result = KAnonymity.Anonymise(columns, rows, hierarchies, new KAnonymityOptions { K = 11, MaxSuppression = 0.05 });
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"levels {string.Join(",", result.QuasiIdentifiers.Zip(result.Levels, (n, l) => $"{n}={l}"))}; suppressed {result.SuppressedRecords}; " +
            $"loss {result.InformationLoss:F4}; evaluated {result.NodesEvaluated} of {result.NodesInLattice}; {clock.ElapsedMilliseconds} ms");
        Assert.Equal(12_960, result.NodesInLattice);
        AssertKAnonymous(result.Rows, columns, AdultColumns, 11);
        var suppressed = result.Rows.Count(r => AdultColumns.All(c => r[Array.IndexOf(columns, c)] == "*"));
        Assert.Equal(result.SuppressedRecords, suppressed);
        Assert.True(suppressed <= 0.05 * rows.Count, $"{suppressed} records suppressed");
        Assert.Equal(ExpectedLoss(result, hierarchies, rows.Count), result.InformationLoss, 9);
        Assert.True(result.NodesEvaluated < result.NodesInLattice / 4, $"{result.NodesEvaluated} nodes evaluated");
    }

    [Fact]
    public void Anonymise_AdultSubset_FindsTheSameOptimumAsAnExhaustiveSearch()
    {
        var (columns, rows) = ReadAdult();
        string[] qi = ["sex", "age", "race", "marital-status", "education"];
        var hierarchies = AdultHierarchies(qi);
        var sample = rows.Take(3000).ToList();
        var options = new KAnonymityOptions { K = 5, MaxSuppression = 0.02 };

        var result = KAnonymity.Anonymise(columns, sample, hierarchies, options);

        // Exhaustive: every node of the lattice, by an independent count.
        var best = double.PositiveInfinity;
        foreach (var levels in Lattice([.. qi.Select(c => hierarchies[c].Height)]))
        {
            var classes = sample.GroupBy(r => string.Join("|", qi.Select((c, a) => hierarchies[c].Generalise(r[Array.IndexOf(columns, c)], levels[a]))))
                .Select(g => g.Count()).ToList();
            var suppressed = classes.Where(s => s < options.K).Sum();
            if (suppressed > Math.Floor(options.MaxSuppression * sample.Count))
            {
                continue;
            }
            var generalisation = qi.Select((c, a) => (double)levels[a] / (hierarchies[c].Height - 1)).Average();
            best = Math.Min(best, generalisation + (double)suppressed / sample.Count * (1 - generalisation));
        }
        Assert.Equal(best, result.InformationLoss, 9);
        AssertKAnonymous(result.Rows, columns, qi, 5);
    }

    [Fact]
    public void Parse_LinesOfDifferentLengths_IsRejectedWithTheLineNumber()
    {
        var error = Assert.Throws<FormatException>(() => GeneralisationHierarchy.Parse(new StringReader("a;x;*\nb;*\n")));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The independent checker: every combination of released quasi-identifiers, suppressed records aside, occurs at least k times.</summary>
    internal static void AssertKAnonymous(IReadOnlyList<string[]> rows, string[] columns, IReadOnlyList<string> qi, int k)
    {
        var indices = qi.Select(c => Array.IndexOf(columns, c)).ToArray();
        var groups = rows
            .Where(r => !indices.All(i => r[i] == "*"))
            .GroupBy(r => string.Join("|", indices.Select(i => r[i])))
            .Select(g => (g.Key, Count: g.Count()))
            .ToList();
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.True(g.Count >= k, $"class '{g.Key}' has {g.Count} records"));
    }

    private static double ExpectedLoss(AnonymisationResult result, Dictionary<string, GeneralisationHierarchy> hierarchies, int n)
    {
        var generalisation = result.QuasiIdentifiers.Select((c, a) => (double)result.Levels[a] / (hierarchies[c].Height - 1)).Average();
        var s = (double)result.SuppressedRecords / n;
        return generalisation * (1 - s) + s;
    }

    internal static IEnumerable<int[]> Lattice(int[] heights)
    {
        var levels = new int[heights.Length];
        while (true)
        {
            yield return (int[])levels.Clone();
            var a = 0;
            while (a < heights.Length && ++levels[a] == heights[a])
            {
                levels[a] = 0;
                a++;
            }
            if (a == heights.Length)
            {
                yield break;
            }
        }
    }
}
