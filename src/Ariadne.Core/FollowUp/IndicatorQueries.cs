using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Common;

namespace Ariadne.Core.FollowUp;

/// <summary>How a query's value reads: a count of persons or events, a rate, a median or a share.</summary>
public enum QueryValueKind
{
    Count,
    Rate,
    Median,
    Share,
    /// <summary>A sum of amounts (per currency), shown only when the cases behind it pass the small-count rule.</summary>
    Sum,
}

/// <summary>An integer parameter of a query, with its range and default.</summary>
public sealed record QueryParameter(string Name, int Min, int Max, int Default, string Description);

/// <summary>
/// A named query over Ariadne's own data that computes an indicator per period. Its name says what it truly counts;
/// <see cref="Dimensions"/> are the disaggregations it can give, <see cref="Parameters"/> the integers it takes.
/// </summary>
public sealed record IndicatorQuery(string Name, QueryValueKind ValueKind, string Unit, IReadOnlyList<string> Dimensions, IReadOnlyList<QueryParameter> Parameters,
    string Description);

/// <summary>
/// The catalogue of computed indicators (issue 18, item 3). Each reads what the case, referral-mechanism and
/// transnational-referral records actually hold; a query that would need data Ariadne does not record is not offered.
/// Every query leaves out the cases whose person refused or withdrew consent to statistics, and its values are published
/// as a statistics release (<c>followup-indicator</c>) under the same disclosure control as every other figure.
/// </summary>
public static class IndicatorQueries
{
    public const string PersonsIdentified = "persons-identified";
    public const string Sdg1622Rate = "sdg-16-2-2-rate";
    public const string MedianWorkingDaysToReasonableGrounds = "median-working-days-referral-to-reasonable-grounds";
    public const string AssistedWithinDays = "presumed-victims-assisted-within-days";
    public const string RecoveryPeriodsGranted = "recovery-periods-granted";
    public const string NonPunishmentFlags = "cases-with-non-punishment-flag";
    public const string GuardiansForPresumedChildren = "presumed-children-with-guardian-appointed";
    public const string TransnationalReferralsReceived = "transnational-referrals-received";
    public const string PersonsIdentifiedAgain = "persons-identified-again";
    public const string SurvivorFeedbackShare = "survivor-feedback-share";
    public const string CasesWithAssetsRestrained = "cases-with-assets-frozen-seized-confiscated";
    public const string ValueConfiscated = "value-confiscated";
    public const string ValueReturnedToVictims = "value-returned-to-victims";

    /// <summary>The dimension of <see cref="CasesWithAssetsRestrained"/>: the furthest asset status a case reached in the period.</summary>
    public const string AssetStatusDimension = "assetStatus";

    /// <summary>The dimension of <see cref="ValueConfiscated"/> and <see cref="ValueReturnedToVictims"/>: the ISO 4217 currency (sums are never added across currencies).</summary>
    public const string CurrencyDimension = "currency";

    private static readonly string[] PersonDimensions = ["sex", "ageGroup", "ageBroad", "form", "citizenship", "countryOfExploitation", "transnationality", "traffickingStatus"];

    public static readonly IReadOnlyList<IndicatorQuery> All =
    [
        new(PersonsIdentified, QueryValueKind.Count, "persons", PersonDimensions, [],
            "Persons identified as presumed victims (trafficking status possible or actual) with an identification date in the period, each person counted once (the first of their cases in the period)."),
        new(Sdg1622Rate, QueryValueKind.Rate, "per 100,000 population", ["sex", "ageGroup", "form"], [],
            "SDG 16.2.2: persons identified as presumed victims in the period per 100,000 resident population of the installation's country (setting Statistics:Country, World Bank SP.POP.TOTL of the period's last year); not available without that country or its population."),
        new(MedianWorkingDaysToReasonableGrounds, QueryValueKind.Median, "working days", [], [],
            "Median working days (the jurisdiction's calendar) from a case's referral into the mechanism to its first reasonable-grounds decision, over the decisions made in the period."),
        new(AssistedWithinDays, QueryValueKind.Share, "share", [], [new QueryParameter("days", 0, 365, 30, "Days from identification within which a service must have started.")],
            "Share of the presumed victims identified in the period for whom a delivered service started within the given number of days of identification."),
        new(RecoveryPeriodsGranted, QueryValueKind.Count, "recovery periods", [], [],
            "Recovery periods granted: positive reasonable-grounds decisions (first or on reconsideration) that moved a case into the recovery period in the period."),
        new(NonPunishmentFlags, QueryValueKind.Count, "cases", [], [],
            "Cases in which the non-punishment principle was flagged (a non-punishment flag recorded) in the period."),
        new(GuardiansForPresumedChildren, QueryValueKind.Count, "children", [], [],
            "Presumed children in the referral mechanism whose guardian was appointed in the period."),
        new(TransnationalReferralsReceived, QueryValueKind.Count, "referrals", [], [],
            "Signed transnational referral packages received from partner organisations in the period."),
        new(PersonsIdentifiedAgain, QueryValueKind.Count, "persons", [], [],
            "Re-trafficking: persons identified as presumed victims in the period who had been identified in an earlier case before (the same person: records linked by a duplicate merge)."),
        new(SurvivorFeedbackShare, QueryValueKind.Share, "share", [],
            [
                new QueryParameter("question", 1, 50, 1, "The number of the question of the survivor-feedback instrument."),
                new QueryParameter("answer", 1, 20, 1, "The position of the answer among the question's answers (scale: the value 1 to 5; yes-no: 1 yes, 2 no, 3 prefer not to say; choice: the option's position; text: 1 something written)."),
            ],
            "Survivor feedback (§29's evaluation of how policies and practice affect victims): of the answers to the question given in the months of the period (released after their month), the share giving the answer."),
        new(CasesWithAssetsRestrained, QueryValueKind.Count, "cases", [AssetStatusDimension], [],
            "Proceeds (§15: identify, seize and confiscate): cases with an asset-ledger entry frozen, seized or confiscated in the period (a status step dated in the period), each case counted once, by the furthest of these statuses it reached in the period."),
        new(ValueConfiscated, QueryValueKind.Sum, "value per currency", [CurrencyDimension], [],
            "Proceeds (§15): the estimated value of the asset-ledger entries confiscated in the period (a confiscation step dated in the period), summed per currency; a currency's sum is shown only when the cases behind it are at least the threshold."),
        new(ValueReturnedToVictims, QueryValueKind.Sum, "value per currency", [CurrencyDimension], [],
            "Proceeds (§15, compensation): the estimated value of the asset-ledger entries returned to the victim in the period (a return step dated in the period), summed per currency; a currency's sum is shown only when the cases behind it are at least the threshold."),
    ];

    public static IndicatorQuery? Find(string? name) => All.FirstOrDefault(q => q.Name == name);

    /// <summary>
    /// Checks a computed indicator's query, dimensions and parameters at definition time: an unknown query, dimension or
    /// parameter, or a value out of range, is an error naming it. Returns the parameters with their defaults filled in.
    /// </summary>
    public static JsonObject Check(string? query, IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, int>? parameters, List<FieldError> errors)
    {
        var effective = new JsonObject();
        if (Find(query) is not { } definition)
        {
            errors.Add(new("Query", "UnknownQuery", $"Query: '{query}' is not a query of the catalogue; use {string.Join(", ", All.Select(q => q.Name))}.", query ?? ""));
            return effective;
        }
        foreach (var dimension in dimensions.Where(d => !definition.Dimensions.Contains(d, StringComparer.Ordinal)))
        {
            errors.Add(new("Dimensions", "UnknownDimension", definition.Dimensions.Count == 0
                ? $"Dimensions: '{dimension}' is not a dimension of {definition.Name}, which is not disaggregated."
                : $"Dimensions: '{dimension}' is not a dimension of {definition.Name}; use {string.Join(", ", definition.Dimensions)}.", dimension));
        }
        foreach (var name in (parameters ?? new Dictionary<string, int>()).Keys.Where(k => definition.Parameters.All(p => p.Name != k)))
        {
            errors.Add(new("QueryParameters", "UnknownParameter", definition.Parameters.Count == 0
                ? $"QueryParameters: '{name}' is not a parameter of {definition.Name}, which takes none."
                : $"QueryParameters: '{name}' is not a parameter of {definition.Name}; use {string.Join(", ", definition.Parameters.Select(p => p.Name))}.", name));
        }
        foreach (var parameter in definition.Parameters)
        {
            var value = parameters is not null && parameters.TryGetValue(parameter.Name, out var given) ? given : parameter.Default;
            if (value < parameter.Min || value > parameter.Max)
            {
                errors.Add(new("QueryParameters", "OutOfRange", $"QueryParameters: '{parameter.Name}' is {value}; {parameter.Min} to {parameter.Max}.", parameter.Name));
            }
            effective[parameter.Name] = value;
        }
        if (definition.Name is ValueConfiscated or ValueReturnedToVictims && !dimensions.Contains(CurrencyDimension, StringComparer.Ordinal))
        {
            // Values in different currencies are never added up: the query is always per currency, and says so in its definition.
            errors.Add(new("Dimensions", "CurrencyRequired", $"Dimensions: {definition.Name} is a sum per currency; give the dimension '{CurrencyDimension}'.", CurrencyDimension));
        }
        if (definition.Name == SurvivorFeedbackShare && errors.Count == 0)
        {
            // The question and answer must exist in the shipped instrument, so that a typo is refused when the indicator is defined.
            var question = SurvivorFeedbackInstrument.Current.Question((int)effective["question"]!);
            if (question is null)
            {
                errors.Add(new("QueryParameters", "UnknownQuestion", $"QueryParameters: 'question' is {effective["question"]}; the survivor-feedback instrument has questions {string.Join(", ", SurvivorFeedbackInstrument.Current.Questions.Select(q => q.Number))}.", "question"));
            }
            else if ((int)effective["answer"]! > question.Options.Count)
            {
                errors.Add(new("QueryParameters", "UnknownAnswer", $"QueryParameters: 'answer' is {effective["answer"]}; question {question.Number} has {question.Options.Count} answers ({string.Join(", ", question.Options.Select(o => o.Value))}).", "answer"));
            }
        }
        return effective;
    }

    /// <summary>The stored parameters of an indicator (a JSON object of integers).</summary>
    public static Dictionary<string, int> ReadParameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(string.IsNullOrWhiteSpace(json) ? "{}" : json) ?? [];
}
