namespace Ariadne.Analytics.Screening;

/// <summary>
/// A deliberately plain second implementation of the shipped ILO/EC rules, over dictionaries and with the rules written
/// as C#: the oracle for property tests and the peer in the re-scoring benchmark. It answers the recommendation only,
/// and only for instruments whose rules are the shipped ones.
/// </summary>
internal sealed class NaiveScreeningEvaluator(ScreeningInstrument instrument, ScreeningList list)
{
    public Recommendation Recommend(IReadOnlyDictionary<string, Answer> answers)
    {
        var positive = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var dimension in instrument.Dimensions)
        {
            var yes = dimension.Indicators
                .Where(code => list.Weights.ContainsKey(code) && answers.TryGetValue(code, out var a) && a == Answer.Yes)
                .Select(code => list.Weights[code])
                .ToList();
            var strong = yes.Count(w => w == Strength.Strong);
            var medium = yes.Count(w => w == Strength.Medium);
            var weak = yes.Count(w => w == Strength.Weak);
            positive[dimension.Code] = dimension.Rule is null
                ? strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1)
                : yes.Count >= 1;
        }
        var refer = list.Age == AgeCategory.Adult
            ? (positive["D1"] || positive["D2"] || positive["D3"]) && positive["D4"] && (positive["D5"] || positive["D6"])
            : (positive["A"] || positive["D1"] || positive["D2"] || positive["D3"]) && positive["D4"];
        if (refer)
        {
            return Recommendation.Refer;
        }
        return list.Weights.Keys.Any(code => answers.TryGetValue(code, out var a) && a == Answer.Yes)
            ? Recommendation.ContinueAssessment
            : Recommendation.NoIndicatorsFound;
    }
}
