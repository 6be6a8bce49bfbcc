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
}
