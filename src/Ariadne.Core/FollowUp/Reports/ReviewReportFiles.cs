using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using MiniExcelLibs;

namespace Ariadne.Core.FollowUp.Reports;

/// <summary>One table of the report: its key (the CSV's section), heading (the XLSX sheet's name), columns and rows of text.</summary>
public sealed record ReportSection(string Key, string Heading, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows);

/// <summary>
/// Writes a <see cref="ReviewReport"/> as XLSX (a sheet per section), CSV (every section in one table, with a section
/// column first and the union of the sections' columns) and JSON (the model itself). The headings follow the
/// report's language (<see cref="ReviewReportText"/>); dates are ISO (yyyy-MM-dd) in the files and the page's date
/// format on the page. The page renders the same <see cref="Sections"/>.
/// </summary>
public static class ReviewReportFiles
{
    public static readonly IReadOnlyList<string> Formats = ["html", "xlsx", "csv", "json"];

    public static string MediaType(string format) => format switch
    {
        "csv" => "text/csv",
        "json" => "application/json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/html",
    };

    public static string FileName(ReviewReport report, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"review-report-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.{format}");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The report's tables: cover, frameworks, items, measures, indicators, values, statistics, SDG 16.2.2, questionnaire answers.</summary>
    public static IReadOnlyList<ReportSection> Sections(ReviewReport report, string dateFormat = "yyyy-MM-dd")
    {
        var t = ReviewReportText.For(report.Language);
        string Day(DateOnly? day) => day?.ToString(dateFormat, CultureInfo.InvariantCulture) ?? "";
        string Instant(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
        string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
        string YesNo(bool value) => value ? t["yes"] : t["no"];
        string[] Columns(params string[] keys) => [.. keys.Select(k => t[k])];
        return
        [
            new("report", t["report"], Columns("field", "value"),
            [
                [t["title"], t["title"]],
                [t["from"], Day(report.From)],
                [t["to"], Day(report.To)],
                [t["generatedAt"], Instant(report.GeneratedAtUtc)],
                [t["generatedBy"], report.GeneratedBy],
                [t["language"], report.Language],
            ]),
            new("frameworks", t["frameworks"], Columns("code", "kind", "titleColumn", "source", "issued", "cycle"),
                [.. report.Frameworks.Select(f => new[] { f.Code, f.Kind.ToString(), f.Title, f.Source ?? "", Day(f.IssuedOn), f.Cycle ?? "" })]),
            new("items", t["items"], Columns("framework", "number", "titleColumn", "acceptance", "themes", "measureCount", "completed", "overdue"),
                [.. report.Items.Select(i => new[]
                {
                    i.Framework, i.Number, i.Title, t[i.Acceptance.ToString()], string.Join("; ", i.Themes),
                    Count(i.Measures), Count(i.Completed), Count(i.Overdue),
                })]),
            new("measures", t["measures"], Columns("framework", "item", "titleColumn", "lead", "partners", "start", "due", "status", "overdue", "evidence"),
                [.. report.Measures.Select(m => new[]
                {
                    m.Framework, m.Item, m.Title, m.Lead, string.Join("; ", m.Partners), Day(m.StartOn), Day(m.DueOn), t[m.Status.ToString()], YesNo(m.Overdue),
                    string.Join(" | ", m.Evidence.Select(e => string.Join(" ", new[] { e.Url, e.Note }.Where(x => !string.IsNullOrEmpty(x))))),
                })]),
            new("indicators", t["indicators"], Columns("framework", "item", "measure", "code", "titleColumn", "unit", "kind", "query", "baseline", "baselineOn",
                    "baselineSource", "targets", "standing"),
                [.. report.Indicators.Select(i => new[]
                {
                    i.Framework, i.Item, i.Measure ?? "", i.Code, i.Title, i.Unit, t[i.Kind.ToString()], i.Query ?? "", Number(i.BaselineValue), Day(i.BaselineOn),
                    i.BaselineSource ?? "",
                    string.Join("; ", i.Targets.Select(s => $"{t[s.Kind.ToString()]} {Number(s.Value)} ({Day(s.DueOn)}): {(s.Actual is null ? "" : s.Actual + ", ")}{t["standing:" + s.Standing]}")),
                    t["standing:" + i.Standing],
                })]),
            new("values", t["values"], Columns("indicator", "period", "cell", "value", "release", "dataTime", "parameters"),
                [.. report.Indicators.SelectMany(i => i.Values.Select(v => new[]
                {
                    i.Code, $"{Day(v.PeriodStart)} – {Day(v.PeriodEnd)}", Cell(v.Cell, t), v.Display, v.ReleaseId?.ToString() ?? "", Instant(v.DataTimeUtc), v.Parameters ?? "",
                }))]),
            new("statistics", t["statistics"], Columns("year", "period", "dimension", "label", "presumed", "identified", "release"),
                [.. report.Statistics.SelectMany(s => s.Rows.Select(r => new[]
                {
                    s.Year.ToString(CultureInfo.InvariantCulture), $"{Day(s.From)} – {Day(s.To)}", t["dimension:" + s.Dimension], t.Get(r.Label, r.Label),
                    r.Presumed, r.Identified, s.ReleaseId.ToString(),
                }))]),
            new("sdg", t["sdg"], Columns("series", "year", "sex", "age", "value", "valueType", "units", "geoArea", "release"),
                [.. report.Sdg.Select(o => new[]
                {
                    o.Series, o.TimePeriodStart.ToString(CultureInfo.InvariantCulture), o.Dimensions["Sex"], o.Dimensions["Age"], o.Value, o.ValueType, o.Units,
                    o.GeoAreaCode.Length == 0 ? "" : $"{o.GeoAreaCode} {o.GeoAreaName}", o.ReleaseId.ToString(),
                })]),
            new("answers", t["answers"], Columns("questionnaire", "cycle", "number", "question", "institution", "answer", "approvedBy", "drawsOn"),
                [.. report.Answers.Select(a => new[]
                {
                    $"{a.Questionnaire} (v{a.Version.ToString(CultureInfo.InvariantCulture)})", a.Cycle, a.Number, a.Question, a.Institution ?? "", a.Answer, a.DecidedBy ?? "",
                    string.Join("; ", a.DrawsOn.Select(v => $"{v.Indicator} {Day(v.PeriodStart)} – {Day(v.PeriodEnd)} {Cell(v.Cell, t)}: {v.Display}")),
                })]),
        ];
    }

    public static async Task WriteAsync(ReviewReport report, string format, Stream output, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case "json":
                await JsonSerializer.SerializeAsync(output, report, Json, cancellationToken);
                break;
            case "csv":
                await WriteCsvAsync(Sections(report), ReviewReportText.For(report.Language)["section"], output, cancellationToken);
                break;
            case "html":
                await WriteHtmlAsync(report, output, cancellationToken);
                break;
            case "xlsx":
                await WriteXlsxAsync(Sections(report), output, cancellationToken);
                break;
            default:
                throw new ArgumentException($"Unknown format '{format}'; use html, xlsx, csv or json.", nameof(format));
        }
    }

    /// <summary>
    /// A standalone printable HTML document of the sections (what the CLI writes; the web page renders the same sections
    /// in the site's layout). Every text is HTML-encoded; the style sheet is inline so that the file prints on its own.
    /// </summary>
    public static Task WriteHtmlAsync(ReviewReport report, Stream output, CancellationToken cancellationToken) =>
        WriteHtmlAsync(ReviewReportText.For(report.Language)["title"], report.Language, Sections(report), output, cancellationToken);

    /// <summary>A standalone printable HTML document of any sections (the review report's, an answered questionnaire's).</summary>
    public static async Task WriteHtmlAsync(string title, string language, IReadOnlyList<ReportSection> sections, Stream output, CancellationToken cancellationToken)
    {
        // Every character but the markup ones as it is: the file is UTF-8 and German headings stay readable.
        var html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var text = new System.Text.StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(html.Encode(title)).Append("</title>\n<style>")
            .Append("body{font-family:sans-serif;font-size:11pt}table{border-collapse:collapse;margin-bottom:1em}th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top}")
            .Append("h2{break-after:avoid}tr{break-inside:avoid}@page{size:A4 landscape;margin:1.5cm}")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(html.Encode(title)).Append("</h1>\n");
        foreach (var section in sections)
        {
            text.Append("<h2>").Append(html.Encode(section.Heading)).Append("</h2>\n<table>\n<thead><tr>");
            foreach (var column in section.Columns)
            {
                text.Append("<th scope=\"col\">").Append(html.Encode(column)).Append("</th>");
            }
            text.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in section.Rows)
            {
                text.Append("<tr>");
                foreach (var cell in row)
                {
                    text.Append("<td>").Append(html.Encode(cell)).Append("</td>");
                }
                text.Append("</tr>\n");
            }
            text.Append("</tbody>\n</table>\n");
        }
        text.Append("</body>\n</html>\n");
        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    /// <summary>Each section as a sheet named by its heading.</summary>
    public static async Task WriteXlsxAsync(IReadOnlyList<ReportSection> sections, Stream output, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var section in sections)
        {
            sheets[section.Heading] = Sheet(section);
        }
        await output.SaveAsAsync(sheets, cancellationToken: cancellationToken);
    }

    /// <summary>Every section in one table: the section's key, then the union of the sections' columns in first-seen order.</summary>
    public static async Task WriteCsvAsync(IReadOnlyList<ReportSection> sections, string sectionHeading, Stream output, CancellationToken cancellationToken)
    {
        var columns = sections.SelectMany(s => s.Columns).Distinct(StringComparer.Ordinal).ToList();
        // Titles and evidence notes are typed by users: a cell that a spreadsheet would run as a formula is escaped.
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader([sectionHeading, .. columns]);
        foreach (var section in sections)
        {
            foreach (var row in section.Rows)
            {
                var record = new string[columns.Count + 1];
                record[0] = section.Key;
                for (var c = 0; c < columns.Count; c++)
                {
                    var at = IndexOf(section.Columns, columns[c]);
                    record[c + 1] = at >= 0 ? row[at] : "";
                }
                await csv.WriteRecordAsync(record, cancellationToken);
            }
        }
        await csv.FlushAsync(cancellationToken);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == column)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A section as MiniExcel rows (the first row names the columns); an empty section keeps its header.</summary>
    private static IEnumerable<Dictionary<string, object?>> Sheet(ReportSection section)
    {
        if (section.Rows.Count == 0)
        {
            return [section.Columns.ToDictionary(c => c, _ => (object?)null)];
        }
        return section.Rows.Select(r => section.Columns.Select((c, i) => (c, v: r[i])).ToDictionary(p => p.c, p => (object?)p.v));
    }

    private static string Cell(string cell, ReviewReportText t) => cell == FollowUpService.TotalCell ? t["Total"] : cell;

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
