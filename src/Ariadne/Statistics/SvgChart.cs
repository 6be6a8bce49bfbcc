using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Ariadne.Statistics;

/// <summary>
/// One value of a chart as released: the number, or null when suppressed, and the text the table shows ("12", "&lt;5", "x").
/// </summary>
public sealed record ChartValue(long? Value, string Display)
{
    public bool Suppressed => Value is null;

    /// <summary>Reads a released cell: digits are a value, anything else ("&lt;5", "x", "..") is suppressed.</summary>
    public static ChartValue Parse(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? new(value, text) : new(null, text);
}

/// <summary>
/// Charts as inline SVG, drawn on the server (no script): bars, stacked bars, a trend line and a heat matrix. Each has a
/// <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> and is meant to sit beside its data table, which is the accessible form.
/// A suppressed value is never drawn as zero: it is a hatched stub labelled with its mark ("&lt;5", "x"), or a gap in a line.
/// </summary>
public static class SvgChart
{
    // Colours with at least 3:1 against white (WCAG 1.4.11), distinguishable in the legend by their labels.
    private static readonly string[] Palette = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#a21caf", "#374151", "#9a3412", "#1e3a8a", "#065f46", "#6b21a8"];
    private const int Width = 640, Height = 280, Left = 56, Right = 16, Top = 16, Bottom = 64;
    private const int PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<(string Label, ChartValue Value)> points) =>
        StackedBars(id, title, description, [.. points.Select(p => p.Label)], [""], [.. points.Select(p => new[] { p.Value })]);

    /// <summary>
    /// Horizontal bars per group, stacked by series; <paramref name="values"/>[group][series]. Each group has a row of its
    /// own with its label to the left, so that labels never overlap whatever the number of groups (the chart grows
    /// downwards); a label too long for its column is shortened, the full label is in the bar's title and in the table.
    /// </summary>
    public static IHtmlContent StackedBars(string id, string title, string description, IReadOnlyList<string> groups, IReadOnlyList<string> series, IReadOnlyList<ChartValue[]> values)
    {
        const int row = 24, labelWidth = 200, valueWidth = 72;
        const int plotLeft = labelWidth, plotWidth = Width - labelWidth - valueWidth - Right;
        var max = Math.Max(1, values.Select(v => v.Sum(c => c.Value ?? 0)).DefaultIfEmpty(0).Max());
        var legendHeight = series.Count > 1 ? 20 * ((series.Count + 2) / 3) + 8 : 0;
        var plotTop = Top + legendHeight;
        var plotHeight = Math.Max(1, groups.Count) * row;
        var height = plotTop + plotHeight + 28;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart bars\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        Hatch(svg, id);
        if (series.Count > 1)
        {
            Legend(svg, series, Top);
        }
        for (var k = 0; k <= 4; k++)
        {
            var x = plotLeft + plotWidth * k / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{plotTop}\" y2=\"{plotTop + plotHeight}\" stroke=\"#d0d4da\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{plotTop + plotHeight + 16}\" text-anchor=\"middle\" font-size=\"11\">{max * k / 4.0:0.#}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{plotLeft}\" x2=\"{plotLeft}\" y1=\"{plotTop}\" y2=\"{plotTop + plotHeight}\" stroke=\"#1a1a1a\"/>");
        for (var g = 0; g < groups.Count; g++)
        {
            var y = plotTop + g * row;
            var barHeight = row - 8;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{plotLeft - 6}\" y=\"{y + row / 2 + 4}\" text-anchor=\"end\" font-size=\"12\">{E(Short(groups[g], 30))}</text>");
            var x = (double)plotLeft;
            var marks = new List<string>();
            for (var s = 0; s < series.Count; s++)
            {
                var value = values[g][s];
                if (value.Suppressed)
                {
                    marks.Add(value.Display);
                    continue;
                }
                var w = value.Value!.Value * plotWidth / (double)max;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 4}\" width=\"{w:0.#}\" height=\"{barHeight}\" fill=\"{Palette[s % Palette.Length]}\"><title>{E(groups[g])}{(series.Count > 1 ? ", " + E(series[s]) : "")}: {E(value.Display)}</title></rect>");
                x += w;
            }
            if (marks.Count > 0)
            {
                // Suppressed: a hatched stub after what is drawn, labelled with the mark, so it never reads as zero.
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"suppressed\" x=\"{x:0.#}\" y=\"{y + 4}\" width=\"14\" height=\"{barHeight}\" fill=\"url(#{id}-hatch)\" stroke=\"#4a4a4a\" stroke-dasharray=\"3 2\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"suppressed-label\" x=\"{x + 18:0.#}\" y=\"{y + row / 2 + 4}\" font-size=\"11\">{E(string.Join(" ", marks.Distinct()))}</text>");
            }
            else if (series.Count == 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value-label\" x=\"{x + 4:0.#}\" y=\"{y + row / 2 + 4}\" font-size=\"11\">{E(values[g][0].Display)}</text>");
            }
        }
        return Close(svg);
    }

    /// <summary>A line over the points in order; a suppressed point breaks the line and is marked with its text.</summary>
    public static IHtmlContent Line(string id, string title, string description, IReadOnlyList<(string Label, ChartValue Value)> points)
    {
        var max = Math.Max(1, points.Select(p => p.Value.Value ?? 0).DefaultIfEmpty(0).Max());
        var svg = Open(id, title, description, 0);
        Axis(svg, max);
        var step = points.Count > 1 ? PlotWidth / (double)(points.Count - 1) : 0;
        var path = new StringBuilder();
        var pen = false;
        for (var i = 0; i < points.Count; i++)
        {
            var x = Left + (points.Count > 1 ? i * step : PlotWidth / 2.0);
            var value = points[i].Value;
            if (value.Suppressed)
            {
                pen = false;
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"suppressed-label\" x=\"{x:0.#}\" y=\"{Top + PlotHeight - 6}\" text-anchor=\"middle\" font-size=\"11\">{E(value.Display)}</text>");
            }
            else
            {
                var y = Top + PlotHeight - value.Value!.Value * PlotHeight / (double)max;
                path.Append(CultureInfo.InvariantCulture, $"{(pen ? 'L' : 'M')}{x:0.#} {y:0.#} ");
                pen = true;
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3.5\" fill=\"{Palette[0]}\"><title>{E(points[i].Label)}: {E(value.Display)}</title></circle>");
            }
            if (i % LabelStep(points.Count) == 0)
            {
                XLabel(svg, x, points[i].Label, points.Count);
            }
        }
        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{Palette[0]}\" stroke-width=\"2\"/>");
        }
        return Close(svg);
    }

    /// <summary>An origin (rows) → destination (columns) matrix, shaded by count; suppressed cells hatched and labelled.</summary>
    public static IHtmlContent Matrix(string id, string title, string description, IReadOnlyList<string> rows, IReadOnlyList<string> columns, ChartValue[,] cells)
    {
        const int cell = 44, labelWidth = 150, labelHeight = 110;
        var width = labelWidth + columns.Count * cell + 8;
        var height = labelHeight + rows.Count * cell + 8;
        var max = 1L;
        foreach (var c in cells)
        {
            max = Math.Max(max, c.Value ?? 0);
        }
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        Hatch(svg, id);
        for (var j = 0; j < columns.Count; j++)
        {
            var x = labelWidth + j * cell + cell / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{labelHeight - 6}\" font-size=\"11\" transform=\"rotate(-55 {x} {labelHeight - 6})\">{E(Short(columns[j], 18))}</text>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var y = labelHeight + i * cell;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + cell / 2 + 4}\" text-anchor=\"end\" font-size=\"11\">{E(Short(rows[i], 22))}</text>");
            for (var j = 0; j < columns.Count; j++)
            {
                var x = labelWidth + j * cell;
                var value = cells[i, j];
                if (value.Suppressed)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"suppressed\" x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"url(#{id}-hatch)\" stroke=\"#4a4a4a\"/>");
                }
                else
                {
                    // Light blues only, so that dark text keeps 4.5:1 on every shade.
                    var share = value.Value!.Value / (double)max;
                    var r = (int)(239 - share * (239 - 147));
                    var g = (int)(246 - share * (246 - 197));
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"#{r:x2}{g:x2}fd\" stroke=\"#d0d4da\"/>");
                }
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + cell / 2 - 1}\" y=\"{y + cell / 2 + 4}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1a1a1a\"{(value.Suppressed ? " class=\"suppressed-label\"" : "")}>{E(value.Display)}</text>");
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static StringBuilder Open(string id, string title, string description, int extraHeight)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {Height + extraHeight}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        Hatch(svg, id);
        return svg;
    }

    private static IHtmlContent Close(StringBuilder svg) => new HtmlString(svg.Append("</svg>").ToString());

    private static void Hatch(StringBuilder svg, string id) =>
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#4a4a4a\" stroke-width=\"2\"/></pattern></defs>");

    private static void Axis(StringBuilder svg, long max)
    {
        for (var k = 0; k <= 4; k++)
        {
            var value = max * k / 4.0;
            var y = Top + PlotHeight - PlotHeight * k / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#d0d4da\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{value:0.#}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight}\" stroke=\"#1a1a1a\"/>");
    }

    /// <summary>Every how many points an axis label is written: upright labels need 110 units each, slanted ones 18.</summary>
    internal static int LabelStep(int count) =>
        count <= Upright ? 1 : Math.Max(1, (int)Math.Ceiling(count * 18.0 / PlotWidth));

    private const int Upright = 5;

    private static void XLabel(StringBuilder svg, double x, string label, int count)
    {
        var y = Top + PlotHeight + 14;
        var text = E(Short(label, count > Upright ? 10 : 18));
        svg.Append(count > Upright
            ? string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y}\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-40 {x:0.#} {y})\">{text}</text>")
            : string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y}\" font-size=\"11\" text-anchor=\"middle\">{text}</text>"));
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<string> series, int top)
    {
        for (var s = 0; s < series.Count; s++)
        {
            var x = Left + s % 3 * 190;
            var y = top + s / 3 * 20;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/><text x=\"{x + 18}\" y=\"{y + 11}\" font-size=\"12\">{E(Short(series[s], 26))}</text>");
        }
    }

    private static string Short(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
