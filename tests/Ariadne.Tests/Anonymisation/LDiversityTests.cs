using Ariadne.Analytics.Anonymisation;

namespace Ariadne.Tests.Anonymisation;

public sealed class LDiversityTests
{
    private static readonly string[] Columns = ["age", "sex", "form"];

    private static GeneralisationHierarchy Age() => GeneralisationHierarchy.Parse(new StringReader(
        "20;20-29;*\n25;20-29;*\n30;30-39;*\n35;30-39;*\n"));

    private static GeneralisationHierarchy Sex() => GeneralisationHierarchy.Parse(new StringReader("f;*\nm;*\n"));

    [Fact]
    public void Anonymise_HomogeneousClass_IsSuppressedUnderTwoDiversityButNotUnderKAnonymityAlone()
    {
        // Class (30-39, m) has three records, all "labour": 3-anonymous, but not 2-diverse.
        string[][] rows =
        [
            ["20", "f", "sexual"], ["25", "f", "labour"], ["20", "f", "sexual"],
            ["30", "m", "labour"], ["35", "m", "labour"], ["30", "m", "labour"],
        ];
        var hierarchies = new Dictionary<string, GeneralisationHierarchy> { ["age"] = Age(), ["sex"] = Sex() };

        var kOnly = KAnonymity.Anonymise(Columns, rows, hierarchies, new KAnonymityOptions { K = 3, MaxSuppression = 0.5 });
        var diverse = KAnonymity.Anonymise(Columns, rows, hierarchies,
            new KAnonymityOptions { K = 3, MaxSuppression = 0.5, L = 2, SensitiveColumn = "form" });

        Assert.Equal([1, 0], kOnly.Levels);
        Assert.Equal(0, kOnly.SuppressedRecords);
        // Any class holding only the men is all "labour"; merging them with the women costs more than suppressing 3 of 6.
        Assert.Equal(3, diverse.SuppressedRecords);
        Assert.Equal(["20-29", "f", "sexual"], diverse.Rows[0]);
        Assert.Equal(["*", "*", "labour"], diverse.Rows[3]);
        AssertDistinctlyDiverse(diverse.Rows, Columns, ["age", "sex"], "form", 2);
    }

    [Fact]
    public void Anonymise_NoSuppressionAllowed_GeneralisesUntilEveryClassIsDiverse()
    {
        // Ten-year bands give classes of 2, each of one form: 2-anonymous but not 2-diverse; only age "*" mixes the forms.
        string[][] rows =
        [
            ["20", "f", "sexual"], ["25", "f", "sexual"], ["30", "f", "labour"], ["35", "f", "labour"],
        ];
        var hierarchies = new Dictionary<string, GeneralisationHierarchy> { ["age"] = Age(), ["sex"] = Sex() };
        var options = new KAnonymityOptions { K = 2, MaxSuppression = 0 };

        var kOnly = KAnonymity.Anonymise(Columns, rows, hierarchies, options);
        var diverse = KAnonymity.Anonymise(Columns, rows, hierarchies, options with { L = 2, SensitiveColumn = "form" });

        Assert.Equal([1, 0], kOnly.Levels);
        Assert.Equal([2, 0], diverse.Levels);
        Assert.Equal(0, diverse.SuppressedRecords);
        Assert.Equal(0.5, diverse.InformationLoss, 12);
        AssertDistinctlyDiverse(diverse.Rows, Columns, ["age", "sex"], "form", 2);
    }

    [Fact]
    public void Anonymise_AdultSubsetWithOccupationSensitive_FindsTheSameOptimumAsAnExhaustiveSearch()
    {
        var (columns, rows) = KAnonymityTests.ReadAdult();
        string[] qi = ["sex", "age", "race", "marital-status", "education"];
        var hierarchies = KAnonymityTests.AdultHierarchies(qi);
        var sample = rows.Take(3000).ToList();
        var occupation = Array.IndexOf(columns, "occupation");
        var options = new KAnonymityOptions { K = 5, MaxSuppression = 0.04, L = 3, SensitiveColumn = "occupation" };

        var result = KAnonymity.Anonymise(columns, sample, hierarchies, options);

        var best = double.PositiveInfinity;
        foreach (var levels in KAnonymityTests.Lattice([.. qi.Select(c => hierarchies[c].Height)]))
        {
            var suppressed = sample
                .GroupBy(r => string.Join("|", qi.Select((c, a) => hierarchies[c].Generalise(r[Array.IndexOf(columns, c)], levels[a]))))
                .Where(g => g.Count() < options.K || g.Select(r => r[occupation]).Distinct().Count() < options.L)
                .Sum(g => g.Count());
            if (suppressed > Math.Floor(options.MaxSuppression * sample.Count))
            {
                continue;
            }
            var generalisation = qi.Select((c, a) => (double)levels[a] / (hierarchies[c].Height - 1)).Average();
            best = Math.Min(best, generalisation + (double)suppressed / sample.Count * (1 - generalisation));
        }
        Assert.Equal(best, result.InformationLoss, 9);
        KAnonymityTests.AssertKAnonymous(result.Rows, columns, qi, 5);
        AssertDistinctlyDiverse(result.Rows, columns, qi, "occupation", 3);
        var withoutL = KAnonymity.Anonymise(columns, sample, hierarchies, options with { L = 1 });
        Assert.True(result.InformationLoss > withoutL.InformationLoss, $"ℓ = 3 costs {result.InformationLoss}, k alone {withoutL.InformationLoss}");
    }

    [Fact]
    public void Anonymise_SensitiveColumnMissingOrAQuasiIdentifier_IsRejectedNamingIt()
    {
        string[][] rows = [["20", "f", "sexual"]];
        var hierarchies = new Dictionary<string, GeneralisationHierarchy> { ["age"] = Age(), ["sex"] = Sex() };

        var missing = Assert.Throws<ArgumentException>(() => KAnonymity.Anonymise(Columns, rows, hierarchies,
            new KAnonymityOptions { K = 1, L = 2, SensitiveColumn = "nope" }));
        var quasi = Assert.Throws<ArgumentException>(() => KAnonymity.Anonymise(Columns, rows, hierarchies,
            new KAnonymityOptions { K = 1, L = 2, SensitiveColumn = "sex" }));

        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'sex'", quasi.Message, StringComparison.Ordinal);
    }

    /// <summary>The independent checker: every released class (suppressed records aside) holds at least ℓ distinct sensitive values.</summary>
    internal static void AssertDistinctlyDiverse(IReadOnlyList<string[]> rows, IReadOnlyList<string> columns, IReadOnlyList<string> qi, string sensitive, int l)
    {
        var indices = qi.Select(c => columns.ToList().IndexOf(c)).ToArray();
        var s = columns.ToList().IndexOf(sensitive);
        var groups = rows
            .Where(r => !indices.All(i => r[i] == "*"))
            .GroupBy(r => string.Join("|", indices.Select(i => r[i])))
            .Select(g => (g.Key, Distinct: g.Select(r => r[s]).Distinct().Count()))
            .ToList();
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.True(g.Distinct >= l, $"class '{g.Key}' has {g.Distinct} distinct sensitive values"));
    }
}
