namespace Ariadne.Analytics.Screening;

/// <summary>
/// The stored form of a screening's answers: two bits per indicator of its instrument version, in the order of
/// <see cref="CompiledInstrument.Codes"/>, four to a byte, lowest bits first. The two bits are the <see cref="Answer"/>
/// (0 not asked, 1 unknown, 2 no, 3 yes), so an indicator without an answer costs nothing to write. Notes are not part
/// of it: they are identifying and sealed apart.
/// </summary>
public static class CompactAnswers
{
    /// <summary>The length in bytes of the compact answers of <paramref name="instrument"/>.</summary>
    public static int Length(CompiledInstrument instrument) => (instrument.Codes.Count + 3) / 4;

    /// <exception cref="ScreeningInputException">An answer names an indicator the instrument lacks, or is not an answer.</exception>
    public static byte[] Encode(CompiledInstrument instrument, IReadOnlyDictionary<string, IndicatorAnswer> answers)
    {
        var bytes = new byte[Length(instrument)];
        foreach (var (code, answer) in answers)
        {
            var i = instrument.IndexOf(code);
            if (i < 0)
            {
                throw new ScreeningInputException($"answers.{code}", $"No indicator {code} in {instrument.Instrument.Key}.");
            }
            if (!Enum.IsDefined(answer.Answer))
            {
                throw new ScreeningInputException($"answers.{code}", $"'{answer.Answer}' is not an answer.");
            }
            bytes[i >> 2] |= (byte)((int)answer.Answer << ((i & 3) * 2));
        }
        return bytes;
    }

    /// <summary>The answer at <paramref name="index"/> of <see cref="CompiledInstrument.Codes"/>.</summary>
    public static Answer Get(ReadOnlySpan<byte> answers, int index) => (Answer)((answers[index >> 2] >> ((index & 3) * 2)) & 3);

    /// <summary>
    /// The answers by code, without the indicators not asked, with the <paramref name="notes"/> by code where given (a
    /// note on an indicator not asked keeps it as a not-asked answer).
    /// </summary>
    /// <exception cref="FormatException">The bytes do not have the instrument's length.</exception>
    public static Dictionary<string, IndicatorAnswer> Decode(CompiledInstrument instrument, ReadOnlySpan<byte> answers, IReadOnlyDictionary<string, string>? notes = null)
    {
        CheckLength(instrument, answers);
        var result = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
        for (var i = 0; i < instrument.Codes.Count; i++)
        {
            var code = instrument.Codes[i];
            var answer = Get(answers, i);
            var note = notes?.GetValueOrDefault(code);
            if (answer != Answer.NotAsked || note is not null)
            {
                result[code] = new IndicatorAnswer(answer, note);
            }
        }
        return result;
    }

    internal static void CheckLength(CompiledInstrument instrument, ReadOnlySpan<byte> answers)
    {
        if (answers.Length != Length(instrument))
        {
            throw new FormatException($"Compact answers of {instrument.Instrument.Key} have {Length(instrument)} bytes, not {answers.Length}.");
        }
    }
}

/// <summary>
/// Re-scores stored screenings (their facts and <see cref="CompactAnswers"/>) under a candidate instrument version
/// without building a request: the hot path of an impact analysis. It caches the candidate's list per form and age
/// category and, per stored version and list, where each stored indicator lands on that list, so one screening costs
/// a pass over its bytes and one <see cref="CompiledList.Classify"/>. Not thread-safe (one per analysis).
/// </summary>
public sealed class CompactRescorer(CompiledInstrument candidate)
{
    private readonly Dictionary<(string Form, AgeCategory Age), CompiledList?> _lists = [];
    private readonly Dictionary<(CompiledInstrument Stored, CompiledList List), int[]> _maps = [];

    public CompiledInstrument Candidate => candidate;

    /// <summary>The outcome under the candidate, exactly as <see cref="ScreeningScorer.Classify"/> of the same request.</summary>
    /// <exception cref="ScreeningInputException">
    /// The candidate has no list for the form and age (field <c>form</c>), or an indicator answered in the stored
    /// screening is not on the candidate's list (field <c>answers.CODE</c>).
    /// </exception>
    /// <exception cref="FormatException">The bytes do not fit <paramref name="stored"/>.</exception>
    public ScreeningOutcome Classify(CompiledInstrument stored, string form, int? ageAtStart, bool ageUncertain, bool reasonsToBelieveChild, ReadOnlySpan<byte> answers)
    {
        if (ageAtStart is < 0 or > 130)
        {
            throw new ScreeningInputException("ageAtStart", $"{ageAtStart} is not an age in years.");
        }
        var age = ScreeningRequest.AgeCategoryOf(ageAtStart, ageUncertain, reasonsToBelieveChild);
        if (!_lists.TryGetValue((form, age), out var list))
        {
            list = candidate.FindList(age, form);
            _lists[(form, age)] = list;
        }
        if (list is null)
        {
            throw new ScreeningInputException("form", $"{candidate.Instrument.Key} has no {InstrumentLoader.Kebab(age)} list for '{form}'.");
        }
        if (!_maps.TryGetValue((stored, list), out var map))
        {
            map = [.. stored.Codes.Select(list.IndexOf)];
            _maps[(stored, list)] = map;
        }
        CompactAnswers.CheckLength(stored, answers);
        Span<Answer> aligned = stackalloc Answer[list.Codes.Count];
        aligned.Clear();
        for (var b = 0; b < answers.Length; b++)
        {
            var bits = answers[b];
            // Fast path: four indicators not asked.
            for (var k = 0; bits != 0; k++, bits >>= 2)
            {
                var answer = (Answer)(bits & 3);
                if (answer == Answer.NotAsked)
                {
                    continue;
                }
                var i = (b << 2) + k;
                var at = map[i];
                if (at < 0)
                {
                    throw new ScreeningInputException($"answers.{stored.Codes[i]}", $"The indicator {stored.Codes[i]} is not on the list {list.List.Id} of {candidate.Instrument.Key}.");
                }
                aligned[at] = answer;
            }
        }
        return list.Classify(aligned);
    }
}
