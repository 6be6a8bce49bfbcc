using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ariadne.Analytics.Finance;

namespace Ariadne.Core.Finance.GoAml;

/// <summary>
/// What one financial intelligence unit accepts in a goAML report, as JSON (docs/finance.md): required elements, code
/// lists, maximum lengths, patterns, the date format, and how Ariadne's channels, rules and typologies map to the FIU's
/// transmode, funds and indicator codes. goAML code lists are local lookups that each FIU publishes (financial-flows.md
/// §4); the shipped <see cref="Generic"/> profile uses descriptive codes and must be replaced by the FIU's own.
/// Element keys may name several elements separated by '|' (<c>"from_funds_code|to_funds_code"</c>).
/// </summary>
public sealed record FiuProfile
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    /// <summary>.NET format of every date element (<see cref="DateElements"/>).</summary>
    public string DateFormat { get; init; } = GoAmlWriter.DefaultDateFormat;
    /// <summary>
    /// Element paths from <c>report</c>, '/'-separated; the last segment must exist under every element the rest of the
    /// path selects (so <c>report/transaction/t_from_my_client/from_account|from_person|from_entity</c> applies only
    /// to transactions with a <c>t_from_my_client</c>). A segment may list alternatives with '|'.
    /// </summary>
    public IReadOnlyList<string> Required { get; init; } = [];
    /// <summary>Allowed values by element name(s).</summary>
    public Dictionary<string, List<string>> Codes { get; init; } = [];
    /// <summary>Maximum length in characters by element name(s).</summary>
    public Dictionary<string, int> MaxLengths { get; init; } = [];
    /// <summary>Regular expressions (whole value) by element name(s).</summary>
    public Dictionary<string, string> Patterns { get; init; } = [];
    public IReadOnlyList<string> DateElements { get; init; } = [];
    /// <summary>Most transactions one report may hold (0: no limit).</summary>
    public int MaxTransactions { get; init; }
    /// <summary>
    /// Whether the FIU accepts <c>activity</c> reports (report parties instead of transactions, goAML 4.0 on), e.g. for
    /// holders sharing identifiers (R6). Off unless the profile says so: an FIU that takes transaction reports only
    /// refuses them, and a profile written before activity reports existed keeps meaning what it meant.
    /// </summary>
    public bool ActivityReports { get; init; }
    /// <summary>The <c>significance</c> written for each <c>report_party</c> of an activity report (the generic profile: 0–10).</summary>
    public int ActivitySignificance { get; init; } = 5;
    /// <summary><c>transmode_code</c> by <see cref="Channel"/> name; <c>"*"</c> is the fallback.</summary>
    public Dictionary<string, string> Transmode { get; init; } = [];
    /// <summary><c>from_funds_code</c> by channel (<c>"*"</c> fallback).</summary>
    public Dictionary<string, string> FromFunds { get; init; } = [];
    /// <summary><c>to_funds_code</c> by channel (<c>"*"</c> fallback).</summary>
    public Dictionary<string, string> ToFunds { get; init; } = [];
    /// <summary>Indicator codes by Ariadne rule (R1…) or typology (fan_in…); both are looked up.</summary>
    public Dictionary<string, List<string>> Indicators { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The shipped generic profile (embedded <c>generic-profile.json</c>).</summary>
    public static FiuProfile Generic()
    {
        using var stream = typeof(FiuProfile).Assembly.GetManifestResourceStream("Ariadne.Finance.GoAml.generic-profile.json")
            ?? throw new InvalidOperationException("The generic goAML profile is not embedded.");
        return JsonSerializer.Deserialize<FiuProfile>(stream, Json)!;
    }

    /// <summary>Reads a profile file; a malformed one is refused naming the line and JSON path.</summary>
    public static FiuProfile Load(string path)
    {
        try
        {
            var profile = JsonSerializer.Deserialize<FiuProfile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{Path.GetFileName(path)}: empty profile.");
            foreach (var (key, pattern) in profile.Patterns)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{Path.GetFileName(path)}, patterns.{key}: not a regular expression: {e.Message}");
                }
            }
            return profile;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}, line {(e.LineNumber ?? 0) + 1}, {e.Path}: not an FIU profile: {e.Message}");
        }
    }

    public string TransmodeFor(Channel channel) => Lookup(Transmode, channel);
    public string FromFundsFor(Channel channel) => Lookup(FromFunds, channel);
    public string ToFundsFor(Channel channel) => Lookup(ToFunds, channel);

    /// <summary>The indicator codes of a rule and typology, in profile order, without repeats.</summary>
    public IEnumerable<string> IndicatorsFor(string rule, string typology) =>
        (Indicators.GetValueOrDefault(rule) ?? []).Concat(Indicators.GetValueOrDefault(typology) ?? []);

    private static string Lookup(Dictionary<string, string> map, Channel channel) =>
        map.GetValueOrDefault(channel.ToString()) ?? map.GetValueOrDefault("*") ?? "";

    /// <summary>Every problem of a written report against this profile, in document order, each named by element path.</summary>
    public IReadOnlyList<GoAmlProblem> Validate(GoAmlReport report) =>
        Validate(XDocument.Parse(System.Text.Encoding.UTF8.GetString(GoAmlWriter.ToBytes(report, DateFormat))));

    /// <summary>Every problem of a goAML document against this profile: missing required elements, values outside a code list, too long, not matching a pattern, not a date.</summary>
    public IReadOnlyList<GoAmlProblem> Validate(XDocument document)
    {
        var problems = new List<GoAmlProblem>();
        var root = document.Root;
        if (root is null || root.Name.LocalName != "report")
        {
            return [new GoAmlProblem("/", "report", "the document's root element is not 'report'")];
        }
        foreach (var requirement in Required)
        {
            var segments = requirement.Split('/');
            if (!Matches(segments[0], root))
            {
                continue;
            }
            IEnumerable<XElement> parents = [root];
            foreach (var segment in segments[1..^1])
            {
                parents = parents.SelectMany(p => p.Elements().Where(e => Matches(segment, e)));
            }
            foreach (var parent in parents)
            {
                if (!parent.Elements().Any(e => Matches(segments[^1], e)))
                {
                    problems.Add(new GoAmlProblem(PathOf(parent) + "/" + segments[^1], segments[^1], "required by the profile but missing"));
                }
            }
        }
        var codes = Expand(Codes);
        var lengths = Expand(MaxLengths);
        var patterns = Expand(Patterns).ToDictionary(p => p.Key, p => new Regex("^(?:" + p.Value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        var dates = new HashSet<string>(DateElements, StringComparer.Ordinal);
        foreach (var element in root.DescendantsAndSelf().Where(e => !e.HasElements))
        {
            var name = element.Name.LocalName;
            var value = element.Value;
            if (codes.TryGetValue(name, out var allowed) && !allowed.Contains(value, StringComparer.Ordinal))
            {
                problems.Add(new GoAmlProblem(PathOf(element), name, $"'{value}' is not in the profile's code list ({string.Join(", ", allowed.Take(12))}{(allowed.Count > 12 ? ", …" : "")})"));
            }
            if (lengths.TryGetValue(name, out var max) && value.Length > max)
            {
                problems.Add(new GoAmlProblem(PathOf(element), name, string.Create(CultureInfo.InvariantCulture, $"{value.Length} characters, at most {max} allowed")));
            }
            if (patterns.TryGetValue(name, out var regex) && !regex.IsMatch(value))
            {
                problems.Add(new GoAmlProblem(PathOf(element), name, $"'{value}' does not match the profile's pattern {Patterns.First(p => p.Key.Split('|').Contains(name)).Value}"));
            }
            if (dates.Contains(name) && !DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                problems.Add(new GoAmlProblem(PathOf(element), name, $"'{value}' is not a date in the format {DateFormat}"));
            }
        }
        if (root.Element("activity") is { } activity)
        {
            if (!ActivityReports)
            {
                problems.Add(new GoAmlProblem(PathOf(activity), "activity", $"the profile '{Name}' does not accept activity reports (report parties without transactions); the FIU takes transaction reports only"));
            }
            if (root.Element("transaction") is not null)
            {
                problems.Add(new GoAmlProblem(PathOf(activity), "activity", "transaction and activity are a choice of the schema: a report holds one or the other"));
            }
        }
        var transactions = root.Elements("transaction").Count();
        if (MaxTransactions > 0 && transactions > MaxTransactions)
        {
            problems.Add(new GoAmlProblem("report/transaction", "transaction", string.Create(CultureInfo.InvariantCulture, $"{transactions} transactions, at most {MaxTransactions} in one report")));
        }
        return problems;
    }

    private static bool Matches(string segment, XElement element) => segment.Split('|').Contains(element.Name.LocalName, StringComparer.Ordinal);

    private static Dictionary<string, T> Expand<T>(Dictionary<string, T> byKeys) =>
        byKeys.SelectMany(p => p.Key.Split('|').Select(k => (k, p.Value))).ToDictionary(p => p.k, p => p.Value, StringComparer.Ordinal);

    /// <summary><c>report/transaction[2]/t_from/from_account/account</c>: a 1-based index where the name repeats among its siblings.</summary>
    private static string PathOf(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var name = e.Name.LocalName;
            if (e.Parent is { } parent && parent.Elements(e.Name).Skip(1).Any())
            {
                name += string.Create(CultureInfo.InvariantCulture, $"[{e.ElementsBeforeSelf(e.Name).Count() + 1}]");
            }
            parts.Add(name);
        }
        parts.Reverse();
        return string.Join('/', parts);
    }
}

/// <summary>One way a report breaks its FIU profile: the element path, the element (field) and what is wrong.</summary>
public sealed record GoAmlProblem(string Path, string Field, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
