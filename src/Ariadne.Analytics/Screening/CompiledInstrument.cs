using System.Globalization;

namespace Ariadne.Analytics.Screening;

/// <summary>
/// An instrument prepared for fast scoring: each list's indicators in a fixed order, with their dimension and weight
/// as arrays and every rule parsed once. Immutable and thread-safe.
/// </summary>
public sealed class CompiledInstrument
{
    private readonly Dictionary<string, CompiledList> _lists;
    private readonly Dictionary<string, int> _index;

    private CompiledInstrument(ScreeningInstrument instrument)
    {
        Instrument = instrument;
        _lists = instrument.Lists.ToDictionary(l => l.Id, l => new CompiledList(instrument, l), StringComparer.Ordinal);
        Codes = [.. instrument.Dimensions.SelectMany(d => d.Indicators)];
        _index = Codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
    }

    public ScreeningInstrument Instrument { get; }

    /// <summary>
    /// Every indicator code of the instrument, by dimension in instrument order: the order of the stored compact
    /// answers (<see cref="CompactAnswers"/>). Fixed for a version, because versions are immutable.
    /// </summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>The position of <paramref name="code"/> in <see cref="Codes"/>, or -1 when the instrument lacks it.</summary>
    public int IndexOf(string code) => _index.TryGetValue(code, out var i) ? i : -1;

    public static CompiledInstrument Compile(ScreeningInstrument instrument) => new(instrument);

    /// <exception cref="KeyNotFoundException">No list with that id.</exception>
    public CompiledList List(string id) => _lists[id];

    public CompiledList? FindList(AgeCategory age, string form) =>
        Instrument.FindList(age, form) is { } list ? _lists[list.Id] : null;
}

/// <summary>One list of a compiled instrument. Answers are passed as a span aligned with <see cref="Codes"/>.</summary>
public sealed class CompiledList
{
    /// <summary>Count slots per dimension: strong, medium, weak, total (the order of <see cref="InstrumentLoader.CountNames"/>).</summary>
    private const int Slots = 4;

    private readonly ScreeningInstrument _instrument;
    private readonly Dictionary<string, int> _index;
    private readonly int[] _dimensionOf;
    private readonly int[] _slot;
    private readonly RuleExpression[] _dimensionRules;
    private readonly RuleExpression _combination;
    private readonly RuleExpression[] _elements;
    private readonly string[] _dimensionCodes;

    internal CompiledList(ScreeningInstrument instrument, ScreeningList list)
    {
        _instrument = instrument;
        List = list;
        _dimensionCodes = [.. instrument.Dimensions.Select(d => d.Code)];
        var codes = new List<string>();
        var dimensionOf = new List<int>();
        var slot = new List<int>();
        for (var d = 0; d < instrument.Dimensions.Count; d++)
        {
            foreach (var code in instrument.Dimensions[d].Indicators)
            {
                if (list.Weights.TryGetValue(code, out var strength))
                {
                    codes.Add(code);
                    dimensionOf.Add(d);
                    slot.Add(d * Slots + strength switch
                    {
                        Strength.Strong => 0,
                        Strength.Medium => 1,
                        Strength.Weak => 2,
                        _ => throw new InvalidOperationException($"Unknown strength {strength}."),
                    });
                }
            }
        }
        Codes = codes;
        _index = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        _dimensionOf = [.. dimensionOf];
        _slot = [.. slot];
        _dimensionRules = [.. instrument.Dimensions.Select(d => RuleExpression.Parse((d.Rule ?? instrument.DimensionRule).Expression, InstrumentLoader.CountNames, []))];
        _combination = RuleExpression.Parse(instrument.CombinationRules[list.Age].Expression, [], _dimensionCodes);
        _elements = [.. Enum.GetValues<PalermoElement>().Select(e => RuleExpression.Parse(instrument.ElementRules[e].Expression, [], _dimensionCodes))];
    }

    public ScreeningList List { get; }

    /// <summary>The list's indicator codes, by dimension in instrument order: the order of an answers span.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>The position of <paramref name="code"/> in <see cref="Codes"/>, or -1 when it is not on the list.</summary>
    public int IndexOf(string code) => _index.TryGetValue(code, out var i) ? i : -1;

    /// <summary>The answers as a span aligned with <see cref="Codes"/>; indicators without an answer are not asked.</summary>
    /// <exception cref="ScreeningInputException">An answer names an indicator that is not on this list.</exception>
    public Answer[] Align(IReadOnlyDictionary<string, IndicatorAnswer> answers)
    {
        var aligned = new Answer[Codes.Count];
        foreach (var (code, answer) in answers)
        {
            var i = IndexOf(code);
            if (i < 0)
            {
                throw new ScreeningInputException($"answers.{code}", _instrument.Indicators.Any(x => x.Code == code)
                    ? $"The indicator {code} is not on the list {List.Id}."
                    : $"No indicator {code} in {_instrument.Key}.");
            }
            if (!Enum.IsDefined(answer.Answer))
            {
                throw new ScreeningInputException($"answers.{code}", $"'{answer.Answer}' is not an answer.");
            }
            aligned[i] = answer.Answer;
        }
        return aligned;
    }

    /// <summary>The outcome only, without allocating: the hot path of an impact analysis.</summary>
    /// <exception cref="ArgumentException">The span is not aligned with <see cref="Codes"/>.</exception>
    public ScreeningOutcome Classify(ReadOnlySpan<Answer> answers)
    {
        var (positive, possible, anyYes) = Dimensions(answers, stackalloc int[_dimensionCodes.Length * Slots], stackalloc int[_dimensionCodes.Length * Slots]);
        var combination = State(_combination, positive, possible);
        return new ScreeningOutcome(Recommend(combination, anyYes), combination);
    }

    /// <summary>The full, explained result.</summary>
    /// <param name="answers">Aligned with <see cref="Codes"/>.</param>
    /// <param name="preface">Explanation lines that come first (e.g. why this list applies).</param>
    public ScreeningResult Score(ReadOnlySpan<Answer> answers, IReadOnlyList<ExplanationItem>? preface = null)
    {
        Span<int> lower = stackalloc int[_dimensionCodes.Length * Slots];
        Span<int> upper = stackalloc int[_dimensionCodes.Length * Slots];
        var (positive, possible, anyYes) = Dimensions(answers, lower, upper);
        var combination = State(_combination, positive, possible);
        var recommendation = Recommend(combination, anyYes);

        var explanation = new List<ExplanationItem>(preface ?? []);
        explanation.Add(new(ScreeningMessages.List, [List.Id]));
        var unverified = new List<string>();
        if (List.Verification != Verification.Verified)
        {
            unverified.Add($"list:{List.Id}");
        }
        unverified.AddRange(List.WeightNotes.Keys.Select(code => $"weight:{List.Id}:{code}"));

        var dimensions = new List<DimensionResult>(_dimensionCodes.Length);
        for (var d = 0; d < _dimensionCodes.Length; d++)
        {
            var yes = new List<string>();
            var open = new List<string>();
            for (var i = 0; i < answers.Length; i++)
            {
                if (_dimensionOf[i] != d)
                {
                    continue;
                }
                if (answers[i] == Answer.Yes)
                {
                    yes.Add(Codes[i]);
                }
                else if (answers[i] is Answer.Unknown or Answer.NotAsked)
                {
                    open.Add(Codes[i]);
                }
            }
            var state = State(d, positive, possible);
            var dimension = _instrument.Dimensions[d];
            var rule = dimension.Rule ?? _instrument.DimensionRule;
            dimensions.Add(new DimensionResult(_dimensionCodes[d], state, yes, open));
            explanation.Add(state switch
            {
                TriState.Positive => new(ScreeningMessages.DimensionPositive, [dimension.Code, Join(yes), rule.Expression]),
                TriState.Undetermined => new(ScreeningMessages.DimensionUndetermined, [dimension.Code, Join(yes), Join(open), rule.Expression]),
                _ => new(ScreeningMessages.DimensionNegative, [dimension.Code, Join(yes), rule.Expression]),
            });
            if (rule.Verification != Verification.Verified)
            {
                AddOnce(unverified, dimension.Rule is null ? "rule:dimension" : $"rule:dimension.{dimension.Code}");
            }
            if (dimension.Verification != Verification.Verified)
            {
                unverified.Add($"dimension:{dimension.Code}");
            }
        }

        var elements = new Dictionary<PalermoElement, TriState>();
        foreach (var element in Enum.GetValues<PalermoElement>())
        {
            var state = State(_elements[(int)element], positive, possible);
            elements[element] = state;
            explanation.Add(new(ScreeningMessages.Element, [InstrumentLoader.Kebab(element), InstrumentLoader.Kebab(state), _instrument.ElementRules[element].Expression]));
            if (_instrument.ElementRules[element].Verification != Verification.Verified)
            {
                unverified.Add($"rule:elements.{InstrumentLoader.Kebab(element)}");
            }
        }

        var combinationRule = _instrument.CombinationRules[List.Age];
        explanation.Add(new(ScreeningMessages.Combination, [InstrumentLoader.Kebab(List.Age), combinationRule.Expression, InstrumentLoader.Kebab(combination)]));
        if (combinationRule.Verification != Verification.Verified)
        {
            unverified.Add($"rule:combination.{InstrumentLoader.Kebab(List.Age)}");
        }

        var forms = new List<string>();
        if (elements[PalermoElement.Purpose] == TriState.Positive)
        {
            forms.Add(List.Form);
        }
        var forcedLabour = new SortedSet<int>();
        var indicatorForms = false;
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] != Answer.Yes)
            {
                continue;
            }
            var indicator = _instrument.Indicators.First(x => x.Code == Codes[i]);
            forcedLabour.UnionWith(indicator.ForcedLabour);
            foreach (var form in indicator.Forms)
            {
                indicatorForms = true;
                AddOnce(forms, form);
            }
        }
        var controlMethods = new List<string>();
        foreach (var number in forcedLabour)
        {
            foreach (var method in _instrument.ForcedLabourIndicators.First(f => f.Number == number).ControlMethods)
            {
                AddOnce(controlMethods, method);
            }
        }
        if (forms.Count > 0)
        {
            explanation.Add(new(ScreeningMessages.Forms, [Join(forms)]));
        }
        if (indicatorForms && _instrument.FormMapping != Verification.Verified)
        {
            unverified.Add("mapping:forms");
        }
        if (forcedLabour.Count > 0)
        {
            explanation.Add(new(ScreeningMessages.ForcedLabour, [string.Join(", ", forcedLabour.Select(n => n.ToString(CultureInfo.InvariantCulture)))]));
            if (_instrument.ForcedLabourMapping != Verification.Verified)
            {
                unverified.Add("mapping:forced-labour");
            }
        }
        if (controlMethods.Count > 0 && _instrument.ControlMethodMapping != Verification.Verified)
        {
            unverified.Add("mapping:control-methods");
        }
        explanation.Add(new(recommendation switch
        {
            Recommendation.Refer => ScreeningMessages.RecommendRefer,
            Recommendation.ContinueAssessment => ScreeningMessages.RecommendContinue,
            _ => ScreeningMessages.RecommendNone,
        }, []));
        if (unverified.Count > 0)
        {
            explanation.Add(new(ScreeningMessages.Unverified, [string.Join(", ", unverified)]));
        }
        explanation.Add(new(ScreeningMessages.NotALegalStatus, []));

        return new ScreeningResult
        {
            Instrument = _instrument.Key,
            List = List.Id,
            Age = List.Age,
            Dimensions = dimensions,
            Elements = elements,
            Combination = combination,
            Forms = forms,
            ForcedLabourIndicators = [.. forcedLabour],
            ControlMethods = controlMethods,
            Recommendation = recommendation,
            Unverified = unverified.Count > 0,
            UnverifiedParts = unverified,
            Explanation = explanation,
        };
    }

    /// <summary>
    /// Counts "yes" answers (lower bound) and "yes" plus open answers (upper bound) per dimension and weight, then
    /// evaluates each dimension rule on both: a dimension is positive on the lower counts and possible on the upper.
    /// </summary>
    private (ulong Positive, ulong Possible, bool AnyYes) Dimensions(ReadOnlySpan<Answer> answers, Span<int> lower, Span<int> upper)
    {
        if (answers.Length != _slot.Length)
        {
            throw new ArgumentException($"Expected {_slot.Length} answers aligned with the list {List.Id}, got {answers.Length}.", nameof(answers));
        }
        var anyYes = false;
        for (var i = 0; i < answers.Length; i++)
        {
            var answer = answers[i];
            if (answer == Answer.No)
            {
                continue;
            }
            var slot = _slot[i];
            var total = slot - slot % Slots + (Slots - 1);
            upper[slot]++;
            upper[total]++;
            if (answer == Answer.Yes)
            {
                lower[slot]++;
                lower[total]++;
                anyYes = true;
            }
        }
        ulong positive = 0, possible = 0;
        for (var d = 0; d < _dimensionRules.Length; d++)
        {
            var rule = _dimensionRules[d];
            if (rule.Evaluate(lower.Slice(d * Slots, Slots), 0))
            {
                positive |= 1UL << d;
                possible |= 1UL << d;
            }
            else if (rule.Evaluate(upper.Slice(d * Slots, Slots), 0))
            {
                possible |= 1UL << d;
            }
        }
        return (positive, possible, anyYes);
    }

    private static TriState State(RuleExpression rule, ulong positive, ulong possible) =>
        rule.Evaluate([], positive) ? TriState.Positive : rule.Evaluate([], possible) ? TriState.Undetermined : TriState.Negative;

    private static TriState State(int dimension, ulong positive, ulong possible) =>
        (positive & (1UL << dimension)) != 0 ? TriState.Positive : (possible & (1UL << dimension)) != 0 ? TriState.Undetermined : TriState.Negative;

    private static Recommendation Recommend(TriState combination, bool anyYes) =>
        combination == TriState.Positive ? Recommendation.Refer : anyYes ? Recommendation.ContinueAssessment : Recommendation.NoIndicatorsFound;

    private static string Join(IReadOnlyList<string> codes) => codes.Count == 0 ? "—" : string.Join(", ", codes);

    private static void AddOnce(List<string> list, string item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }
}

/// <summary>Answers or screening facts that do not fit the instrument; <see cref="Field"/> names the field or indicator.</summary>
public sealed class ScreeningInputException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;

    public string Reason { get; } = message;
}
