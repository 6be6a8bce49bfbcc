using System.Globalization;
using System.Text;
using Ariadne.Analytics.Maps;

namespace Ariadne.Statistics.Map;

/// <summary>A country's outline on the world map: its ISO 3166-1 numeric code, its SVG path data and its bounding box in pixels.</summary>
public sealed record MapCountry(string Numeric, string Name, string Path, double MinX, double MinY, double MaxX, double MaxY);

/// <summary>
/// The world's countries as SVG paths in the Equal Earth projection, <see cref="Width"/> pixels wide (y grows downwards),
/// from the shipped Natural Earth 1:110m outlines (world-atlas 2.0.2, see SOURCE.md). Antarctica is left out.
/// Parsed once, on first use.
/// </summary>
public sealed class WorldMap
{
    public const double Width = 960;
    private const double Padding = 4;
    private const string ResourceName = "Ariadne.Statistics.Map.countries-110m.json";
    private const string Antarctica = "010";

    private static readonly Lazy<WorldMap> Shipped = new(() =>
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Load(reader.ReadToEnd());
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

    /// <summary>Projects the <c>countries</c> object of a TopoJSON topology (ids: ISO 3166-1 numeric) to pixels.</summary>
    public static WorldMap Load(string topoJson)
    {
        var features = TopoJson.ReadPolygons(topoJson, "countries").Where(f => f.Id != Antarctica).ToList();
        var projected = features.Select(f => f.Rings.SelectMany(Antimeridian.Cut).Select(r => Array.ConvertAll(r, p => EqualEarth.Project(p.Longitude, p.Latitude))).ToList()).ToList();
        var points = projected.SelectMany(rings => rings).SelectMany(r => r).ToList();
        var maxY = points.Max(p => p.Y);
        var minY = points.Min(p => p.Y);
        var scale = (Width - 2 * Padding) / (2 * EqualEarth.MaxX);
        var countries = new List<MapCountry>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var pixels = projected[i].Select(r => Array.ConvertAll(r, p => (X: Width / 2 + p.X * scale, Y: Padding + (maxY - p.Y) * scale))).ToList();
            var all = pixels.SelectMany(r => r).ToList();
            countries.Add(new MapCountry(features[i].Id, features[i].Name, PathData(pixels),
                all.Min(p => p.X), all.Min(p => p.Y), all.Max(p => p.X), all.Max(p => p.Y)));
        }
        return new WorldMap(countries, Math.Ceiling((maxY - minY) * scale + 2 * Padding));
    }

    /// <summary>
    /// Compact path data: each ring as an absolute move-to, then relative line-tos ("M x y l dx dy dx dy … z"), on a
    /// 0.1 px grid; the deltas are taken between rounded points, so no rounding error accumulates. Repeated points dropped.
    /// </summary>
    private static string PathData(List<(double X, double Y)[]> rings)
    {
        var path = new StringBuilder();
        foreach (var ring in rings)
        {
            var (lastX, lastY) = (long.MinValue, long.MinValue);
            var first = true;
            foreach (var (px, py) in ring)
            {
                var x = (long)Math.Round(px * 10);
                var y = (long)Math.Round(py * 10);
                if (x == lastX && y == lastY)
                {
                    continue;
                }
                if (first)
                {
                    path.Append('M');
                    Number(path, x, separate: false);
                    Number(path, y, separate: true);
                    path.Append('l');
                    first = false;
                }
                else
                {
                    Number(path, x - lastX, separate: path[^1] != 'l');
                    Number(path, y - lastY, separate: true);
                }
                (lastX, lastY) = (x, y);
            }
            path.Append('z');
        }
        return path.ToString();
    }

    /// <summary>Appends a number given in tenths; a space separates it from the previous number unless its minus sign does.</summary>
    private static void Number(StringBuilder path, long tenths, bool separate)
    {
        if (separate && tenths >= 0)
        {
            path.Append(' ');
        }
        path.Append((tenths / 10.0).ToString("0.#", CultureInfo.InvariantCulture));
    }
}
