using System.Globalization;
using System.Text;
using Ariadne.Statistics.Map;

namespace Ariadne.Tests.Statistics.MapBaking;

/// <summary>
/// Bakes the world map at build time (run by <c>WorldMapTests</c>): decodes the Natural Earth TopoJSON outlines in
/// <c>tests/data/map</c>, cuts rings at the antimeridian, projects them with Equal Earth and writes the SVG path data the
/// product embeds (<c>src/Ariadne/Statistics/Map/countries-110m.tsv</c>). The product only reads the baked file.
/// </summary>
internal static class WorldMapBaker
{
    private const double Padding = 4;
    private const string Antarctica = "010";

    /// <summary>
    /// Projects the <c>countries</c> object of a TopoJSON topology (ids: ISO 3166-1 numeric) to pixels and writes the
    /// baked file: a first line <c>height\tH</c>, then one line per country, <c>numeric\tname\tminX\tminY\tmaxX\tmaxY\tpath</c>.
    /// </summary>
    public static string Bake(string topoJson)
    {
        var features = TopoJson.ReadPolygons(topoJson, "countries").Where(f => f.Id != Antarctica).ToList();
        var projected = features.Select(f => f.Rings.SelectMany(Antimeridian.Cut).Select(r => Array.ConvertAll(r, p => EqualEarth.Project(p.Longitude, p.Latitude))).ToList()).ToList();
        var points = projected.SelectMany(rings => rings).SelectMany(r => r).ToList();
        var maxY = points.Max(p => p.Y);
        var minY = points.Min(p => p.Y);
        var scale = (WorldMap.Width - 2 * Padding) / (2 * EqualEarth.MaxX);
        var baked = new StringBuilder();
        baked.Append("height\t").Append(Math.Ceiling((maxY - minY) * scale + 2 * Padding).ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (var i = 0; i < features.Count; i++)
        {
            var pixels = projected[i].Select(r => Array.ConvertAll(r, p => (X: WorldMap.Width / 2 + p.X * scale, Y: Padding + (maxY - p.Y) * scale))).ToList();
            var all = pixels.SelectMany(r => r).ToList();
            baked.Append(features[i].Id).Append('\t').Append(features[i].Name);
            foreach (var bound in new[] { all.Min(p => p.X), all.Min(p => p.Y), all.Max(p => p.X), all.Max(p => p.Y) })
            {
                baked.Append('\t').Append(bound.ToString("R", CultureInfo.InvariantCulture));
            }
            baked.Append('\t').Append(PathData(pixels)).Append('\n');
        }
        return baked.ToString();
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
