using System.Globalization;
using System.Text;

namespace Ariadne.Statistics.Map;

/// <summary>A country's outline on the world map: its ISO 3166-1 numeric code, its SVG path data and its bounding box in pixels.</summary>
public sealed record MapCountry(string Numeric, string Name, string Path, double MinX, double MinY, double MaxX, double MaxY);

/// <summary>
/// The world's countries as SVG paths in the Equal Earth projection, <see cref="Width"/> pixels wide (y grows downwards),
/// baked at build time from the Natural Earth 1:110m outlines (world-atlas 2.0.2, see SOURCE.md) by the test-side
/// generator <c>WorldMapBaker</c>; a test fails when the committed file is not what the generator makes. Antarctica is
/// left out. Read once, on first use.
/// </summary>
public sealed class WorldMap
{
    public const double Width = 960;
    private const string ResourceName = "Ariadne.Statistics.Map.countries-110m.tsv";

    private static readonly Lazy<WorldMap> Shipped = new(() =>
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    });

    private WorldMap(IReadOnlyList<MapCountry> countries, double height)
    {
        Countries = countries;
        Height = height;
    }

    /// <summary>The shipped map.</summary>
    public static WorldMap Default => Shipped.Value;

    public IReadOnlyList<MapCountry> Countries { get; }

    public double Height { get; }

    /// <summary>Reads a baked map: <c>height\tH</c>, then <c>numeric\tname\tminX\tminY\tmaxX\tmaxY\tpath</c> per country.</summary>
    public static WorldMap Parse(string baked)
    {
        var lines = baked.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var height = double.Parse(lines[0].Split('\t')[1], CultureInfo.InvariantCulture);
        var countries = new List<MapCountry>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            double At(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            countries.Add(new MapCountry(f[0], f[1], f[6], At(2), At(3), At(4), At(5)));
        }
        return new WorldMap(countries, height);
    }
}
