namespace Ariadne.Analytics.Screening;

/// <summary>How much an indicator weighs in its list (ILO/EC operational indicators: strong, medium, weak).</summary>
public enum Strength
{
    Weak = 1,
    Medium = 2,
    Strong = 3,
}

/// <summary>
/// How sure the shipped content is, in the tags of the research note: seen in a primary source, only in a secondary
/// one, from memory, the team's own mapping, or missing and filled provisionally. Everything but
/// <see cref="Verified"/> is shown as <em>unverified</em> wherever a result depends on it.
/// </summary>
public enum Verification
{
    Verified = 0,
    Secondary = 1,
    Memory = 2,
    Team = 3,
    Missing = 4,
}

/// <summary>The three elements of the Palermo definition (art. 3(a)).</summary>
public enum PalermoElement
{
    Act = 0,
    Means = 1,
    Purpose = 2,
}

/// <summary>Which set of lists applies: adults, or children (under 18 at the start of exploitation).</summary>
public enum AgeCategory
{
    Adult = 0,
    Child = 1,
}

/// <summary>A dimension of the instrument (e.g. D1 deceptive recruitment) and the indicators it contains.</summary>
/// <param name="Code">Unique within the instrument; a name in the combination and element rules.</param>
/// <param name="Labels">Label by language ("en" required).</param>
/// <param name="Element">The Palermo element the dimension evidences.</param>
/// <param name="Indicators">The codes of its indicators; every indicator is in exactly one dimension.</param>
/// <param name="Rule">Its own dimension rule, or null for the instrument's default dimension rule.</param>
/// <param name="Verification">How sure the dimension's content is.</param>
public sealed record ScreeningDimension(
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    PalermoElement Element,
    IReadOnlyList<string> Indicators,
    ScreeningRule? Rule,
    Verification Verification);

/// <summary>One indicator: a short label (never the source's explanatory text) and its mappings.</summary>
/// <param name="Code">Unique within the instrument.</param>
/// <param name="Labels">Label by language ("en" required).</param>
/// <param name="ForcedLabour">Numbers (1–11) of the ILO forced-labour indicators it maps to.</param>
/// <param name="Forms">Codes of the exploitation-form list it points to on its own (e.g. forced criminal activity).</param>
public sealed record ScreeningIndicator(
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<int> ForcedLabour,
    IReadOnlyList<string> Forms);

/// <summary>One of the four lists: which indicators apply to an age category and form of exploitation, with what weight.</summary>
/// <param name="Id">Unique within the instrument, e.g. <c>adult-labour</c>.</param>
/// <param name="Age">Adults or children.</param>
/// <param name="Form">The exploitation-form code the list screens for (e.g. <c>forced-labour</c>).</param>
/// <param name="Weights">Weight by indicator code; an indicator without a weight is not on the list.</param>
/// <param name="Verification">How sure the list's weights are.</param>
/// <param name="WeightNotes">Weights with a doubt of their own, by indicator code (e.g. sources disagree).</param>
/// <param name="Note">Provenance, in English, for the record.</param>
public sealed record ScreeningList(
    string Id,
    AgeCategory Age,
    string Form,
    IReadOnlyDictionary<string, Strength> Weights,
    Verification Verification,
    IReadOnlyDictionary<string, string> WeightNotes,
    string? Note);

/// <summary>One of the ILO indicators of forced labour (2012) with the suggested HTCDS MethodsOfControl crosswalk.</summary>
public sealed record ForcedLabourIndicator(int Number, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> ControlMethods);

/// <summary>A rule as written in the instrument, with how sure it is.</summary>
public sealed record ScreeningRule(string Expression, Verification Verification);

/// <summary>
/// A versioned, validated screening instrument: dimensions, indicators, the four lists, the dimension rule, the
/// combination rule per age category, the rule for each Palermo element, and the forced-labour and control-method
/// mappings. Create it with <see cref="InstrumentLoader"/>; score with <see cref="CompiledInstrument"/>.
/// </summary>
public sealed class ScreeningInstrument
{
    public required string Id { get; init; }

    public required string Version { get; init; }

    /// <summary><c>id@version</c>: what a stored screening keeps so that it can be replayed.</summary>
    public string Key => $"{Id}@{Version}";

    public required IReadOnlyDictionary<string, string> Title { get; init; }

    /// <summary>Bibliographic source, for the record.</summary>
    public required string Source { get; init; }

    /// <summary>The default dimension rule over the counts <c>strong</c>, <c>medium</c>, <c>weak</c>, <c>total</c> of "yes" answers.</summary>
    public required ScreeningRule DimensionRule { get; init; }

    /// <summary>The combination rule over dimension codes, by age category.</summary>
    public required IReadOnlyDictionary<AgeCategory, ScreeningRule> CombinationRules { get; init; }

    /// <summary>When each Palermo element counts as evidenced, over dimension codes.</summary>
    public required IReadOnlyDictionary<PalermoElement, ScreeningRule> ElementRules { get; init; }

    public required IReadOnlyList<ScreeningDimension> Dimensions { get; init; }

    public required IReadOnlyList<ScreeningIndicator> Indicators { get; init; }

    public required IReadOnlyList<ScreeningList> Lists { get; init; }

    public required IReadOnlyList<ForcedLabourIndicator> ForcedLabourIndicators { get; init; }

    /// <summary>How sure the indicator → ILO forced-labour mapping is.</summary>
    public required Verification ForcedLabourMapping { get; init; }

    /// <summary>How sure the ILO forced-labour → HTCDS control-method crosswalk is.</summary>
    public required Verification ControlMethodMapping { get; init; }

    /// <summary>How sure the indicator → exploitation-form mapping is.</summary>
    public required Verification FormMapping { get; init; }

    /// <summary>The list for an age category and exploitation form, or null.</summary>
    public ScreeningList? FindList(AgeCategory age, string form) =>
        Lists.FirstOrDefault(l => l.Age == age && string.Equals(l.Form, form, StringComparison.Ordinal));

    public ScreeningList? FindList(string id) => Lists.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.Ordinal));

    /// <summary>The label in <paramref name="language"/>, else English.</summary>
    public static string Label(IReadOnlyDictionary<string, string> labels, string language) =>
        labels.TryGetValue(language, out var label) ? label : labels.TryGetValue("en", out var en) ? en : "";
}
