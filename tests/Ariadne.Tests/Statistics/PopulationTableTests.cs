using Ariadne.Core.Statistics;

namespace Ariadne.Tests.Statistics;

public sealed class PopulationTableTests
{
    [Fact]
    public void Default_HoldsCountriesButNotAggregates()
    {
        var table = PopulationTable.Default;

        Assert.Equal(54922, table.Find("ABW", 1960));
        Assert.True(table.Find("DEU", 2020) is > 80_000_000 and < 90_000_000);
        Assert.True(table.Find("BHS", 2000) > 0);
        Assert.Null(table.Find("WLD", 2020));
        Assert.Null(table.Find("EUU", 2020));
    }

    [Fact]
    public void Parse_ReadsQuotedFieldsWithTheSeparatorAndIgnoresAByteOrderMark()
    {
        // The hand-split reader took "BHS" with its quotes as the code and dropped the row.
        const string text = "\uFEFFCountry Name,Country Code,Year,Value\n\"Bahamas, The\",\"BHS\",\"2000\",\"325014\"\nAruba,ABW,1960,54922\n";

        var table = PopulationTable.Parse(new StringReader(text), new HashSet<string>(["BHS", "ABW"], StringComparer.Ordinal));

        Assert.Equal(325014, table.Find("BHS", 2000));
        Assert.Equal(54922, table.Find("ABW", 1960));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Parse_NamesTheRowWithTooFewFields()
    {
        const string text = "Country Name,Country Code,Year,Value\nAruba,ABW,1960,54922\nAruba,ABW,1961\n";

        var refused = Assert.Throws<InvalidDataException>(() => PopulationTable.Parse(new StringReader(text), new HashSet<string>(["ABW"], StringComparer.Ordinal)));

        Assert.Equal("Population row 3: expected 4 fields.", refused.Message);
    }
}
