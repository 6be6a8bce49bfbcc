using Ariadne.Analytics.Linkage.Probabilistic;

namespace Ariadne.Tests.Linkage;

/// <summary>The string comparators and the normalisation of deduplication against known values.</summary>
public sealed class ComparatorTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896)]
    public void JaroWinkler_TextbookValues(string a, string b, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);
        Assert.Equal(expected, JaroWinkler.Similarity(b, a), 3);
    }

    [Fact]
    public void JaroWinkler_EdgeCases()
    {
        Assert.Equal(1.0, JaroWinkler.Similarity("anna", "anna"));
        Assert.Equal(1.0, JaroWinkler.Similarity("", ""));
        Assert.Equal(0.0, JaroWinkler.Similarity("anna", ""));
        Assert.Equal(0.0, JaroWinkler.Similarity("abc", "xyz"));
        Assert.Equal(0.944, JaroWinkler.Jaro("MARTHA", "MARHTA"), 3);
        // Longer than the stack buffer: the pooled path gives the same answer as the short one on the same text.
        var longA = new string('a', 150) + "martha";
        var longB = new string('a', 150) + "marhta";
        Assert.InRange(JaroWinkler.Similarity(longA, longB), 0.99, 1.0);
    }

    [Fact]
    public void JaroWinkler_AllocatesNothingPerPair()
    {
        JaroWinkler.Similarity("warm", "up");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 1_000; i++)
        {
            sum += JaroWinkler.Similarity("kowalska", "kowalksa");
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 900);
    }

    [Fact]
    public void EditDistances_ExactWithinTheBound_BoundPlusOneBeyond()
    {
        Assert.Equal(3, EditDistance.Levenshtein("kitten", "sitting", 5));
        Assert.Equal(3, EditDistance.Levenshtein("kitten", "sitting", 2));
        Assert.Equal(0, EditDistance.Levenshtein("", "", 1));
        Assert.Equal(2, EditDistance.Levenshtein("", "ab", 3));
        Assert.Equal(2, EditDistance.Levenshtein("19900412", "19900421", 2));
        Assert.Equal(1, EditDistance.Damerau("19900412", "19900421", 2));
        Assert.Equal(1, EditDistance.Damerau("ca", "ac", 1));
        Assert.Equal(2, EditDistance.Damerau("abcdef", "azcdxf", 3));
        Assert.Equal(4, EditDistance.Damerau("abcdefgh", "zzzzzzzz", 3));
    }

    /// <summary>The Levenshtein distance is computed once per pair, capped at the largest threshold: every threshold still reads the exact distance.</summary>
    [Fact]
    public void DistanceLevels_EachThresholdReadsTheExactDistance()
    {
        var comparison = FieldComparison.Create("id", 0, ComparisonKind.Distance, false, [1, 3]); // null, exact, ≤ 1, ≤ 3, else
        string?[][] records = [["123456"], ["123456"], ["123457"], ["123477"], ["123777"], ["127777"], [null]];
        var prepared = new PreparedRecords(records, [comparison]);

        Assert.Equal([1, 2, 3, 3, 4, 0], Enumerable.Range(1, 6).Select(other => prepared.Level(0, 0, other)).ToArray());
    }

    [Fact]
    public void Dates_ReadThreeLayouts_RefuseImpossibleDates_SeeSwappedDayAndMonth()
    {
        var day = Dates.DayNumber("19900412");
        Assert.NotEqual(Dates.None, day);
        Assert.Equal(day, Dates.DayNumber(NameNormaliser.Normalise("1990-04-12")));
        Assert.Equal(day, Dates.DayNumber(NameNormaliser.Normalise("12.04.1990")));
        Assert.Equal(Dates.None, Dates.DayNumber("19900231"));
        Assert.Equal(Dates.None, Dates.DayNumber("1990"));
        Assert.Equal(Dates.None, Dates.DayNumber("waller"));
        Assert.True(Dates.DayMonthSwapped(day, Dates.DayNumber("19901204")));
        Assert.False(Dates.DayMonthSwapped(day, Dates.DayNumber("19911204")));
        Assert.Equal(1, Dates.DayNumber("19900413") - day);
    }

    [Theory]
    [InlineData("Иванов", "ivanov")] // ICAO 9303
    [InlineData("Щербакова", "shcherbakova")]
    [InlineData("Юлия Хмельницкая", "iuliia khmelnitskaia")]
    [InlineData("Олександр Ґонта", "oleksandr gonta")] // Ukrainian
    [InlineData("Љубица Ђорђевић", "ljubitsa dordevic")] // Serbian; Latin-script Đorđević normalises to dordevic too
    [InlineData("Παπαδόπουλος", "papadopoulos")] // ELOT 743
    [InlineData("Ευάγγελος", "evangelos")]
    [InlineData("Μπαλτάς", "baltas")]
    [InlineData("Ευθυμίου", "efthymiou")]
    [InlineData("كريم", "krim")] // UNGEGN, consonantal
    [InlineData("محمد", "mhmd")]
    [InlineData("Müller-Lüdenscheidt", "muller ludenscheidt")]
    [InlineData("Łukasz Straße", "lukasz strasse")]
    [InlineData("  O'Brien  ", "o brien")]
    [InlineData(null, "")]
    public void Normalise_TransliteratesToLatin(string? name, string expected) => Assert.Equal(expected, NameNormaliser.Normalise(name));

    [Theory]
    [InlineData("mary ann")]
    [InlineData("MARY Ann 1990")]
    [InlineData("19900412")]
    [InlineData("x")]
    [InlineData("mary  ann")] // two spaces: not the plain form, the full pipeline makes one
    [InlineData(" mary")]
    public void Normalise_PlainAsciiShortcut_AgreesWithTheFullPipeline(string value)
    {
        // A trailing combining accent sends the value through the full pipeline, which strips it again.
        var full = NameNormaliser.Normalise(value + "\u0301");

        Assert.Equal(full, NameNormaliser.Normalise(value));
        Assert.Equal(value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries), full.Split(' '));
    }

    [Fact]
    public void Transliterated_NamesCompareEqualOrNearlyEqualToTheirLatinSpelling()
    {
        Assert.Equal(1.0, JaroWinkler.Similarity(NameNormaliser.Normalise("Иванов"), NameNormaliser.Normalise("IVANOV")));
        Assert.Equal(1.0, JaroWinkler.Similarity(NameNormaliser.Normalise("Παπαδόπουλος"), NameNormaliser.Normalise("Papadopoulos")));
        // Other romanisations of the same name stay above the name comparison's 0.88 level.
        Assert.True(JaroWinkler.Similarity(NameNormaliser.Normalise("Хмельницкая"), NameNormaliser.Normalise("Chmelnitskaya")) >= 0.88);
        Assert.True(JaroWinkler.Similarity(NameNormaliser.Normalise("كريم"), NameNormaliser.Normalise("Karim")) >= 0.88);
    }
}
