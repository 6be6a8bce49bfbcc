using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// Reads a treaty status table (issue 18, item 5) from one of two files the user supplies, never from the product's
/// memory: a CSV in Ariadne's layout (<see cref="CsvColumns"/>) or a UN Treaty Collection status page saved from
/// treaties.un.org (HTML: a participants table with the columns Participant / Signature / "Ratification, Accession(a),
/// Acceptance(A), Approval(AA), Succession(d)"; the letter after the date gives the kind; footnote markers may follow
/// names). Participants are mapped to ISO alpha-3 codes through the product's country list (<see cref="TreatyCountries"/>).
/// All or nothing: every unknown participant is named, and any other error names the row (or line) and field.
/// </summary>
public static partial class TreatyStatusFiles
{
    /// <summary>The columns of the CSV layout; <c>participant</c> is required, the others optional, in any order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["participant", "signature", "consent", "consent_kind", "reservations"];

    /// <summary>One participant as read, before it is stored.</summary>
    public sealed record Participant(int Row, string Name, string Country, DateOnly? SignedOn, DateOnly? ConsentOn, ConsentKind? Kind, bool Reservations, string? ReservationsText);

    /// <summary>What a file holds: its participants, and the "as of" date and URL when the file names them.</summary>
    public sealed record Table(string Format, IReadOnlyList<Participant> Participants, DateOnly? AsOf, string? SourceUrl);

    public const string CsvFormat = "csv";

    public const string UntcFormat = "untc-html";

    private static readonly string[] UntcDateFormats = ["d MMM yyyy", "d MMMM yyyy", "dd MMM yyyy", "dd MMMM yyyy"];

    /// <summary>An HTML file (its first non-blank character is "&lt;") is read as a UNTC page, anything else as CSV.</summary>
    public static (Table? Table, IReadOnlyList<FieldError> Errors) Read(string text, TreatyCountries countries)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        return text.TrimStart().StartsWith('<') ? ReadUntc(text, countries) : ReadCsv(text, countries);
    }

    /// <summary>Reads a saved UNTC status page (see the class summary); rows are counted from the first participant.</summary>
    public static (Table? Table, IReadOnlyList<FieldError> Errors) ReadUntc(string html, TreatyCountries countries)
    {
        var document = new HtmlParser().ParseDocument(html);
        var errors = new Errors();
        var rows = document.QuerySelectorAll("tr").ToList();
        var header = rows.FindIndex(r => r.Children.FirstOrDefault() is { } first && Clean(first.TextContent).StartsWith("Participant", StringComparison.OrdinalIgnoreCase));
        if (header < 0)
        {
            errors.Add("File", "NoTable", "File: no participants table (a row whose first cell is 'Participant') was found; save the treaty's status page from treaties.un.org.");
            return (null, errors.List);
        }
        var table = rows[header].Closest("table");
        var participants = new List<Participant>();
        var number = 0;
        foreach (var row in rows.Skip(header + 1).Where(r => r.Closest("table") == table))
        {
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            if (cells.Count == 0 || cells.All(c => Clean(c.TextContent).Length == 0))
            {
                continue;
            }
            number++;
            var name = ParticipantName(cells[0]);
            var where = $"Row {number} ({name})";
            if (cells.Count < 3)
            {
                errors.Add("File", "Row", $"{where}: {cells.Count} cells; a row has Participant, Signature and Ratification etc.", number);
                continue;
            }
            var signed = UntcDate(Clean(cells[1].TextContent), where, "Signature", errors, out _);
            var consent = UntcDate(Clean(cells[2].TextContent), where, "Ratification, Accession(a), Acceptance(A), Approval(AA), Succession(d)", errors, out var mark);
            ConsentKind? kind = null;
            if (consent is not null)
            {
                kind = Mark(mark);
                if (kind is null)
                {
                    errors.Add("File", "ConsentKind", $"{where}, field 'Ratification, Accession(a), Acceptance(A), Approval(AA), Succession(d)': '{mark}' is not a mark (a, A, AA, d, s or none).", number);
                }
            }
            participants.Add(new(number, name, "", signed, consent, kind, false, null));
        }
        var reservations = Reservations(document, participants);
        participants = [.. participants.Select(p => reservations.TryGetValue(p.Name, out var text) ? p with { Reservations = true, ReservationsText = text } : p)];
        var asOf = StatusAsAt().Match(document.Body?.TextContent ?? "") is { Success: true } m
            && DateOnly.TryParseExact($"{m.Groups[1].Value.PadLeft(2, '0')}-{m.Groups[2].Value.PadLeft(2, '0')}-{m.Groups[3].Value}", "dd-MM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : (DateOnly?)null;
        var url = SavedFrom().Match(html) is { Success: true } u ? u.Groups[1].Value : null;
        return Finish(new Table(UntcFormat, participants, asOf, url), countries, errors, "Row");
    }

    /// <summary>
    /// Reads the CSV layout: a header line naming the columns (<see cref="CsvColumns"/>), "," or ";" as delimiter;
    /// <c>participant</c> an ISO alpha-3 code or a country name, dates yyyy-mm-dd, <c>consent_kind</c> a name of
    /// <see cref="ConsentKind"/> (ratification, accession, acceptance, approval, succession, definitive-signature) or a
    /// UNTC mark (a, A, AA, d, s; empty = ratification), <c>reservations</c> empty or "no", "yes", or their text.
    /// </summary>
    public static (Table? Table, IReadOnlyList<FieldError> Errors) ReadCsv(string text, TreatyCountries countries)
    {
        var errors = new Errors();
        var records = PlanCsv.Read(new StringReader(text));
        if (records.Count == 0 || records[0].Fields is not { } head || head.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("File", "Empty", "Line 1, field 'header': the file is empty; the first line names the columns.");
            return (null, errors.List);
        }
        var header = head.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        foreach (var unknown in header.Where(h => !CsvColumns.Contains(h)))
        {
            errors.Add("File", "Column", $"Line 1, field '{unknown}': not a column of a treaty status file ({string.Join(", ", CsvColumns)}).");
        }
        if (!header.Contains("participant"))
        {
            errors.Add("File", "Column", "Line 1, field 'participant': the required column is missing.");
        }
        if (errors.Any)
        {
            return (null, errors.List);
        }
        var participants = new List<Participant>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields is not { } fields)
            {
                errors.Add("File", "Line", $"Line {record.Line}: the line cannot be read (a quote is not closed or stands inside a field).");
                break;
            }
            if (fields.All(f => f.Trim().Length == 0))
            {
                continue;
            }
            if (fields.Length != header.Length)
            {
                errors.Add("File", "Line", $"Line {record.Line}: {fields.Length} fields, the header names {header.Length}.");
                continue;
            }
            string? Field(string column) => Array.IndexOf(header, column) is var i and >= 0 && Clean(fields[i]).Length > 0 ? Clean(fields[i]) : null;
            var name = Field("participant") ?? "";
            var where = $"Line {record.Line}";
            if (name.Length == 0)
            {
                errors.Add("File", "Participant", $"{where}, field 'participant': enter a country (ISO alpha-3 code or name).");
                continue;
            }
            var signed = IsoDate(Field("signature"), where, "signature", errors);
            var consent = IsoDate(Field("consent"), where, "consent", errors);
            ConsentKind? kind = null;
            if (Field("consent_kind") is { } k)
            {
                kind = Mark(k) ?? (Enum.TryParse<ConsentKind>(k.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && !int.TryParse(k, out _) ? (ConsentKind?)parsed : null);
                if (kind is null)
                {
                    errors.Add("File", "ConsentKind", $"{where}, field 'consent_kind': '{k}' is not one of ratification, accession, acceptance, approval, succession, definitive-signature (or a, A, AA, d, s).");
                }
                else if (Field("consent") is null)
                {
                    errors.Add("File", "ConsentKind", $"{where}, field 'consent_kind': a kind needs the date in 'consent'.");
                }
            }
            else if (consent is not null)
            {
                kind = ConsentKind.Ratification;
            }
            var reservations = Field("reservations");
            var flag = reservations is not null && !reservations.Equals("no", StringComparison.OrdinalIgnoreCase) && !reservations.Equals("false", StringComparison.OrdinalIgnoreCase);
            var textOnly = flag && !reservations!.Equals("yes", StringComparison.OrdinalIgnoreCase) && !reservations.Equals("true", StringComparison.OrdinalIgnoreCase);
            participants.Add(new((int)record.Line, name, "", signed, consent, consent is null ? null : kind, flag, textOnly ? Truncate(reservations!) : null));
        }
        return Finish(new Table(CsvFormat, participants, null, null), countries, errors, "Line");
    }

    /// <summary>Maps every participant to its country; every unknown one is named, and a country twice is an error.</summary>
    private static (Table? Table, IReadOnlyList<FieldError> Errors) Finish(Table table, TreatyCountries countries, Errors errors, string unit)
    {
        var mapped = new List<Participant>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var field = unit == "Row" ? "Participant" : "participant";
        foreach (var p in table.Participants)
        {
            if (countries.Resolve(p.Name) is not { } code)
            {
                errors.AddUnknown($"{unit} {p.Row}, field '{field}': '{p.Name}' is not a known country; use the name of the UN Treaty Collection, the English or German name, or the ISO alpha-3 code.", p.Name);
                continue;
            }
            if (seen.TryGetValue(code, out var first))
            {
                errors.Add("File", "Duplicate", $"{unit} {p.Row}, field '{field}': '{p.Name}' ({code}) is on {unit.ToLowerInvariant()} {first} already.");
                continue;
            }
            seen[code] = p.Row;
            mapped.Add(p with { Country = code });
        }
        if (errors.Any)
        {
            return (null, errors.List);
        }
        if (mapped.Count == 0)
        {
            return (null, [new("File", "Empty", "File: the table has no participants.")]);
        }
        return (table with { Participants = mapped }, []);
    }

    /// <summary>The participant's name without footnote markers (superscripts, trailing digits, commas and asterisks).</summary>
    private static string ParticipantName(IElement cell)
    {
        var copy = (IElement)cell.Clone();
        foreach (var sup in copy.QuerySelectorAll("sup").ToList())
        {
            sup.Remove();
        }
        return StripMarkers(Clean(copy.TextContent));
    }

    internal static string StripMarkers(string name) => TrailingMarkers().Replace(name, "").Trim();

    /// <summary>A UNTC date cell: empty, or "d MMM yyyy" optionally followed by a mark (a, A, AA, d, s).</summary>
    private static DateOnly? UntcDate(string text, string where, string field, Errors errors, out string mark)
    {
        mark = "";
        if (text.Length == 0)
        {
            return null;
        }
        var m = UntcDateCell().Match(text);
        if (m.Success && DateOnly.TryParseExact(m.Groups[1].Value, UntcDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            mark = m.Groups[2].Value;
            return date;
        }
        errors.Add("File", "Date", $"{where}, field '{field}': '{text}' is not a date (d MMM yyyy, e.g. 1 Jan 2001, followed by a, A, AA, d or s).", text);
        return null;
    }

    private static DateOnly? IsoDate(string? text, string where, string field, Errors errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add("File", "Date", $"{where}, field '{field}': '{text}' is not a date yyyy-mm-dd.", text);
        return null;
    }

    /// <summary>The UNTC marks: none ratification, a accession, A acceptance, AA approval, d succession, s definitive signature.</summary>
    private static ConsentKind? Mark(string mark) => mark switch
    {
        "" or "r" => ConsentKind.Ratification,
        "a" => ConsentKind.Accession,
        "A" => ConsentKind.Acceptance,
        "AA" => ConsentKind.Approval,
        "d" => ConsentKind.Succession,
        "s" => ConsentKind.DefinitiveSignature,
        _ => null,
    };

    /// <summary>
    /// The text under the page's "Declarations and Reservations" heading: a paragraph that is a participant's name (as in
    /// the table) starts that participant's text; the following paragraphs are its text, up to the next name or heading.
    /// </summary>
    private static Dictionary<string, string> Reservations(IDocument document, IReadOnlyList<Participant> participants)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = participants.GroupBy(p => Fold(p.Name)).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        var all = document.All.ToList();
        var start = all.FindIndex(e => e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "p" or "div" or "b" or "strong"
            && e.Children.Length == 0 && Clean(e.TextContent).StartsWith("Declarations and Reservations", StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return result;
        }
        string? current = null;
        var text = new StringBuilder();
        void Flush()
        {
            if (current is not null)
            {
                result[current] = Truncate(text.ToString().Trim());
            }
            text.Clear();
        }
        foreach (var element in all.Skip(start + 1))
        {
            var heading = element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
            if (element.LocalName != "p" && !heading)
            {
                continue;
            }
            var content = Clean(element.TextContent);
            if (names.TryGetValue(Fold(StripMarkers(content)), out var name))
            {
                Flush();
                current = name;
                continue;
            }
            if (heading)
            {
                break;
            }
            if (current is not null && content.Length > 0)
            {
                text.Append(text.Length > 0 ? "\n\n" : "").Append(content);
            }
        }
        Flush();
        return result;
    }

    private static string Truncate(string text) => text.Length <= FollowUpRules.MaxTextLength ? text : text[..FollowUpRules.MaxTextLength];

    /// <summary>Whitespace (including no-break spaces) collapsed to single spaces, trimmed.</summary>
    internal static string Clean(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>A name as compared: lower case, diacritics removed, typographic apostrophes as "'", spaces collapsed.</summary>
    internal static string Fold(string name)
    {
        var decomposed = Clean(name).Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'').ToLowerInvariant().Normalize(NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"[\s\u00A0]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\s\d,*]+$")]
    private static partial Regex TrailingMarkers();

    [GeneratedRegex(@"^(\d{1,2} [A-Za-z]{3,9}\.? \d{4})\s*(AA|[aAdsr])?$")]
    private static partial Regex UntcDateCell();

    [GeneratedRegex(@"Status as at\s*:\s*(\d{1,2})-(\d{1,2})-(\d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex StatusAsAt();

    [GeneratedRegex(@"saved from url=\(\d+\)(https?://\S+?)\s*-->")]
    private static partial Regex SavedFrom();

    /// <summary>Collects errors: unknown participants all named, other errors at most <see cref="FollowUpRules.MaxReportedErrors"/>.</summary>
    private sealed class Errors
    {
        private readonly List<FieldError> _unknown = [];
        private readonly List<FieldError> _other = [];

        public bool Any => _unknown.Count > 0 || _other.Count > 0;

        public IReadOnlyList<FieldError> List => [.. _unknown, .. _other];

        public void Add(string field, string code, string message, params object[] arguments)
        {
            if (_other.Count < FollowUpRules.MaxReportedErrors)
            {
                _other.Add(new(field, code, message, arguments));
            }
        }

        public void AddUnknown(string message, string name) => _unknown.Add(new("File", "UnknownCountry", message, name));
    }
}

/// <summary>
/// Participant names to ISO alpha-3 codes: the product's country list (ISO alpha-3 and alpha-2 codes, English and German
/// names, the UN names GLOTIP uses such as "Bolivia (Plurinational State of)"), plus the few UN Treaty Collection
/// spellings the list lacks and the European Union ("EUU"), which is a participant of the Protocol and of CETS 197.
/// Compared without case, diacritics or apostrophe style ("Côte d’Ivoire" = "Cote d'Ivoire").
/// </summary>
public sealed class TreatyCountries
{
    /// <summary>The code the product gives the European Union as a participant (not an ISO 3166 country).</summary>
    public const string EuropeanUnion = "EUU";

    private static readonly (string Name, string Code)[] UntcSpellings =
    [
        ("Democratic People's Republic of Korea", "PRK"),
        ("State of Palestine", "PSE"),
        ("Czech Republic", "CZE"),
        ("European Union", EuropeanUnion),
        ("Europäische Union", EuropeanUnion),
    ];

    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);

    private readonly Dictionary<string, CodeEntry> _byCode = new(StringComparer.Ordinal);

    public TreatyCountries(CodeList countries)
    {
        foreach (var entry in countries.Entries)
        {
            if (entry.Attribute("alpha3") is not { } alpha3)
            {
                continue;
            }
            _byCode[alpha3] = entry;
            foreach (var name in entry.Labels.Values.Cast<string?>().Append(entry.Attribute("glotipName")).Append(alpha3).Append(entry.Code).OfType<string>())
            {
                _byName.TryAdd(TreatyStatusFiles.Fold(name), alpha3);
            }
        }
        foreach (var (name, code) in UntcSpellings)
        {
            _byName.TryAdd(TreatyStatusFiles.Fold(name), code);
        }
    }

    /// <summary>The alpha-3 code of a participant name or code; null when unknown.</summary>
    public string? Resolve(string name) => _byName.GetValueOrDefault(TreatyStatusFiles.Fold(TreatyStatusFiles.StripMarkers(name)));

    /// <summary>The country's name in the culture's language (the European Union's too); the code when unknown.</summary>
    public string Name(string alpha3, CultureInfo culture) =>
        alpha3 == EuropeanUnion ? (culture.TwoLetterISOLanguageName == "de" ? "Europäische Union" : "European Union")
        : _byCode.TryGetValue(alpha3, out var entry) ? entry.Label(culture) : alpha3;
}
