using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Ariadne.Core.CodeLists;
using Microsoft.AspNetCore.Html;

namespace Ariadne.Statistics.Map;

/// <summary>The words a map shows, in the UI language.</summary>
/// <param name="Legend">The legend's heading, e.g. "Persons".</param>
/// <param name="Suppressed">The swatch and tooltip text for a suppressed value, e.g. "suppressed".</param>
/// <param name="NoData">The swatch and tooltip text for a country not in the table, e.g. "no data".</param>
public sealed record MapText(string Legend, string Suppressed, string NoData);

/// <summary>
/// A world choropleth as inline SVG, drawn on the server (no script), with SvgChart's conventions: <c>role="img"</c>,
/// a <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c>, meant to sit beside its data table (the accessible form).
/// Counts fall in up to five sequential bins (quantiles of the shown counts); a suppressed value is hatched, never
/// coloured as a count, and its tooltip holds no number; a country without a value is light grey. Each country carries
/// a <c>&lt;title&gt;</c> (tooltip) with its name in the UI language and its value.
/// </summary>
public static class SvgMap
{
    /// <summary>Five blues from light to dark; the lightest is told apart from the no-data grey, white text is not used.</summary>
    internal static readonly string[] Bins = ["#c6dbef", "#8fc0df", "#4f97c9", "#2166a8", "#0b3c78"];

    internal const string NoDataFill = "#e4e4e4";
    private const int LegendHeight = 64;

    /// <summary>
    /// The map of <paramref name="values"/> (per alpha-2 country code, as released; codes that are not on the map are ignored).
    /// <paramref name="countries"/> (the country code list) maps the map's numeric codes to alpha-2 codes and to names in
    /// <paramref name="culture"/>; <paramref name="map"/> defaults to the shipped world map.
    /// </summary>
    public static IHtmlContent Choropleth(string id, string title, string description, IReadOnlyDictionary<string, ChartValue> values, CodeList countries, MapText text, CultureInfo culture, WorldMap? map = null)
    {
        map ??= WorldMap.Default;
        var byNumeric = countries.Entries.Where(e => e.Attribute("numeric") is not null)
            .GroupBy(e => e.Attribute("numeric")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Bins from the counts the map shows: codes without an outline ("Unknown", tiny territories) are left out.
        var onMap = map.Countries.Select(c => byNumeric.GetValueOrDefault(c.Numeric)?.Code).OfType<string>().ToHashSet(StringComparer.Ordinal);
        long[] counts = [.. values.Where(p => onMap.Contains(p.Key) && !p.Value.Suppressed).Select(p => p.Value.Value!.Value)];
        var breaks = Breaks(counts);
        var width = WorldMap.Width;
        var height = map.Height + LegendHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart map\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"{id}-hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#4a4a4a\" stroke-width=\"1.6\"/></pattern></defs>");
        svg.Append("<g stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">");
        foreach (var country in map.Countries)
        {
            var entry = byNumeric.GetValueOrDefault(country.Numeric);
            var name = entry?.Label(culture) ?? country.Name;
            var value = entry is not null && values.TryGetValue(entry.Code, out var v) ? v : null;
            var (cssClass, fill, shown) = value switch
            {
                null => ("no-data", NoDataFill, text.NoData),
                { Suppressed: true } => ("suppressed", $"url(#{id}-hatch)", text.Suppressed),
                _ => ("bin-" + Bin(breaks, value.Value!.Value).ToString(CultureInfo.InvariantCulture), Bins[Bin(breaks, value.Value!.Value)], value.Display),
            };
            var stroke = value is { Suppressed: true } ? " stroke=\"#4a4a4a\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{cssClass}\" data-country=\"{E(entry?.Code ?? country.Numeric)}\" d=\"{country.Path}\" fill=\"{fill}\"{stroke}><title>{E(name)}: {E(shown)}</title></path>");
        }
        svg.Append("</g>");
        Legend(svg, id, map.Height, counts.DefaultIfEmpty(0).Min(), breaks, text);
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>
    /// The upper bounds (inclusive) of up to five bins: the 20th, 40th, … 100th percentiles of the counts (nearest rank),
    /// duplicates merged, so each bin holds at least one shown count. Empty when there are no counts.
    /// </summary>
    internal static long[] Breaks(IReadOnlyList<long> counts)
    {
        if (counts.Count == 0)
        {
            return [];
        }
        var sorted = counts.Order().ToArray();
        return [.. Enumerable.Range(1, Bins.Length)
            .Select(k => sorted[Math.Max(0, (int)Math.Ceiling(k * sorted.Length / (double)Bins.Length) - 1)])
            .Distinct()];
    }

    /// <summary>The bin of a count: the first whose upper bound it does not exceed (the last for anything larger).</summary>
    internal static int Bin(long[] breaks, long value)
    {
        for (var i = 0; i < breaks.Length; i++)
        {
            if (value <= breaks[i])
            {
                return i;
            }
        }
        return Math.Max(0, breaks.Length - 1);
    }

    /// <summary>The legend: each bin from the smallest count it can hold (the smallest shown count for the first), then the two swatches.</summary>
    private static void Legend(StringBuilder svg, string id, double top, long smallest, long[] breaks, MapText text)
    {
        var y = top + 12;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" font-size=\"12\" fill=\"#1a1a1a\"><text x=\"8\" y=\"{y + 11:0.#}\" font-weight=\"bold\">{E(text.Legend)}</text>");
        var x = 8.0;
        y += 20;
        for (var i = 0; i < breaks.Length; i++)
        {
            var from = i == 0 ? smallest : breaks[i - 1] + 1;
            var label = from == breaks[i] ? breaks[i].ToString(CultureInfo.CurrentCulture) : $"{from.ToString(CultureInfo.CurrentCulture)}–{breaks[i].ToString(CultureInfo.CurrentCulture)}";
            x = Swatch(svg, x, y, Bins[i], "", label);
        }
        x = Swatch(svg, x + 12, y, $"url(#{id}-hatch)", " stroke=\"#4a4a4a\"", text.Suppressed);
        Swatch(svg, x, y, NoDataFill, " stroke=\"#9a9a9a\"", text.NoData);
        svg.Append("</g>");
    }

    private static double Swatch(StringBuilder svg, double x, double y, string fill, string stroke, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"16\" height=\"12\" fill=\"{fill}\"{stroke}/><text x=\"{x + 22:0.#}\" y=\"{y + 11:0.#}\">{E(label)}</text>");
        return x + 30 + 7.5 * label.Length;
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
