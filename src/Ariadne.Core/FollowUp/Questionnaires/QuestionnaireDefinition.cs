using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Common;

namespace Ariadne.Core.FollowUp.Questionnaires;

/// <summary>The kind of answer a question takes; the answer form and the check of an answer follow it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerKind>))]
public enum AnswerKind
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>"yes" or "no".</summary>
    YesNo,

    /// <summary>A number ('.' as the decimal point).</summary>
    Number,

    /// <summary>One of the question's options (by its value).</summary>
    Choice,
}

/// <summary>One option of a choice question: the stored value and its wording in both languages.</summary>
public sealed record QuestionOption(string Value, string Text, string TextDe);

/// <summary>A commitment item a question draws on, by its framework's code and its number (e.g. NAP-DEMO-2025, 2).</summary>
public sealed record ItemReference(string Framework, string Number);

/// <summary>
/// One question: its number (unique in the questionnaire), the wording in both languages, the kind of answer, and what
/// it draws on — indicators by code and commitment items (with their measures) by framework and number.
/// </summary>
public sealed record QuestionnaireQuestion(string Number, string Text, string TextDe, AnswerKind Kind, IReadOnlyList<QuestionOption> Options,
    IReadOnlyList<string> Indicators, IReadOnlyList<ItemReference> Items);

/// <summary>A section: an article (UNTOC self-assessment) or a topic (GRETA) with its questions in file order.</summary>
public sealed record QuestionnaireSection(string Key, string Title, string TitleDe, IReadOnlyList<QuestionnaireQuestion> Questions);

/// <summary>
/// A review instrument's questionnaire as data (issue 18, item 6): code, title in both languages, source, whether the
/// wording is a summary of the official text, and its sections and questions. What is stored per version
/// (<see cref="QuestionnaireVersion.Definition"/>) is this record as JSON.
/// </summary>
public sealed record QuestionnaireDefinition(string Code, string Title, string TitleDe, string? Source, bool Summaries, IReadOnlyList<QuestionnaireSection> Sections)
{
    public IEnumerable<QuestionnaireQuestion> Questions => Sections.SelectMany(s => s.Questions);

    public QuestionnaireQuestion? Question(string number) => Questions.FirstOrDefault(q => q.Number == number);
}

/// <summary>
/// Reads a questionnaire file (JSON). Every error names the line and the field (its JSON path), e.g.
/// <c>Line 14, field 'sections[0].questions[2].kind': 'stars' is not one of text, yes-no, number, choice.</c>; a file
/// that is not JSON names the line and path where reading stopped. Indicator codes and commitment items are checked
/// against the database by <see cref="QuestionnaireService"/>, which names their line the same way (<see cref="Parsed.Line"/>).
/// </summary>
public static class QuestionnaireFile
{
    /// <summary>At most this many bytes in one file (a questionnaire has tens or hundreds of questions).</summary>
    public const int MaxBytes = 1_000_000;

    public const int MaxQuestions = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The result of reading: the definition (null when there are errors) and the line of each JSON path.</summary>
    /// <remarks>
    /// <see cref="Indicators"/> and <see cref="Items"/> are every link that was read, with its path, even when the file has
    /// other errors: the service checks them against the database so that one refusal lists all the errors.
    /// </remarks>
    public sealed record Parsed(QuestionnaireDefinition? Definition, IReadOnlyList<FieldError> Errors, IReadOnlyDictionary<string, int> Lines)
    {
        public List<(string Path, string Code)> Indicators { get; } = [];

        public List<(string Path, ItemReference Item)> Items { get; } = [];

        /// <summary>The line where <paramref name="path"/> (e.g. <c>sections[0].questions[1].indicators[0]</c>) starts, else its nearest parent's.</summary>
        public int Line(string path)
        {
            while (true)
            {
                if (Lines.TryGetValue(path, out var line))
                {
                    return line;
                }
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                if (cut <= 0)
                {
                    return 1;
                }
                path = path[..cut];
            }
        }
    }

    /// <summary>An error naming the line and field, as every surface shows it.</summary>
    public static FieldError Error(int line, string field, string message) =>
        new(field, "Invalid", string.Create(CultureInfo.InvariantCulture, $"Line {line}, field '{field}': {message}"), line, field);

    public static Parsed Parse(byte[] bytes)
    {
        var errors = new List<FieldError>();
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        if (span.Length > MaxBytes)
        {
            errors.Add(Error(1, "file", $"the file is larger than {MaxBytes} bytes."));
            return new(null, errors, new Dictionary<string, int>());
        }
        var data = span.ToArray();
        FileShape? file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(data, Json);
        }
        catch (JsonException e)
        {
            // LineNumber is 0-based; the path is where the reader stopped ("$.sections[0].questions[2].number").
            // Between two members the path is the object's ("$"): the field is then the last one read before the break.
            var line = (int)(e.LineNumber ?? 0) + 1;
            var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            if (path.Length == 0)
            {
                path = LinesOf(data).Where(l => l.Value <= line).Select(l => l.Key).LastOrDefault() ?? "file";
            }
            var reason = e.Message.Split(" Path:", 2)[0];
            errors.Add(Error(line, path, $"not valid here: {reason}"));
            return new(null, errors, new Dictionary<string, int>());
        }
        var lines = LinesOf(data);
        var parsed = new Parsed(null, errors, lines);
        if (file is null)
        {
            errors.Add(Error(1, "file", "the file holds no questionnaire."));
            return parsed;
        }
        void Required(string path, string? value, string why = "required")
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(Error(parsed.Line(path), path, why + "."));
            }
        }
        Required("code", file.Code);
        Required("title", file.Title);
        Required("titleDe", file.TitleDe, "required (every questionnaire is shown in English and German)");
        if (file.Code is { } code && (code.Trim().Length > FollowUpRules.MaxCodeLength || code.Trim().Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))))
        {
            errors.Add(Error(parsed.Line("code"), "code", $"at most {FollowUpRules.MaxCodeLength} letters, digits, '-', '.' or '_'."));
        }
        var sections = new List<QuestionnaireSection>();
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (file.Sections is not { Count: > 0 })
        {
            errors.Add(Error(parsed.Line("sections"), "sections", "at least one section is required."));
        }
        foreach (var (s, si) in (file.Sections ?? []).Select((s, i) => (s, i)))
        {
            var at = $"sections[{si}]";
            Required(at + ".key", s.Key);
            Required(at + ".title", s.Title);
            Required(at + ".titleDe", s.TitleDe);
            if (s.Key is { } key && !string.IsNullOrWhiteSpace(key) && !keys.Add(key.Trim()))
            {
                errors.Add(Error(parsed.Line(at + ".key"), at + ".key", $"the section key '{key.Trim()}' is used twice."));
            }
            if (s.Questions is not { Count: > 0 })
            {
                errors.Add(Error(parsed.Line(at), at + ".questions", "a section needs at least one question."));
            }
            var questions = new List<QuestionnaireQuestion>();
            foreach (var (q, qi) in (s.Questions ?? []).Select((q, i) => (q, i)))
            {
                var qa = $"{at}.questions[{qi}]";
                var before = errors.Count;
                Required(qa + ".number", q.Number);
                Required(qa + ".text", q.Text);
                Required(qa + ".textDe", q.TextDe);
                if (q.Number is { } number && !string.IsNullOrWhiteSpace(number))
                {
                    number = number.Trim();
                    if (number.Length > FollowUpRules.MaxNumberLength)
                    {
                        errors.Add(Error(parsed.Line(qa + ".number"), qa + ".number", $"at most {FollowUpRules.MaxNumberLength} characters."));
                    }
                    else if (numbers.TryGetValue(number, out var first))
                    {
                        errors.Add(Error(parsed.Line(qa + ".number"), qa + ".number", $"the question number {number} is used twice (first at line {parsed.Line(first)})."));
                    }
                    else
                    {
                        numbers[number] = qa + ".number";
                    }
                }
                AnswerKind? kind = q.Kind switch
                {
                    "text" => AnswerKind.Text,
                    "yes-no" => AnswerKind.YesNo,
                    "number" => AnswerKind.Number,
                    "choice" => AnswerKind.Choice,
                    _ => null,
                };
                if (kind is null)
                {
                    errors.Add(Error(parsed.Line(qa + ".kind"), qa + ".kind", $"'{q.Kind}' is not one of text, yes-no, number, choice."));
                }
                var options = (q.Options ?? []).Select(o => new QuestionOption(o.Value?.Trim() ?? "", o.Text?.Trim() ?? "", o.TextDe?.Trim() ?? "")).ToList();
                if (kind == AnswerKind.Choice)
                {
                    if (options.Count < 2)
                    {
                        errors.Add(Error(parsed.Line(qa + ".options"), qa + ".options", "a choice needs at least two options."));
                    }
                    foreach (var (o, oi) in options.Select((o, i) => (o, i)))
                    {
                        if (o.Value.Length == 0 || o.Text.Length == 0 || o.TextDe.Length == 0)
                        {
                            errors.Add(Error(parsed.Line($"{qa}.options[{oi}]"), $"{qa}.options[{oi}]", "value, text and textDe are required."));
                        }
                    }
                    if (options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != options.Count)
                    {
                        errors.Add(Error(parsed.Line(qa + ".options"), qa + ".options", "an option value is used twice."));
                    }
                }
                else if (options.Count > 0 && kind is not null)
                {
                    errors.Add(Error(parsed.Line(qa + ".options"), qa + ".options", "only a choice question lists options."));
                }
                var items = new List<ItemReference>();
                foreach (var (item, ii) in (q.Items ?? []).Select((x, i) => (x, i)))
                {
                    if (string.IsNullOrWhiteSpace(item.Framework) || string.IsNullOrWhiteSpace(item.Number))
                    {
                        errors.Add(Error(parsed.Line($"{qa}.items[{ii}]"), $"{qa}.items[{ii}]", "framework and number are required."));
                        continue;
                    }
                    items.Add(new ItemReference(item.Framework.Trim(), item.Number.Trim()));
                    parsed.Items.Add(($"{qa}.items[{ii}]", items[^1]));
                }
                var indicators = (q.Indicators ?? []).Select(c => c?.Trim() ?? "").ToList();
                foreach (var (indicator, ii) in indicators.Select((c, i) => (c, i)))
                {
                    if (indicator.Length == 0)
                    {
                        errors.Add(Error(parsed.Line($"{qa}.indicators[{ii}]"), $"{qa}.indicators[{ii}]", "an indicator code is required."));
                    }
                    else
                    {
                        parsed.Indicators.Add(($"{qa}.indicators[{ii}]", indicator));
                    }
                }
                if (errors.Count == before)
                {
                    questions.Add(new QuestionnaireQuestion(q.Number!.Trim(), q.Text!.Trim(), q.TextDe!.Trim(), kind!.Value, options,
                        indicators.Distinct(StringComparer.Ordinal).ToList(), items.Distinct().ToList()));
                }
            }
            sections.Add(new QuestionnaireSection(s.Key?.Trim() ?? "", s.Title?.Trim() ?? "", s.TitleDe?.Trim() ?? "", questions));
        }
        if (numbers.Count > MaxQuestions)
        {
            errors.Add(Error(1, "sections", $"at most {MaxQuestions} questions."));
        }
        return errors.Count > 0
            ? parsed
            : parsed with { Definition = new QuestionnaireDefinition(file.Code!.Trim(), file.Title!.Trim(), file.TitleDe!.Trim(), string.IsNullOrWhiteSpace(file.Source) ? null : file.Source.Trim(), file.Summaries ?? false, sections) };
    }

    /// <summary>
    /// The line (1-based) where each JSON path starts: a property at its name, an array element at its first token.
    /// Paths are written like <see cref="JsonException.Path"/> without the leading "$.", e.g. <c>sections[0].questions[2].kind</c>.
    /// </summary>
    private static Dictionary<string, int> LinesOf(byte[] data)
    {
        var breaks = new List<long>();
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                breaks.Add(i);
            }
        }
        int LineAt(long offset)
        {
            var index = breaks.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<(bool Array, int Index, string? Name)>();
        string Path()
        {
            var text = new StringBuilder();
            foreach (var (array, index, name) in frames)
            {
                if (array && index >= 0)
                {
                    text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else if (!array && name is not null)
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(name);
                }
            }
            return text.ToString();
        }
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // A malformed file is read up to its break (the map then tells which field came last).
        while (TryRead(ref reader))
        {
            var line = LineAt(reader.TokenStartIndex);
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.RemoveAt(frames.Count - 1);
                continue;
            }
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                frames[^1] = (false, -1, reader.GetString());
                lines.TryAdd(Path(), line);
                continue;
            }
            if (frames.Count > 0 && frames[^1].Array)
            {
                frames[^1] = (true, frames[^1].Index + 1, null);
                lines.TryAdd(Path(), line);
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
            }
        }
        return lines;
    }

    private static bool TryRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record FileShape(string? Code, string? Title, string? TitleDe, string? Source, bool? Summaries, List<SectionShape>? Sections,
    [property: JsonPropertyName("$comment")] string? Comment = null);

    private sealed record SectionShape(string? Key, string? Title, string? TitleDe, List<QuestionShape>? Questions);

    private sealed record QuestionShape(string? Number, string? Text, string? TextDe, string? Kind, List<OptionShape>? Options, List<string?>? Indicators,
        List<ItemShape>? Items);

    private sealed record OptionShape(string? Value, string? Text, string? TextDe);

    private sealed record ItemShape(string? Framework, string? Number);
}
