using Ariadne.Analytics.FollowUp;
using Ariadne.Core.FollowUp;

namespace Ariadne.Tests.FollowUp;

/// <summary>The pure parts of the follow-up: the word-set cosine behind "possibly the same as", and the plan CSV's line checks.</summary>
public sealed class FollowUpUnitTests
{
    [Fact]
    public void Cosine_SameWordsInOtherOrderAndCase_IsOne_UnrelatedIsZero_StopWordsAndDiacriticsIgnored()
    {
        var a = TextSimilarity.Words("Ensure the non-punishment of victims of trafficking");
        var b = TextSimilarity.Words("trafficking VICTIMS: ensure non-punishment");
        Assert.Equal(1.0, TextSimilarity.Cosine(a, b), 10);
        Assert.Equal(0.0, TextSimilarity.Cosine(a, TextSimilarity.Words("budget for labour inspection")));
        Assert.Equal(TextSimilarity.Words("Maßnahmen für Opfer"), TextSimilarity.Words("MASSNAHMEN fur opfer"));
        // 3 of 4 and 3 of 5 words shared: 3 / √20.
        var c = TextSimilarity.Cosine(TextSimilarity.Words("alpha beta gamma delta"), TextSimilarity.Words("alpha beta gamma epsilon zeta"));
        Assert.Equal(3 / Math.Sqrt(20), c, 10);
    }

    [Fact]
    public void MostSimilar_KeepsThoseAtOrAboveThreshold_BestFirst()
    {
        var found = TextSimilarity.MostSimilar("protect the privacy and identity of victims",
            [(1, "protect privacy and identity of trafficking victims"), (2, "universal ratification of the protocol"), (3, "identity of victims")]);
        Assert.Equal([1, 3], found.Select(f => f.Key));
        Assert.True(found[0].Score > found[1].Score);
    }

    [Fact]
    public void ParsePlan_QuotedFieldsWithDelimitersAndLineBreaks_AreOneField_ErrorsNameTheStartingLine()
    {
        var organisations = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase) { ["Ministry of Interior"] = Guid.NewGuid() };
        var csv = "number,title,text,institutions\n1.1,\"Train, and train again\",\"two\nlines\",Ministry of Interior\n1.2,Second,,\n";
        var (rows, errors) = FollowUpService.ParsePlan(new StringReader(csv), organisations);
        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        Assert.Equal("Train, and train again", rows[0].Title);
        Assert.Equal("two\nlines", rows[0].Text);
        Assert.Equal([organisations["Ministry of Interior"]], rows[0].InstitutionIds!);

        // The record after a two-line field starts on line 4; its missing title is named there, and nothing is returned.
        var bad = "number;title;text\n1;\"A\";\"x\ny\"\n2;;z\n";
        var (none, lineErrors) = FollowUpService.ParsePlan(new StringReader(bad), organisations);
        Assert.Empty(none);
        var error = Assert.Single(lineErrors);
        Assert.Equal("CsvLine", error.Code);
        Assert.Equal([4L, "title"], error.Arguments);
    }

    [Theory]
    [InlineData("number,title\n1,\"open\n", 2L, "line")]
    [InlineData("number,title\n1,a\"b\"\n", 2L, "line")]
    [InlineData("number,title,colour\n1,a,red\n", 1L, "colour")]
    [InlineData("title\nA\n", 1L, "number")]
    [InlineData("number,title,acceptance\n1,a,maybe\n", 2L, "acceptance")]
    [InlineData("number,title,institutions\n1,a,Nowhere Office\n", 2L, "institutions")]
    [InlineData("number,title\n1,a\n1,b\n", 3L, "number")]
    [InlineData("number,title\n1,a,extra\n", 2L, "line")]
    public void ParsePlan_MalformedLine_NamesLineAndField(string csv, long line, string field)
    {
        var (rows, errors) = FollowUpService.ParsePlan(new StringReader(csv), new Dictionary<string, Guid>());
        Assert.Empty(rows);
        Assert.Contains(errors, e => e.Arguments.SequenceEqual(new object[] { line, field }));
    }
}
