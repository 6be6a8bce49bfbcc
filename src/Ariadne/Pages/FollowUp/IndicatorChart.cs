using System.Globalization;
using System.Net;
using System.Text;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.FollowUp;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// The progress chart of an indicator, server-rendered SVG without script: the approved totals (a line with a dot at each
/// period's end), the planned path (dashed, from the baseline through the milestones to the target), the baseline as
/// a square, milestones as open diamonds and the target as a filled diamond. A value that is not published (suppressed,
/// not available) is not drawn and the line breaks there; the page's table under the chart holds every number.
/// </summary>
public static class IndicatorChart
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 36;

    /// <param name="view">The indicator with its targets and values.</param>
    /// <param name="title">The accessible title (the indicator's code and title).</param>
    /// <param name="description">A sentence saying what is drawn; the numbers are in the table under the chart.</param>
    /// <param name="dateFormat">The page's date format (<c>Format.Date</c>) for the first and last date of the axis.</param>
    public static string Svg(IndicatorView view, string title, string description, string dateFormat)
    {
        var actuals = view.Values.Where(v => v.Cell == FollowUpService.TotalCell && v.State == IndicatorValueState.Approved)
            .GroupBy(v => (v.PeriodStart, v.PeriodEnd)).Select(g => g.OrderBy(v => v.EnteredAtUtc).Last())
            .OrderBy(v => v.PeriodEnd).ToList();
        var dates = actuals.Select(a => a.PeriodEnd).Concat(view.Targets.Select(t => t.DueOn)).ToList();
        if (view.BaselineOn is { } b)
        {
            dates.Add(b);
        }
        var numbers = actuals.Select(a => a.Value).OfType<decimal>().Concat(view.Targets.Select(t => t.Value)).ToList();
        if (view.BaselineValue is { } bv)
        {
            numbers.Add(bv);
        }
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"indicator-chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">");
        svg.Append("<title id=\"chart-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        svg.Append("<desc id=\"chart-desc\">").Append(WebUtility.HtmlEncode(description)).Append("</desc>");
        if (dates.Count == 0 || numbers.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }
        var first = dates.Min().DayNumber;
        var last = Math.Max(dates.Max().DayNumber, first + 1);
        var top = (double)numbers.Max();
        var bottom = Math.Min(0, (double)numbers.Min());
        if (top <= bottom)
        {
            top = bottom + 1;
        }
        double X(DateOnly d) => Left + ((double)(d.DayNumber - first) / (last - first) * (Width - Left - Right));
        double Y(decimal v) => Top + ((top - (double)v) / (top - bottom) * (Height - Top - Bottom));
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        // Axes with the lowest and highest value and the first and last date.
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"axes\" stroke=\"#555\" fill=\"none\"><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/><line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/></g>");
        svg.Append("<g class=\"labels\" font-size=\"11\" fill=\"#333\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{N(Y((decimal)top) + 4)}\" text-anchor=\"end\">{Number((decimal)top)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{N(Y((decimal)bottom) + 4)}\" text-anchor=\"end\">{Number((decimal)bottom)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 12}\">{WebUtility.HtmlEncode(DateOnly.FromDayNumber(first).ToString(dateFormat, CultureInfo.CurrentCulture))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 12}\" text-anchor=\"end\">{WebUtility.HtmlEncode(DateOnly.FromDayNumber(last).ToString(dateFormat, CultureInfo.CurrentCulture))}</text>");
        svg.Append("</g>");

        // The planned path: baseline → milestones → target.
        if (view.BaselineValue is { } baseline && view.BaselineOn is { } baselineOn)
        {
            var path = new[] { (baselineOn, baseline) }.Concat(view.Targets.OrderBy(t => t.DueOn).Select(t => (t.DueOn, t.Value)));
            svg.Append("<polyline class=\"plan\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"6 4\" points=\"")
                .AppendJoin(' ', path.Select(p => N(X(p.Item1)) + "," + N(Y(p.Item2)))).Append("\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"baseline\" x=\"{N(X(baselineOn) - 4)}\" y=\"{N(Y(baseline) - 4)}\" width=\"8\" height=\"8\" fill=\"#555\"><title>{Number(baseline)}</title></rect>");
        }
        foreach (var t in view.Targets)
        {
            var (x, y) = (X(t.DueOn), Y(t.Value));
            var fill = t.Kind == TargetKind.Target ? "#1a5e20" : "#fff";
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{(t.Kind == TargetKind.Target ? "target" : "milestone")}\" d=\"M{N(x)},{N(y - 6)} L{N(x + 6)},{N(y)} L{N(x)},{N(y + 6)} L{N(x - 6)},{N(y)} Z\" fill=\"{fill}\" stroke=\"#1a5e20\" stroke-width=\"2\"><title>{Number(t.Value)}</title></path>");
        }

        // The actuals: a line broken where a value is not published.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append("<polyline class=\"actual\" fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2\" points=\"").AppendJoin(' ', segment).Append("\"/>");
            }
            segment.Clear();
        }
        foreach (var a in actuals)
        {
            if (a.Value is not { } v)
            {
                Flush();
                continue;
            }
            segment.Add(N(X(a.PeriodEnd)) + "," + N(Y(v)));
        }
        Flush();
        foreach (var a in actuals.Where(a => a.Value is not null))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"actual-point\" cx=\"{N(X(a.PeriodEnd))}\" cy=\"{N(Y(a.Value!.Value))}\" r=\"4\" fill=\"#0b4f8a\"><title>{WebUtility.HtmlEncode(a.Display)}</title></circle>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A number in the page's language, without trailing zeros.</summary>
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);
}
