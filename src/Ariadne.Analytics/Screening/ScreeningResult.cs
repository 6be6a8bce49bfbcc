namespace Ariadne.Analytics.Screening;

/// <summary>The answer to one indicator. Unknown and not asked are both open: a later "yes" could change the result.</summary>
public enum Answer : byte
{
    NotAsked = 0,
    Unknown = 1,
    No = 2,
    Yes = 3,
}

/// <summary>A three-valued outcome, ordered: negative &lt; undetermined &lt; positive.</summary>
public enum TriState
{
    /// <summary>Does not hold, whatever the open answers turn out to be.</summary>
    Negative = 0,

    /// <summary>Does not hold on the "yes" answers alone, but would if enough open answers became "yes".</summary>
    Undetermined = 1,

    /// <summary>Holds on the "yes" answers alone.</summary>
    Positive = 2,
}

/// <summary>What the screening recommends, ordered from weakest to strongest. It is never a legal status.</summary>
public enum Recommendation
{
    /// <summary>No indicator was answered "yes".</summary>
    NoIndicatorsFound = 0,

    /// <summary>Some indicators are present, but the combination rule is not met: continue the assessment.</summary>
    ContinueAssessment = 1,

    /// <summary>The combination rule is met: refer to the national referral mechanism as a presumed victim.</summary>
    Refer = 2,
}

/// <summary>The answer to one indicator with an optional note (the note never affects the result).</summary>
public sealed record IndicatorAnswer(Answer Answer, string? Note = null);

/// <summary>The result of one dimension, with the indicators behind it.</summary>
/// <param name="Code">The dimension code.</param>
/// <param name="State">Positive, negative or undetermined.</param>
/// <param name="Yes">Indicators answered "yes", in instrument order.</param>
/// <param name="Open">Indicators unknown or not asked, in instrument order.</param>
public sealed record DimensionResult(string Code, TriState State, IReadOnlyList<string> Yes, IReadOnlyList<string> Open);

/// <summary>One line of the explanation: a message key and its arguments, so that a UI renders it in its own language.</summary>
public sealed record ExplanationItem(string Key, IReadOnlyList<string> Args);

/// <summary>The full, explained result of scoring one screening. Serialise it as the snapshot stored with the screening.</summary>
public sealed record ScreeningResult
{
    /// <summary><c>id@version</c> of the instrument that produced it.</summary>
    public required string Instrument { get; init; }

    public required string List { get; init; }

    public required AgeCategory Age { get; init; }

    public required IReadOnlyList<DimensionResult> Dimensions { get; init; }

    /// <summary>Whether act, means and purpose are evidenced (by the instrument's element rules).</summary>
    public required IReadOnlyDictionary<PalermoElement, TriState> Elements { get; init; }

    /// <summary>The combination rule of the list's age category.</summary>
    public required TriState Combination { get; init; }

    /// <summary>Exploitation-form codes indicated: the list's form when the purpose is evidenced, and forms named by "yes" indicators.</summary>
    public required IReadOnlyList<string> Forms { get; init; }

    /// <summary>Numbers of the ILO forced-labour indicators that "yes" indicators map to.</summary>
    public required IReadOnlyList<int> ForcedLabourIndicators { get; init; }

    /// <summary>HTCDS control-method codes those forced-labour indicators map to.</summary>
    public required IReadOnlyList<string> ControlMethods { get; init; }

    public required Recommendation Recommendation { get; init; }

    /// <summary>True when any part the result depends on is not verified against a primary source.</summary>
    public required bool Unverified { get; init; }

    /// <summary>Which parts are unverified, e.g. <c>list:adult-labour</c>, <c>rule:combination.adult</c>, <c>weight:adult-labour:RV13</c>.</summary>
    public required IReadOnlyList<string> UnverifiedParts { get; init; }

    public required IReadOnlyList<ExplanationItem> Explanation { get; init; }
}

/// <summary>Just the outcome of a screening, for re-scoring in bulk.</summary>
public readonly record struct ScreeningOutcome(Recommendation Recommendation, TriState Combination);
