using Ariadne.Analytics.Statistics;

namespace Ariadne.Tests.Statistics;

public sealed class DisaggregationTests
{
    // Five synthetic persons: sex, age group, year, forms.
    private static PersonRecords Small()
    {
        var sex = new PersonColumnBuilder("sex", labels: ["female", "male"]);
        var age = new PersonColumnBuilder("ageGroup", labels: ["0 to 17 years", "18 years or over"]);
        var year = new PersonColumnBuilder("year");
        var form = new PersonColumnBuilder("form", multiValued: true, labels: ["sexual-exploitation", "forced-labour"]);
        void Add(string s, string a, string y, params string[] forms)
        {
            sex.Add(s);
            age.Add(a);
            year.Add(y);
            form.Add(forms);
        }
        Add("female", "18 years or over", "2023", "sexual-exploitation");
        Add("female", "0 to 17 years", "2023", "sexual-exploitation", "forced-labour");
        Add("male", "18 years or over", "2024", "forced-labour");
        Add("male", "18 years or over", "2024");
        Add("female", "18 years or over", "2024", "forced-labour", "forced-labour");
        return new PersonRecords([sex.Build(), age.Build(), year.Build(), form.Build()]);
    }

    [Fact]
    public void Count_TwoSingleValuedDimensions_GivesCellsSubtotalsAndGrandTotal()
    {
        var table = Disaggregation.Count(Small(), ["sex", "ageGroup"]);

        Assert.Equal(2, table.Count("female", "18 years or over"));
        Assert.Equal(1, table.Count("female", "0 to 17 years"));
        Assert.Equal(2, table.Count("male", "18 years or over"));
        Assert.Equal(0, table.Count("male", "0 to 17 years"));
        Assert.Equal(3, table.Count("female", "Total"));
        Assert.Equal(4, table.Count("Total", "18 years or over"));
        Assert.Equal(5, table.GrandTotal);
        Assert.Equal(Disaggregation.SingleValuedRule, table.CountingRule);
    }

    [Fact]
    public void Count_Forms_CountsAPersonOncePerFormAndOnceInTheTotal()
    {
        var table = Disaggregation.Count(Small(), ["sex", "form"]);

        Assert.Equal(2, table.Count("female", "sexual-exploitation"));
        Assert.Equal(2, table.Count("female", "forced-labour"));
        Assert.Equal(3, table.Count("female", "Total"));
        Assert.Equal(1, table.Count("male", "Unknown"));
        Assert.Equal(3, table.Count("Total", "forced-labour"));
        Assert.Equal(5, table.GrandTotal);
        Assert.Contains("once under each", table.CountingRule, StringComparison.Ordinal);
        Assert.Equal(["sexual-exploitation", "forced-labour", "Unknown"], table.Dimensions[1].Labels);
    }

    [Fact]
    public void Count_WithAFilter_CountsOnlyTheMatchingPersons()
    {
        var table = Disaggregation.Count(Small(), ["sex"], [new PersonFilter("form", ["forced-labour"])]);

        Assert.Equal(2, table.Count("female"));
        Assert.Equal(1, table.Count("male"));
        Assert.Equal(3, table.GrandTotal);
    }

    [Fact]
    public void Trend_ByYear_ListsEachYearAndTheTotal()
    {
        var trend = Disaggregation.Trend(Small(), "year");

        Assert.Equal([("2023", 2L), ("2024", 3L), ("Total", 5L)], trend);
    }

    [Fact]
    public void Flows_OriginToDestination_HasRowAndColumnTotals()
    {
        var origin = new PersonColumnBuilder("citizenship");
        var destination = new PersonColumnBuilder("countryOfExploitation");
        foreach (var (o, d) in new[] { ("NG", "IT"), ("NG", "IT"), ("NG", "DE"), ("RO", "DE"), ("DE", "DE") })
        {
            origin.Add(o);
            destination.Add(d);
        }
        var flows = Disaggregation.Flows(new PersonRecords([origin.Build(), destination.Build()]), "citizenship", "countryOfExploitation");

        Assert.Equal(2, flows.Count("NG", "IT"));
        Assert.Equal(3, flows.Count("NG", "Total"));
        Assert.Equal(3, flows.Count("Total", "DE"));
        Assert.Equal(0, flows.Count("RO", "IT"));
    }

    [Fact]
    public void Count_RandomPersonsInParallel_MatchesANaiveCountInEveryCellAndMargin()
    {
        var random = new Random(7);
        const int n = 250_000;
        var sex = new ushort[n];
        var age = new ushort[n];
        var year = new ushort[n];
        var forms = new uint[n];
        for (var i = 0; i < n; i++)
        {
            sex[i] = (ushort)random.Next(3);
            age[i] = (ushort)random.Next(4);
            year[i] = (ushort)random.Next(5);
            forms[i] = (uint)random.Next(1, 16);
        }
        var records = new PersonRecords([
            PersonColumn.FromCodes("sex", ["f", "m", "u"], sex),
            PersonColumn.FromCodes("age", ["a", "b", "c", "d"], age),
            PersonColumn.FromCodes("year", ["y0", "y1", "y2", "y3", "y4"], year),
            PersonColumn.FromMasks("form", ["f0", "f1", "f2", "f3"], forms),
        ]);

        var three = Disaggregation.Count(records, ["sex", "age", "year"], maxDegreeOfParallelism: 2);
        var withForms = Disaggregation.Count(records, ["year", "form", "sex"], maxDegreeOfParallelism: 2);

        for (var s = 0; s <= 3; s++)
        {
            for (var a = 0; a <= 4; a++)
            {
                for (var y = 0; y <= 5; y++)
                {
                    var expected = Enumerable.Range(0, n).Count(i => (s == 3 || sex[i] == s) && (a == 4 || age[i] == a) && (y == 5 || year[i] == y));
                    Assert.Equal(expected, three[s, a, y]);
                }
            }
        }
        for (var y = 0; y <= 5; y++)
        {
            for (var f = 0; f <= 4; f++)
            {
                var expected = Enumerable.Range(0, n).Count(i => (y == 5 || year[i] == y) && sex[i] == 1 && (f == 4 || (forms[i] & (1u << f)) != 0));
                Assert.Equal(expected, withForms[y, f, 1]);
            }
        }
        Assert.Equal(n, withForms[5, 4, 3]);
    }

    [Fact]
    public void Count_TwoMultiValuedColumns_IsRefused()
    {
        var a = new PersonColumnBuilder("a", multiValued: true);
        var b = new PersonColumnBuilder("b", multiValued: true);
        a.Add(["x"]);
        b.Add(["y"]);

        Assert.Throws<ArgumentException>(() => Disaggregation.Count(new PersonRecords([a.Build(), b.Build()]), ["a", "b"]));
    }

    [Fact]
    public void Rates_PerCountryAndYear_DivideByThePopulationAndSumItAtTheCountryTotal()
    {
        var country = new PersonColumnBuilder("country");
        var year = new PersonColumnBuilder("year");
        foreach (var (c, y, times) in new[] { ("DEU", "2020", 166), ("AUT", "2020", 18) })
        {
            for (var i = 0; i < times; i++)
            {
                country.Add(c);
                year.Add(y);
            }
        }
        var table = Disaggregation.Count(new PersonRecords([country.Build(), year.Build()]), ["country", "year"]);
        long? Population(string code, int y) => (code, y) switch { ("DEU", 2020) => 83_000_000, ("AUT", 2020) => 9_000_000, _ => null };

        var rates = Sdg1622.Rates(table, "country", "year", Population);

        Assert.Equal(0.2, rates[table.IndexOf([0, 0])]!.Value, 10);
        Assert.Equal(0.2, rates[table.IndexOf([1, 0])]!.Value, 10);
        Assert.Equal(184 * 100_000.0 / 92_000_000, rates[table.IndexOf([2, 0])]!.Value, 10);
        Assert.Null(rates[table.IndexOf([0, 1])]);
    }
}
