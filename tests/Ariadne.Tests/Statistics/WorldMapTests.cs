using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Core.CodeLists;
using Ariadne.Statistics;
using Ariadne.Statistics.Map;
using Ariadne.Tests.Pages;
using Ariadne.Tests.Statistics.MapBaking;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The world map: the baked file is what the generator makes from the outlines (set <c>ARIADNE_UPDATE_MAP=1</c> to
/// rewrite it), the generator's TopoJSON decoding and Equal Earth projection, and the choropleth.
/// </summary>
public sealed class WorldMapTests
{
    private static string ShippedTopology() => File.ReadAllText(TestData.Path("map", "countries-110m.json"));

    [Fact]
    public void BakedMap_IsWhatTheGeneratorMakesFromTheOutlines()
    {
        var baked = Path.Combine(TestData.RepositoryRoot, "src", "Ariadne", "Statistics", "Map", "countries-110m.tsv");
        var generated = WorldMapBaker.Bake(ShippedTopology());
        if (Environment.GetEnvironmentVariable("ARIADNE_UPDATE_MAP") == "1")
        {
            File.WriteAllText(baked, generated);
        }

        Assert.True(File.Exists(baked) && File.ReadAllText(baked) == generated,
            "src/Ariadne/Statistics/Map/countries-110m.tsv is not what WorldMapBaker makes; rerun WorldMapTests with ARIADNE_UPDATE_MAP=1.");
    }

    [Fact]
    public void TopoJson_ShippedOutlines_DecodeEveryCountryWithAnId()
    {
        var features = TopoJson.ReadPolygons(ShippedTopology(), "countries");

        // 177 geometries, of which N. Cyprus, Somaliland and Kosovo have no id.
        Assert.Equal(174, features.Count);
        Assert.Equal(173, WorldMap.Default.Countries.Count);
        Assert.DoesNotContain(WorldMap.Default.Countries, c => c.Numeric == "010");
        var germany = features.Single(f => f.Id == "276");
        Assert.Equal("Germany", germany.Name);
        var points = germany.Rings.SelectMany(r => r).ToList();
        Assert.InRange(points.Min(p => p.Longitude), 5.5, 6.5);
        Assert.InRange(points.Max(p => p.Longitude), 14.5, 15.5);
        Assert.InRange(points.Min(p => p.Latitude), 47, 48);
        Assert.InRange(points.Max(p => p.Latitude), 54.5, 55.5);
        // Fiji is a MultiPolygon of two islands; every ring is closed by its arcs.
        Assert.Equal(2, features.Single(f => f.Id == "242").Rings.Count);
        Assert.All(features.SelectMany(f => f.Rings), r => Assert.Equal(r[0], r[^1]));
    }

    [Fact]
    public void TopoJson_NegativeArcIndex_ReversesTheArc_AndSharedPointsAreKeptOnce()
    {
        // Two arcs, quantized with scale 1 and translate (10, 20): (0,0)→(2,0)→(2,2) and (2,2)→(0,2)→(0,0), a square.
        const string json = """
            {"type":"Topology","transform":{"scale":[1,1],"translate":[10,20]},
             "arcs":[[[0,0],[2,0],[0,2]],[[2,2],[-2,0],[0,-2]]],
             "objects":{"countries":{"type":"GeometryCollection","geometries":[
               {"type":"Polygon","arcs":[[0,1]],"id":"001"},
               {"type":"Polygon","arcs":[[-2,-1]],"id":"002"},
               {"type":"Point","coordinates":[0,0],"id":"003"}]}}}
            """;

        var features = TopoJson.ReadPolygons(json, "countries");

        Assert.Equal(["001", "002"], features.Select(f => f.Id));
        Assert.Equal([(10.0, 20.0), (12.0, 20.0), (12.0, 22.0), (10.0, 22.0), (10.0, 20.0)], features[0].Rings[0]);
        Assert.Equal([(10.0, 20.0), (10.0, 22.0), (12.0, 22.0), (12.0, 20.0), (10.0, 20.0)], features[1].Rings[0]);
        Assert.Throws<FormatException>(() => TopoJson.ReadPolygons(json, "land"));
    }

    [Fact]
    public void Antimeridian_RingAcross180_IsCutIntoTwoParts_OthersKept()
    {
        (double, double)[] across = [(170, -10), (-170, -10), (-170, -20), (170, -20), (170, -10)];
        (double, double)[] plain = [(10, 10), (20, 10), (20, 20), (10, 10)];

        var parts = Antimeridian.Cut(across);

        Assert.Same(plain, Assert.Single(Antimeridian.Cut(plain)));
        Assert.Equal(2, parts.Count);
        Assert.Equal([(170.0, -10.0), (180.0, -10.0), (180.0, -20.0), (170.0, -20.0), (170.0, -10.0)], parts[0]);
        Assert.Equal([(-180.0, -10.0), (-170.0, -10.0), (-170.0, -20.0), (-180.0, -20.0), (-180.0, -10.0)], parts[1]);
        // On the shipped map no outline has an edge running across half the map (Fiji and Russia cross 180°).
        foreach (var country in WorldMap.Default.Countries)
        {
            foreach (var ring in Rings(country.Path))
            {
                for (var i = 1; i < ring.Count; i++)
                {
                    Assert.True(Math.Abs(ring[i].X - ring[i - 1].X) < WorldMap.Width / 2, $"{country.Name}: an edge crosses the map");
                }
            }
        }
    }

    [Fact]
    public void EqualEarth_SpotValues_MatchTheFormula()
    {
        Assert.Equal((0.0, 0.0), EqualEarth.Project(0, 0));
        var (x, y) = EqualEarth.Project(180, 0);
        Assert.Equal(0, y, 12);
        // At the equator x = λ / (M · A1).
        Assert.Equal(1 / (Math.Sqrt(3) / 2 * 1.340264), x / Math.PI, 12);
        Assert.Equal(2.70663, x, 5);
        var pole = EqualEarth.Project(180, 90);
        Assert.Equal(1.31736, pole.Y, 5);
        // The pole line is about 0.59 of the equator (Šavrič et al.).
        Assert.Equal(0.5925, pole.X / x, 4);
        var berlinish = EqualEarth.Project(10, 50);
        Assert.Equal(0.124035, berlinish.X, 6);
        Assert.Equal(0.941540, berlinish.Y, 6);
        Assert.Equal(-berlinish.X, EqualEarth.Project(-10, -50).X, 12);
    }

    [Fact]
    public void EqualEarth_IsEqualArea()
    {
        // A 1° cell at the equator and one at 59–60° N: projected areas in the ratio of their areas on the sphere.
        static double Area(double lat) =>
            Math.Abs(Shoelace([EqualEarth.Project(0, lat), EqualEarth.Project(1, lat), EqualEarth.Project(1, lat + 1), EqualEarth.Project(0, lat + 1)]));
        var sphere = (Math.Sin(Math.PI / 180) - 0) / (Math.Sin(60 * Math.PI / 180) - Math.Sin(59 * Math.PI / 180));

        Assert.Equal(sphere, Area(0) / Area(59), 3);
    }

    [Fact]
    public void WorldMap_Countries_SitWhereTheyShould()
    {
        var map = WorldMap.Default;
        MapCountry C(string numeric) => map.Countries.Single(c => c.Numeric == numeric);
        var (germany, italy, france, australia) = (C("276"), C("380"), C("250"), C("036"));

        Assert.True(germany.MinY < italy.MinY, "Germany is north of Italy");
        Assert.True(germany.MaxY < (italy.MinY + italy.MaxY) / 2);
        Assert.True(germany.MaxX > france.MaxX, "Germany reaches further east than (metropolitan) France");
        Assert.True(australia.MinX > WorldMap.Width / 2 && australia.MinY > map.Height / 2, "Australia is in the lower right quadrant");
        Assert.InRange(map.Height, 400, WorldMap.Width / 2);
        Assert.All(map.Countries, c => Assert.True(c.MinX >= 0 && c.MaxX <= WorldMap.Width && c.MinY >= 0 && c.MaxY <= map.Height, c.Name));
        // Path data: an absolute move-to, then relative line-tos, at most one decimal; decoded, it spans the bounding box.
        Assert.Matches(@"^(M[0-9.]+ [0-9.]+l[-0-9. ]*z)+$", germany.Path);
        Assert.DoesNotMatch(@"\.\d\d", germany.Path);
        var points = Rings(germany.Path).SelectMany(r => r).ToList();
        Assert.Equal(germany.MinX, points.Min(p => p.X), 0.051);
        Assert.Equal(germany.MaxX, points.Max(p => p.X), 0.051);
        Assert.Equal(germany.MinY, points.Min(p => p.Y), 0.051);
        Assert.Equal(germany.MaxY, points.Max(p => p.Y), 0.051);
    }

    [Fact]
    public void Breaks_AreQuantilesOfTheCounts_Merged()
    {
        Assert.Equal([2L, 4, 6, 8, 10], SvgMap.Breaks([.. Enumerable.Range(1, 10).Select(i => (long)i)]));
        Assert.Equal([5L], SvgMap.Breaks([5, 5, 5]));
        Assert.Equal([7L, 12, 300], SvgMap.Breaks([300, 7, 12]));
        Assert.Empty(SvgMap.Breaks([]));
        Assert.Equal(0, SvgMap.Bin([7, 12, 300], 7));
        Assert.Equal(1, SvgMap.Bin([7, 12, 300], 8));
        Assert.Equal(2, SvgMap.Bin([7, 12, 300], 300));
    }

    [Fact]
    public void Choropleth_SuppressedHatched_CountsBinned_OthersNoData()
    {
        var values = new Dictionary<string, ChartValue>
        {
            ["DE"] = ChartValue.Parse("120"),
            ["IT"] = ChartValue.Parse("7"),
            ["NG"] = ChartValue.Parse("12"),
            ["FR"] = ChartValue.Parse("<5"),
            ["RO"] = ChartValue.Parse("x"),
            ["Unknown"] = ChartValue.Parse("3"),
        };

        var html = SvgMap.Choropleth("m", "Map", "A map", values, CodeListRegistry.Default.Country, new("Persons", "suppressed", "no data"), CultureInfo.GetCultureInfo("en")).ToString()!;
        var svg = PageRenderingTests.Parser.ParseDocument(html).QuerySelector("svg")!;
        (string? Fill, string? Class, string Title) Country(string code)
        {
            var path = svg.QuerySelector($"path[data-country='{code}']")!;
            return (path.GetAttribute("fill"), path.GetAttribute("class"), path.QuerySelector("title")!.TextContent);
        }

        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("m-title m-desc", svg.GetAttribute("aria-labelledby"));
        Assert.NotNull(svg.QuerySelector("pattern#m-hatch"));
        Assert.Equal(("url(#m-hatch)", "suppressed", "France: suppressed"), Country("FR"));
        Assert.Equal(("url(#m-hatch)", "suppressed", "Romania: suppressed"), Country("RO"));
        Assert.DoesNotMatch(@"\d", Country("FR").Title);
        // Three counts on the map, three bins: 7 | 12 | 120 ("Unknown" has no outline and does not count).
        Assert.Equal((SvgMap.Bins[2], "bin-2", "Germany: 120"), Country("DE"));
        Assert.Equal((SvgMap.Bins[0], "bin-0", "Italy: 7"), Country("IT"));
        Assert.Equal((SvgMap.Bins[1], "bin-1", "Nigeria: 12"), Country("NG"));
        Assert.Equal((SvgMap.NoDataFill, "no-data", "Spain: no data"), Country("ES"));
        Assert.Equal(173, svg.QuerySelectorAll("path").Length);
        Assert.Equal(2, svg.QuerySelectorAll("path.suppressed").Length);
        var legend = svg.QuerySelector("g.legend")!.QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Equal(["Persons", "7", "8–12", "13–120", "suppressed", "no data"], legend);
    }

    [Fact]
    public void Choropleth_German_NamesCountriesInGerman()
    {
        var values = new Dictionary<string, ChartValue> { ["DE"] = ChartValue.Parse("12") };

        var html = SvgMap.Choropleth("m", "Karte", "Eine Karte", values, CodeListRegistry.Default.Country, new("Personen", "unterdrückt", "keine Daten"), CultureInfo.GetCultureInfo("de")).ToString()!;
        var svg = PageRenderingTests.Parser.ParseDocument(html).QuerySelector("svg")!;

        Assert.Equal("Deutschland: 12", svg.QuerySelector("path[data-country='DE'] title")!.TextContent);
        Assert.Equal("Frankreich: keine Daten", svg.QuerySelector("path[data-country='FR'] title")!.TextContent);
    }

    /// <summary>Decodes path data of the form "M x y l dx dy … z" into absolute points, ring by ring.</summary>
    private static List<List<(double X, double Y)>> Rings(string path) =>
        [.. path.Split('z', StringSplitOptions.RemoveEmptyEntries).Select(ring =>
        {
            var numbers = Regex.Matches(ring, @"-?[0-9]+(\.[0-9])?").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            var points = new List<(double X, double Y)> { (numbers[0], numbers[1]) };
            for (var i = 2; i + 1 < numbers.Length; i += 2)
            {
                points.Add((Math.Round(points[^1].X + numbers[i], 1), Math.Round(points[^1].Y + numbers[i + 1], 1)));
            }
            return points;
        })];

    private static double Shoelace(IReadOnlyList<(double X, double Y)> points)
    {
        var sum = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % points.Count]);
            sum += a.X * b.Y - b.X * a.Y;
        }
        return sum / 2;
    }
}
