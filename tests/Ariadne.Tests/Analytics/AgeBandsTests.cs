using Ariadne.Analytics.Demographics;

namespace Ariadne.Tests.Analytics;

public sealed class AgeBandsTests
{
    public static TheoryData<string> PredefinedSets => ["glotip", "ctdc"];

    [Theory]
    [MemberData(nameof(PredefinedSets))]
    public void Classify_EveryAge0To120_FallsInExactlyOneBand(string set)
    {
        AssertPartitions(Predefined(set), 0, 120);
    }

    [Theory]
    [MemberData(nameof(PredefinedSets))]
    public void Classify_Null_ReturnsTheUnknownLabel(string set)
    {
        var bands = Predefined(set);

        Assert.Equal("Unknown", bands.Classify(null));
        Assert.Equal(bands.UnknownLabel, bands.Classify(null));
    }

    [Theory]
    [InlineData(0, "0 to 17 years")]
    [InlineData(17, "0 to 17 years")]
    [InlineData(18, "18 years or over")]
    [InlineData(120, "18 years or over")]
    [InlineData(int.MaxValue, "18 years or over")]
    public void Classify_GlotipBoundaries_ReturnsTheGlotipAgeGroup(int age, string expected)
    {
        Assert.Equal(expected, AgeBands.Glotip.Classify(age));
    }

    [Theory]
    [InlineData(0, "0--8")]
    [InlineData(8, "0--8")]
    [InlineData(9, "9--17")]
    [InlineData(17, "9--17")]
    [InlineData(18, "18--20")]
    [InlineData(20, "18--20")]
    [InlineData(21, "21--23")]
    [InlineData(23, "21--23")]
    [InlineData(24, "24--26")]
    [InlineData(26, "24--26")]
    [InlineData(27, "27--29")]
    [InlineData(29, "27--29")]
    [InlineData(30, "30--38")]
    [InlineData(38, "30--38")]
    [InlineData(39, "39--47")]
    [InlineData(47, "39--47")]
    [InlineData(48, "48+")]
    [InlineData(99, "48+")]
    public void Classify_CtdcBoundaries_ReturnsTheAgeBroadValue(int age, string expected)
    {
        Assert.Equal(expected, AgeBands.CtdcAgeBroad.Classify(age));
    }

    [Fact]
    public void Labels_Glotip_BandsInAgeOrderThenUnknown()
    {
        Assert.Equal(["0 to 17 years", "18 years or over", "Unknown"], AgeBands.Glotip.Labels);
    }

    [Fact]
    public void Labels_Ctdc_AreTheDataDictionaryAgeRange2Values()
    {
        Assert.Equal(
            ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "Unknown"],
            AgeBands.CtdcAgeBroad.Labels);
    }

    [Theory]
    [MemberData(nameof(PredefinedSets))]
    public void Classify_NegativeAge_ThrowsArgumentOutOfRange(string set)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Predefined(set).Classify(-1));
    }

    [Fact]
    public void Classify_CustomClosedBands_CoverOnlyTheirRange()
    {
        var bands = AgeBands.Create("n/a", new AgeBand(18, 24, "18-24"), new AgeBand(25, 34, "25-34"));

        AssertPartitions(bands, 18, 34);
        Assert.Equal((18, 34), (bands.MinimumAge, bands.MaximumAge));
        Assert.Equal("n/a", bands.Classify(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => bands.Classify(17));
        Assert.Throws<ArgumentOutOfRangeException>(() => bands.Classify(35));
    }

    [Fact]
    public void Create_SingleOpenEndedBand_CoversEveryAgeFromItsStart()
    {
        var bands = AgeBands.Create("?", new AgeBand(0, null, "all"));

        AssertPartitions(bands, 0, 150);
        Assert.Null(bands.MaximumAge);
    }

    [Fact]
    public void Create_Gap_ThrowsNamingBothBands()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AgeBands.Create("?", new AgeBand(0, 17, "minor"), new AgeBand(19, null, "adult")));

        Assert.Contains("Gap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'minor'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'adult'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Overlap_ThrowsNamingBothBands()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AgeBands.Create("?", new AgeBand(0, 18, "minor"), new AgeBand(18, null, "adult")));

        Assert.Contains("overlaps", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'minor'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'adult'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Descending_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AgeBands.Create("?", new AgeBand(18, 64, "adult"), new AgeBand(0, 17, "minor")));

        Assert.Contains("ascending", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OpenEndedBandNotLast_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AgeBands.Create("?", new AgeBand(0, null, "any"), new AgeBand(18, null, "adult")));

        Assert.Contains("open-ended", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UpperBelowLower_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgeBands.Create("?", new AgeBand(10, 9, "odd")));

        Assert.Contains("'odd'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NegativeLowerBound_Throws()
    {
        Assert.Throws<ArgumentException>(() => AgeBands.Create("?", new AgeBand(-1, 17, "minor")));
    }

    [Theory]
    [InlineData("minor", "minor")]
    [InlineData("adult", "minor")]
    public void Create_DuplicateLabel_Throws(string secondLabel, string unknownLabel)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AgeBands.Create(unknownLabel, new AgeBand(0, 17, "minor"), new AgeBand(18, null, secondLabel)));

        Assert.Contains("used twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Create_EmptyLabel_Throws(string label)
    {
        Assert.Throws<ArgumentException>(() => AgeBands.Create("?", new AgeBand(0, null, label)));
        Assert.Throws<ArgumentException>(() => AgeBands.Create(label, new AgeBand(0, null, "all")));
    }

    [Fact]
    public void Create_NoBands_Throws()
    {
        Assert.Throws<ArgumentException>(() => AgeBands.Create("?"));
    }

    [Fact]
    public void Create_BandEndingAtIntMaxFollowedByAnother_ThrowsInsteadOfOverflowing()
    {
        Assert.Throws<ArgumentException>(() =>
            AgeBands.Create("?", new AgeBand(0, int.MaxValue, "all"), new AgeBand(5, null, "more")));
    }

    [Fact]
    public void Create_LaterChangeToTheCallersArray_DoesNotChangeTheBands()
    {
        AgeBand[] input = [new(0, 17, "minor"), new(18, null, "adult")];
        var bands = AgeBands.Create("?", input);

        input[0] = new AgeBand(0, 5, "child");

        Assert.Equal("minor", bands.Classify(3));
    }

    /// <summary>
    /// The partition law: every age in [<paramref name="from"/>, <paramref name="to"/>] lies in exactly one band,
    /// and Classify returns that band's label.
    /// </summary>
    private static void AssertPartitions(AgeBands bands, int from, int to)
    {
        for (var age = from; age <= to; age++)
        {
            var containing = bands.Bands.Where(b => b.Contains(age)).ToList();
            Assert.True(containing.Count == 1, $"Age {age} lies in {containing.Count} bands.");
            Assert.Equal(containing[0].Label, bands.Classify(age));
        }
    }

    private static AgeBands Predefined(string set) => set switch
    {
        "glotip" => AgeBands.Glotip,
        "ctdc" => AgeBands.CtdcAgeBroad,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, null),
    };
}
