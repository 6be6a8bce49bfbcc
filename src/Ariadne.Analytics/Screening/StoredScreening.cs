using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ariadne.Analytics.Screening;

/// <summary>
/// Re-scores stored screenings straight from their answers JSON (the format <see cref="ScreeningRequestJson.Write"/>
/// produces) with a forward-only reader, without building a <see cref="ScreeningRequest"/>: the hot path of an impact
/// analysis. Anything unusual (facts after the answers, a duplicate or unknown code, malformed JSON) falls back to
/// <see cref="ScreeningRequestJson.Parse"/>, so the outcome and the exceptions are exactly those of the slow path.
/// </summary>
public static class StoredScreening
{
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="ScreeningInputException">The stored request does not fit <paramref name="instrument"/>.</exception>
    public static ScreeningOutcome Classify(CompiledInstrument instrument, string json)
    {
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return TryClassify(instrument, rented.AsSpan(0, length)) ?? Slow(instrument, json);
        }
        catch (JsonException)
        {
            return Slow(instrument, json);
        }
        catch (InvalidOperationException)
        {
            return Slow(instrument, json);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ScreeningOutcome Slow(CompiledInstrument instrument, string json) =>
        ScreeningScorer.Classify(instrument, ScreeningRequestJson.Parse(json));

    /// <summary>The outcome, or null when the slow path must decide.</summary>
    private static ScreeningOutcome? TryClassify(CompiledInstrument instrument, ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        string? form = null;
        int? age = null;
        bool? uncertain = null;
        var reasons = false;
        CompiledList? list = null;
        Answer[]? aligned = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAnswers = reader.ValueTextEquals("answers"u8);
            var isFact = reader.ValueTextEquals("form"u8) || reader.ValueTextEquals("ageAtStart"u8)
                || reader.ValueTextEquals("ageUncertain"u8) || reader.ValueTextEquals("reasonsToBelieveChild"u8);
            if ((isFact || isAnswers) && list is not null)
            {
                return null; // a fact or a second answers object after the answers: let the slow path decide
            }
            if (reader.ValueTextEquals("form"u8))
            {
                reader.Read();
                form = reader.TokenType == JsonTokenType.String ? reader.GetString()?.Trim() : null;
            }
            else if (reader.ValueTextEquals("ageAtStart"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    age = null;
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var years) && years is >= 0 and <= 130)
                {
                    age = years;
                }
                else
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("ageUncertain"u8) || reader.ValueTextEquals("reasonsToBelieveChild"u8))
            {
                var isUncertain = reader.ValueTextEquals("ageUncertain"u8);
                reader.Read();
                bool? value = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.Null => null,
                    _ => throw new JsonException("not a boolean"),
                };
                if (isUncertain)
                {
                    uncertain = value;
                }
                else
                {
                    reasons = value ?? false;
                }
            }
            else if (isAnswers)
            {
                if (string.IsNullOrWhiteSpace(form))
                {
                    return null;
                }
                (list, _) = ScreeningScorer.ChooseList(instrument, new ScreeningRequest(form, age, uncertain ?? age is null, reasons, new Dictionary<string, IndicatorAnswer>()));
                aligned = new Answer[list.Codes.Count];
                var seen = new bool[aligned.Length];
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var index = list.IndexOf(reader.GetString()!);
                    if (index < 0 || seen[index])
                    {
                        return null;
                    }
                    seen[index] = true;
                    reader.Read();
                    Answer? answer;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        answer = ReadAnswer(ref reader);
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        answer = null;
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isAnswer = reader.ValueTextEquals("answer"u8);
                            reader.Read();
                            if (isAnswer && reader.TokenType == JsonTokenType.String)
                            {
                                answer = ReadAnswer(ref reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        return null;
                    }
                    if (answer is not { } a)
                    {
                        return null;
                    }
                    aligned[index] = a;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (list is null)
        {
            return null;
        }
        return list.Classify(aligned!);
    }

    private static Answer? ReadAnswer(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("yes"u8) ? Answer.Yes
        : reader.ValueTextEquals("no"u8) ? Answer.No
        : reader.ValueTextEquals("unknown"u8) ? Answer.Unknown
        : reader.ValueTextEquals("not-asked"u8) ? Answer.NotAsked
        : ScreeningRequestJson.ParseAnswer(reader.GetString());
}
