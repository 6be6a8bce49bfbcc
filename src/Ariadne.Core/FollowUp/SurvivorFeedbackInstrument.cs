using System.Globalization;
using System.Text.Json;
using Ariadne.Core.Common;

namespace Ariadne.Core.FollowUp;

/// <summary>The kinds of answer a survivor-feedback question takes.</summary>
public enum FeedbackAnswerType
{
    /// <summary>1 (strongly disagree) to 5 (strongly agree).</summary>
    Scale,

    /// <summary>Yes, no, or prefer not to say.</summary>
    YesNo,

    /// <summary>One of the question's options.</summary>
    Choice,

    /// <summary>Free text. The words are never stored (they are what would identify a person); only "given" is counted.</summary>
    Text,
}

/// <summary>One answer a question allows: the stored value and its wording in both languages.</summary>
public sealed record FeedbackOption(string Value, string Text, string TextDe);

/// <summary>One question of the instrument. Every question may be skipped.</summary>
public sealed record FeedbackQuestion(int Number, string Key, FeedbackAnswerType Type, string Text, string TextDe, IReadOnlyList<FeedbackOption> Options)
{
    /// <summary>The 1-based position of <paramref name="value"/> among <see cref="Options"/> (what an indicator's <c>answer</c> parameter names), or 0.</summary>
    public int IndexOf(string value) => Options.Select((o, i) => (o, i)).FirstOrDefault(x => x.o.Value == value, (null!, -1)).Item2 + 1;
}

/// <summary>
/// The survivor-feedback instrument (issue 18, item 4: §29's evaluation of how policies and practice affect victims):
/// questions as data, in English and German, versioned. The shipped version is <c>FollowUp/Data/survivor-feedback.json</c>
/// (see SOURCE.md there); a new version is a new file with a higher <c>version</c>, and answers keep the version they were
/// given under, so results are always per version.
/// </summary>
public sealed record SurvivorFeedbackInstrument(string Code, int Version, string Title, string TitleDe, string Purpose, string PurposeDe,
    IReadOnlyList<FeedbackQuestion> Questions)
{
    /// <summary>What a text question's answer is stored as: the fact that something was written, never the words.</summary>
    public const string TextGiven = "given";

    public const string Yes = "yes";
    public const string No = "no";
    public const string PreferNotToSay = "prefer-not-to-say";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    private static readonly Lazy<SurvivorFeedbackInstrument> Shipped = new(() =>
    {
        using var stream = typeof(SurvivorFeedbackInstrument).Assembly.GetManifestResourceStream("Ariadne.FollowUp.survivor-feedback.json")
            ?? throw new InvalidOperationException("The survivor-feedback instrument is not embedded.");
        using var reader = new StreamReader(stream);
        var (instrument, errors) = Parse(reader.ReadToEnd());
        return instrument ?? throw new InvalidOperationException("The shipped survivor-feedback instrument is malformed: " + string.Join(" ", errors.Select(e => e.Message)));
    });

    /// <summary>The instrument shipped with Ariadne (the current version).</summary>
    public static SurvivorFeedbackInstrument Current => Shipped.Value;

    public FeedbackQuestion? Question(int number) => Questions.FirstOrDefault(q => q.Number == number);

    /// <summary>
    /// Reads an instrument file. Malformed input gives errors naming the question and field (e.g.
    /// <c>Question 3, field 'type': 'stars' is not one of scale, yes-no, choice, text.</c>) and no instrument.
    /// </summary>
    public static (SurvivorFeedbackInstrument? Instrument, IReadOnlyList<FieldError> Errors) Parse(string json)
    {
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new(field, "Invalid", message, field));
        FileShape? file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Json);
        }
        catch (JsonException e)
        {
            Error("file", $"The file is not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}");
            return (null, errors);
        }
        if (file is null)
        {
            Error("file", "The file is empty.");
            return (null, errors);
        }
        if (string.IsNullOrWhiteSpace(file.Code))
        {
            Error("code", "Field 'code' is required.");
        }
        if (file.Version is not > 0)
        {
            Error("version", "Field 'version' must be a whole number of at least 1.");
        }
        foreach (var (name, value) in new[] { ("title", file.Title), ("titleDe", file.TitleDe), ("purpose", file.Purpose), ("purposeDe", file.PurposeDe) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(name, $"Field '{name}' is required (the survivor is told what is asked and why, in both languages).");
            }
        }
        var questions = new List<FeedbackQuestion>();
        var seen = new HashSet<int>();
        foreach (var (q, index) in (file.Questions ?? []).Select((q, i) => (q, i)))
        {
            var at = q.Number is > 0 ? $"Question {q.Number.Value.ToString(CultureInfo.InvariantCulture)}" : $"Question at position {index + 1}";
            var before = errors.Count;
            if (q.Number is not > 0)
            {
                Error("number", $"{at}, field 'number': a whole number of at least 1 is required.");
            }
            else if (!seen.Add(q.Number.Value))
            {
                Error("number", $"{at}, field 'number': the number is used twice.");
            }
            if (string.IsNullOrWhiteSpace(q.Key))
            {
                Error("key", $"{at}, field 'key': required.");
            }
            if (string.IsNullOrWhiteSpace(q.Text) || string.IsNullOrWhiteSpace(q.TextDe))
            {
                Error(string.IsNullOrWhiteSpace(q.Text) ? "text" : "textDe", $"{at}, field '{(string.IsNullOrWhiteSpace(q.Text) ? "text" : "textDe")}': required.");
            }
            FeedbackAnswerType? type = q.Type switch
            {
                "scale" => FeedbackAnswerType.Scale,
                "yes-no" => FeedbackAnswerType.YesNo,
                "choice" => FeedbackAnswerType.Choice,
                "text" => FeedbackAnswerType.Text,
                _ => null,
            };
            if (type is null)
            {
                Error("type", $"{at}, field 'type': '{q.Type}' is not one of scale, yes-no, choice, text.");
            }
            var options = type switch
            {
                FeedbackAnswerType.Scale => Enumerable.Range(1, 5).Select(n => new FeedbackOption(n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture))).ToList(),
                FeedbackAnswerType.YesNo => [new(Yes, "Yes", "Ja"), new(No, "No", "Nein"), new(PreferNotToSay, "I prefer not to say", "Ich möchte es nicht sagen")],
                FeedbackAnswerType.Text => [new(TextGiven, "Something was written", "Etwas wurde geschrieben")],
                _ => (q.Options ?? []).Select(o => new FeedbackOption(o.Value?.Trim() ?? "", o.Text ?? "", o.TextDe ?? "")).ToList(),
            };
            if (type == FeedbackAnswerType.Choice)
            {
                if (options.Count < 2)
                {
                    Error("options", $"{at}, field 'options': a choice needs at least two options.");
                }
                foreach (var (o, position) in options.Select((o, i) => (o, i + 1)))
                {
                    if (o.Value.Length == 0 || o.Text.Length == 0 || o.TextDe.Length == 0)
                    {
                        Error("options", $"{at}, field 'options', option {position}: value, text and textDe are required.");
                    }
                }
                if (options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != options.Count)
                {
                    Error("options", $"{at}, field 'options': an option value is used twice.");
                }
            }
            else if (q.Options is { Count: > 0 } && type is not null)
            {
                Error("options", $"{at}, field 'options': only a choice question lists options.");
            }
            if (errors.Count == before)
            {
                questions.Add(new FeedbackQuestion(q.Number!.Value, q.Key!.Trim(), type!.Value, q.Text!.Trim(), q.TextDe!.Trim(), options));
            }
        }
        if (file.Questions is not { Count: > 0 })
        {
            Error("questions", "Field 'questions': at least one question is required.");
        }
        return errors.Count > 0
            ? (null, errors)
            : (new SurvivorFeedbackInstrument(file.Code!.Trim(), file.Version!.Value, file.Title!, file.TitleDe!, file.Purpose!, file.PurposeDe!,
                questions.OrderBy(q => q.Number).ToList()), errors);
    }

    /// <summary>
    /// Checks a survivor's answers (question number → answer; a text question's answer is the words, which are reduced to
    /// <see cref="TextGiven"/> here and go no further). Blank answers are skipped questions. Errors name the question.
    /// </summary>
    public (IReadOnlyList<(int Question, string Answer)> Answers, IReadOnlyList<FieldError> Errors) Check(IReadOnlyDictionary<int, string?> given)
    {
        var answers = new List<(int, string)>();
        var errors = new List<FieldError>();
        foreach (var (number, raw) in given.OrderBy(g => g.Key))
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            var field = "Q" + number.ToString(CultureInfo.InvariantCulture);
            if (Question(number) is not { } question)
            {
                errors.Add(new(field, "UnknownQuestion", $"Question {number}: the instrument (version {Version}) has no such question.", number));
                continue;
            }
            if (question.Type == FeedbackAnswerType.Text)
            {
                answers.Add((number, TextGiven));
                continue;
            }
            var value = raw.Trim();
            if (question.IndexOf(value) == 0)
            {
                errors.Add(new(field, "UnknownAnswer", $"Question {number}: '{value}' is not one of {string.Join(", ", question.Options.Select(o => o.Value))}.", number));
                continue;
            }
            answers.Add((number, value));
        }
        return (errors.Count > 0 ? [] : answers, errors);
    }

    private sealed record FileShape(string? Code, int? Version, string? Title, string? TitleDe, string? Purpose, string? PurposeDe, List<QuestionShape>? Questions);

    private sealed record QuestionShape(int? Number, string? Key, string? Type, string? Text, string? TextDe, List<OptionShape>? Options);

    private sealed record OptionShape(string? Value, string? Text, string? TextDe);
}
