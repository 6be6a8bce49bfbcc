using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ariadne.Core.Common;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// Finds the numbered operative paragraphs ("1. We …") in a copy of a document the user supplies — plain text, or HTML
/// as saved from the UN documents site — so that their official wording can be stored; the product never ships or types
/// it. A paragraph starts at a line "N. " (N one to three digits) and runs over the following lines up to a blank line or
/// the next numbered line; lines "(a) …" keep their own line. A resolution's own numbered paragraphs before the annex are
/// skipped: reading starts at the last paragraph "1." whose text begins with "We" (German "Wir"; the declaration's voice), else at the
/// first "1.". In HTML, each paragraph, list item, heading and table cell is one block; items of a numbered list get
/// their number.
/// </summary>
public static partial class OfficialText
{
    /// <summary>
    /// Phrases by which a German file says it is an official translation (the UN's German translation service, or the
    /// words "amtliche Übersetzung"); compared without case. The first found is stored as the translation's source.
    /// </summary>
    public static readonly IReadOnlyList<string> OfficialGermanMarks =
        ["Deutscher Übersetzungsdienst der Vereinten Nationen", "Deutscher Übersetzungsdienst", "amtliche Übersetzung", "official translation"];

    /// <summary>The mark of an official translation the file carries, if any (<see cref="OfficialGermanMarks"/>).</summary>
    public static string? OfficialMark(string content) =>
        OfficialGermanMarks.FirstOrDefault(m => content.Contains(m, StringComparison.OrdinalIgnoreCase));

    public sealed record Paragraph(string Number, string Text, int Line);

    /// <summary>The paragraphs found, in order; a number found twice is an error naming both lines.</summary>
    /// <param name="content">The file's text.</param>
    /// <param name="language">"en" or "de": the declaration's voice that starts the annex ("We …" or "Wir …").</param>
    public static (IReadOnlyList<Paragraph> Paragraphs, IReadOnlyList<FieldError> Errors) Read(string content, string language = "en")
    {
        if (content.StartsWith('\uFEFF'))
        {
            content = content[1..];
        }
        IReadOnlyList<string> lines = content.TrimStart().StartsWith('<') ? HtmlLines(content) : content.ReplaceLineEndings("\n").Split('\n');
        var found = new List<Paragraph>();
        string? number = null;
        var text = new StringBuilder();
        var start = 0;
        void Flush()
        {
            if (number is not null)
            {
                found.Add(new(number, text.ToString().Trim(), start));
            }
            number = null;
            text.Clear();
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Clean(lines[i]);
            if (NumberedLine().Match(line) is { Success: true } m)
            {
                Flush();
                number = m.Groups[1].Value.TrimStart('0') is { Length: > 0 } n ? n : "0";
                start = i + 1;
                text.Append(m.Groups[2].Value);
            }
            else if (line.Length == 0)
            {
                Flush();
            }
            else if (number is not null)
            {
                text.Append(SubParagraph().IsMatch(line) ? "\n" : " ").Append(line);
            }
        }
        Flush();
        var voice = language == "de" ? "Wir " : "We ";
        var first = found.FindLastIndex(p => p.Number == "1" && p.Text.StartsWith(voice, StringComparison.Ordinal));
        if (first < 0)
        {
            first = found.FindIndex(p => p.Number == "1");
        }
        var paragraphs = first < 0 ? found : found.Skip(first).ToList();
        var errors = paragraphs.GroupBy(p => p.Number).Where(g => g.Count() > 1)
            .Select(g => new FieldError("File", "Duplicate", $"File: paragraph {g.Key} appears more than once (lines {string.Join(", ", g.Select(p => p.Line))}).", g.Key))
            .ToList();
        return (paragraphs, errors);
    }

    private static List<string> HtmlLines(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var lines = new List<string>();
        foreach (var element in document.Body?.QuerySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, pre") ?? Enumerable.Empty<IElement>())
        {
            if (element.QuerySelector("p, li, td, pre") is not null)
            {
                continue;
            }
            var text = element.TextContent;
            if (element.LocalName == "li" && element.ParentElement is { LocalName: "ol" } list)
            {
                var startAt = int.TryParse(list.GetAttribute("start"), out var s) ? s : 1;
                text = $"{startAt + list.Children.Where(c => c.LocalName == "li").ToList().IndexOf(element)}. {text}";
            }
            lines.AddRange(element.LocalName == "pre" ? text.ReplaceLineEndings("\n").Split('\n') : [text]);
            lines.Add("");
        }
        return lines;
    }

    private static string Clean(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\s\u00A0]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(\d{1,3})\.\s+(\S.*)$")]
    private static partial Regex NumberedLine();

    [GeneratedRegex(@"^\(?[a-z]\)\s")]
    private static partial Regex SubParagraph();
}
