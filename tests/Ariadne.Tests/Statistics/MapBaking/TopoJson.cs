using System.Text.Json;

namespace Ariadne.Tests.Statistics.MapBaking;

/// <summary>A feature of a topology: its id, its name and its rings (closed, in longitude/latitude degrees).</summary>
public sealed record MapFeature(string Id, string Name, IReadOnlyList<(double Longitude, double Latitude)[]> Rings);

/// <summary>
/// Reads the polygons of one object of a TopoJSON topology (format: github.com/topojson/topojson-specification):
/// arcs are shared polylines, quantized and delta-encoded when the topology has a <c>transform</c>; a geometry lists
/// its rings as arc indices, where a negative index <c>~i</c> means arc <c>i</c> reversed.
/// Only Polygon and MultiPolygon geometries are read; features without an id are skipped.
/// </summary>
public static class TopoJson
{
    /// <exception cref="FormatException">The text is not a topology with the named object.</exception>
    public static IReadOnlyList<MapFeature> ReadPolygons(string json, string objectName)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("arcs", out var arcsElement) || !root.TryGetProperty("objects", out var objects)
            || !objects.TryGetProperty(objectName, out var collection) || !collection.TryGetProperty("geometries", out var geometries))
        {
            throw new FormatException($"Not a TopoJSON topology with an object '{objectName}'.");
        }
        var arcs = DecodeArcs(arcsElement, root.TryGetProperty("transform", out var transform) ? transform : null);
        var features = new List<MapFeature>();
        foreach (var geometry in geometries.EnumerateArray())
        {
            if (!geometry.TryGetProperty("id", out var idElement) || !geometry.TryGetProperty("arcs", out var rings))
            {
                continue;
            }
            var id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : idElement.GetRawText();
            var name = geometry.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            var result = new List<(double, double)[]>();
            switch (geometry.GetProperty("type").GetString())
            {
                case "Polygon":
                    AddPolygon(rings, arcs, result);
                    break;
                case "MultiPolygon":
                    foreach (var polygon in rings.EnumerateArray())
                    {
                        AddPolygon(polygon, arcs, result);
                    }
                    break;
                default:
                    continue;
            }
            features.Add(new MapFeature(id, name, result));
        }
        return features;
    }

    private static (double, double)[][] DecodeArcs(JsonElement arcs, JsonElement? transform)
    {
        double sx = 1, sy = 1, tx = 0, ty = 0;
        var quantized = transform is { } t;
        if (quantized)
        {
            var scale = transform!.Value.GetProperty("scale");
            var translate = transform.Value.GetProperty("translate");
            (sx, sy) = (scale[0].GetDouble(), scale[1].GetDouble());
            (tx, ty) = (translate[0].GetDouble(), translate[1].GetDouble());
        }
        var result = new (double, double)[arcs.GetArrayLength()][];
        var i = 0;
        foreach (var arc in arcs.EnumerateArray())
        {
            var points = new (double, double)[arc.GetArrayLength()];
            long x = 0, y = 0;
            var k = 0;
            foreach (var position in arc.EnumerateArray())
            {
                if (quantized)
                {
                    // Quantized arcs hold the first position absolutely and each later one as a delta from the previous.
                    x += position[0].GetInt64();
                    y += position[1].GetInt64();
                    points[k++] = (x * sx + tx, y * sy + ty);
                }
                else
                {
                    points[k++] = (position[0].GetDouble(), position[1].GetDouble());
                }
            }
            result[i++] = points;
        }
        return result;
    }

    private static void AddPolygon(JsonElement polygon, (double, double)[][] arcs, List<(double, double)[]> rings)
    {
        foreach (var ring in polygon.EnumerateArray())
        {
            var points = new List<(double, double)>();
            foreach (var index in ring.EnumerateArray())
            {
                var i = index.GetInt32();
                var arc = arcs[i < 0 ? ~i : i];
                // Consecutive arcs share their joining point: keep it once.
                var start = points.Count == 0 ? 0 : 1;
                for (var k = start; k < arc.Length; k++)
                {
                    points.Add(i < 0 ? arc[arc.Length - 1 - k] : arc[k]);
                }
            }
            if (points.Count >= 3)
            {
                rings.Add([.. points]);
            }
        }
    }
}
