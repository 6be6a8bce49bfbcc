using System.Globalization;
using System.Text.Json;

namespace Ariadne.Analytics.Screening;

/// <summary>The message keys of a screening explanation. The web resources hold their English and German texts.</summary>
public static class ScreeningMessages
{
    public const string AgeKnown = "Screening.Explain.AgeKnown";
    public const string AgeEstimated = "Screening.Explain.AgeEstimated";
    public const string AgePresumedChild = "Screening.Explain.AgePresumedChild";
    public const string AgeUnknownAdult = "Screening.Explain.AgeUnknownAdult";
    public const string List = "Screening.Explain.List";
    public const string DimensionPositive = "Screening.Explain.DimensionPositive";
    public const string DimensionUndetermined = "Screening.Explain.DimensionUndetermined";
    public const string DimensionNegative = "Screening.Explain.DimensionNegative";
    public const string Element = "Screening.Explain.Element";
    public const string Combination = "Screening.Explain.Combination";
    public const string Forms = "Screening.Explain.Forms";
    public const string ForcedLabour = "Screening.Explain.ForcedLabour";
    public const string RecommendRefer = "Screening.Explain.RecommendRefer";
    public const string RecommendContinue = "Screening.Explain.RecommendContinue";
    public const string RecommendNone = "Screening.Explain.RecommendNone";
    public const string Unverified = "Screening.Explain.Unverified";
    public const string NotALegalStatus = "Screening.Explain.NotALegalStatus";

    public static readonly IReadOnlyList<string> All =
    [
        AgeKnown, AgeEstimated, AgePresumedChild, AgeUnknownAdult, List, DimensionPositive, DimensionUndetermined,
        DimensionNegative, Element, Combination, Forms, ForcedLabour, RecommendRefer, RecommendContinue, RecommendNone,
        Unverified, NotALegalStatus,
    ];
}

/// <summary>
/// Everything a screening is scored from, and so everything stored to replay it: the form of exploitation screened
/// for, the facts that choose the adult or child list, and the answers.
/// </summary>
/// <param name="Form">The exploitation-form code of the list (e.g. <c>forced-labour</c>, <c>sexual-exploitation</c>).</param>
/// <param name="AgeAtStart">Age in whole years at the start of exploitation, when known or estimated.</param>
/// <param name="AgeUncertain">Whether that age is uncertain (or missing).</param>
/// <param name="ReasonsToBelieveChild">Whether there are reasons to believe the person is a child.</param>
/// <param name="Answers">Answers by indicator code; an indicator without one is not asked.</param>
public sealed record ScreeningRequest(
    string Form,
    int? AgeAtStart,
    bool AgeUncertain,
    bool ReasonsToBelieveChild,
    IReadOnlyDictionary<string, IndicatorAnswer> Answers)
{
    /// <summary>The age category alone, as <see cref="ChooseAge"/> chooses it, without allocating.</summary>
    public static AgeCategory AgeCategoryOf(int? ageAtStart, bool ageUncertain, bool reasonsToBelieveChild) =>
        ageAtStart is { } age && !ageUncertain ? (age < 18 ? AgeCategory.Child : AgeCategory.Adult)
        : reasonsToBelieveChild ? AgeCategory.Child
        : ageAtStart is { } estimate ? (estimate < 18 ? AgeCategory.Child : AgeCategory.Adult)
        : AgeCategory.Adult;

    /// <summary>The age category and why: the presumption of minority (CoE Convention art. 10(3)) when age is uncertain.</summary>
    public (AgeCategory Age, ExplanationItem Reason) ChooseAge()
    {
        if (AgeAtStart is { } age && !AgeUncertain)
        {
            var category = age < 18 ? AgeCategory.Child : AgeCategory.Adult;
            return (category, new(ScreeningMessages.AgeKnown, [age.ToString(CultureInfo.InvariantCulture), InstrumentLoader.Kebab(category)]));
        }
        if (ReasonsToBelieveChild)
        {
            return (AgeCategory.Child, new(ScreeningMessages.AgePresumedChild, []));
        }
        if (AgeAtStart is { } estimate)
        {
            var category = estimate < 18 ? AgeCategory.Child : AgeCategory.Adult;
            return (category, new(ScreeningMessages.AgeEstimated, [estimate.ToString(CultureInfo.InvariantCulture), InstrumentLoader.Kebab(category)]));
        }
        return (AgeCategory.Adult, new(ScreeningMessages.AgeUnknownAdult, []));
    }
}

/// <summary>Scores <see cref="ScreeningRequest"/>s: chooses the list, aligns the answers and explains the result.</summary>
public static class ScreeningScorer
{
    /// <exception cref="ScreeningInputException">No list for the age and form, or an answer names an indicator not on the list.</exception>
    public static ScreeningResult Score(CompiledInstrument instrument, ScreeningRequest request)
    {
        var (list, reason) = ChooseList(instrument, request);
        return list.Score(list.Align(request.Answers), [reason]);
    }

    /// <summary>The outcome only.</summary>
    public static ScreeningOutcome Classify(CompiledInstrument instrument, ScreeningRequest request)
    {
        var (list, _) = ChooseList(instrument, request);
        return list.Classify(list.Align(request.Answers));
    }

    public static (CompiledList List, ExplanationItem Reason) ChooseList(CompiledInstrument instrument, ScreeningRequest request)
    {
        if (request.AgeAtStart is < 0 or > 130)
        {
            throw new ScreeningInputException("ageAtStart", $"{request.AgeAtStart} is not an age in years.");
        }
        var (age, reason) = request.ChooseAge();
        var list = instrument.FindList(age, request.Form)
            ?? throw new ScreeningInputException("form", $"{instrument.Instrument.Key} has no {InstrumentLoader.Kebab(age)} list for '{request.Form}' (lists: {string.Join(", ", instrument.Instrument.Lists.Select(l => l.Id))}).");
        return (list, reason);
    }
}

/// <summary>
/// Reads a <see cref="ScreeningRequest"/> from JSON, naming the field or indicator code of the first problem:
/// <code>{ "form": "forced-labour", "ageAtStart": 16, "ageUncertain": false, "reasonsToBelieveChild": false,
///   "answers": { "DR01": "yes", "CR03": { "answer": "unknown", "note": "…" } } }</code>
/// Answers are <c>yes</c>, <c>no</c>, <c>unknown</c> or <c>not-asked</c>.
/// </summary>
public static class ScreeningRequestJson
{
    /// <exception cref="ScreeningInputException">The JSON is malformed or a field is invalid.</exception>
    public static ScreeningRequest Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ScreeningInputException("$", $"Not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScreeningInputException("$", "The answers file must be a JSON object.");
            }
            if (!root.TryGetProperty("form", out var formElement) || formElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(formElement.GetString()))
            {
                throw new ScreeningInputException("form", "Required: the exploitation form screened for, e.g. \"forced-labour\" or \"sexual-exploitation\".");
            }
            int? age = null;
            if (root.TryGetProperty("ageAtStart", out var ageElement) && ageElement.ValueKind != JsonValueKind.Null)
            {
                if (ageElement.ValueKind != JsonValueKind.Number || !ageElement.TryGetInt32(out var years) || years < 0 || years > 130)
                {
                    throw new ScreeningInputException("ageAtStart", $"'{ageElement.GetRawText()}' is not an age in whole years.");
                }
                age = years;
            }
            var uncertain = Bool(root, "ageUncertain", age is null);
            var reasons = Bool(root, "reasonsToBelieveChild", false);
            var answers = root.TryGetProperty("answers", out var answersElement) ? ParseAnswers(answersElement) : [];
            return new ScreeningRequest(formElement.GetString()!.Trim(), age, uncertain, reasons, answers);
        }
    }

    /// <summary>Reads the <c>answers</c> object: by indicator code, <c>"yes"</c> or <c>{ "answer": "yes", "note": "…" }</c>.</summary>
    /// <exception cref="ScreeningInputException">Not an object, or an answer that is not yes, no, unknown or not-asked.</exception>
    public static Dictionary<string, IndicatorAnswer> ParseAnswers(JsonElement answersElement)
    {
        var answers = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
        if (answersElement.ValueKind != JsonValueKind.Object)
        {
            throw new ScreeningInputException("answers", "Must be an object of answers by indicator code.");
        }
        foreach (var property in answersElement.EnumerateObject())
        {
            var field = $"answers.{property.Name}";
            if (answers.ContainsKey(property.Name))
            {
                throw new ScreeningInputException(field, "Answered twice.");
            }
            string? text;
            string? note = null;
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                text = property.Value.GetString();
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                text = property.Value.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                if (property.Value.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    note = n.GetString();
                }
            }
            else
            {
                text = null;
            }
            answers[property.Name] = new IndicatorAnswer(ParseAnswer(text) ?? throw new ScreeningInputException(field,
                $"'{text ?? property.Value.GetRawText()}' is not an answer; use yes, no, unknown or not-asked."), note);
        }
        return answers;
    }

    /// <summary>The JSON spelling of an answer: yes, no, unknown, not-asked.</summary>
    public static string Spell(Answer answer) => answer switch
    {
        Answer.Yes => "yes",
        Answer.No => "no",
        Answer.Unknown => "unknown",
        Answer.NotAsked => "not-asked",
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
    };

    public static Answer? ParseAnswer(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" => Answer.Yes,
        "no" => Answer.No,
        "unknown" => Answer.Unknown,
        "not-asked" => Answer.NotAsked,
        _ => null,
    };

    /// <summary>The request as JSON in the format <see cref="Parse"/> reads, answers in code order; what a screening stores.</summary>
    public static string Write(ScreeningRequest request)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("form", request.Form);
            if (request.AgeAtStart is { } age)
            {
                writer.WriteNumber("ageAtStart", age);
            }
            else
            {
                writer.WriteNull("ageAtStart");
            }
            writer.WriteBoolean("ageUncertain", request.AgeUncertain);
            writer.WriteBoolean("reasonsToBelieveChild", request.ReasonsToBelieveChild);
            writer.WriteStartObject("answers");
            foreach (var (code, answer) in request.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (string.IsNullOrEmpty(answer.Note))
                {
                    writer.WriteString(code, Spell(answer.Answer));
                }
                else
                {
                    writer.WriteStartObject(code);
                    writer.WriteString("answer", Spell(answer.Answer));
                    writer.WriteString("note", answer.Note);
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool Bool(JsonElement root, string name, bool fallback)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ScreeningInputException(name, $"'{element.GetRawText()}' is not true or false."),
        };
    }
}
