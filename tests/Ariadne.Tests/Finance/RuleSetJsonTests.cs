using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;

namespace Ariadne.Tests.Finance;

/// <summary>
/// The rule set's dictionaries (weights, thresholds per jurisdiction) are merged over the defaults when read from JSON,
/// both by the product's strict reading and by <c>finance analyse --rules</c>: a key named is set, the others keep
/// their defaults; arrays are still replaced whole. Pure: no app.
/// </summary>
public sealed class RuleSetJsonTests
{
    public static TheoryData<string> Readings => ["strict", "analyse"];

    [Theory]
    [MemberData(nameof(Readings))]
    public void DictionariesMergeOverTheDefaults_ArraysAreReplaced(string reading)
    {
        var options = reading == "strict" ? RuleSetJson.Strict : new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var defaults = new RuleSet();
        var rules = JsonSerializer.Deserialize<RuleSet>("""
            { "weights": { "r19": 0.9, "custom": 0.2 },
              "thresholds": { "UK": { "cash": 5000, "fundsTransfer": 1000 } },
              "highRiskWires": { "countries": ["XX"] } }
            """, options)!;

        Assert.Equal(0.9, rules.Weight("R19"));
        Assert.Equal(0.2, rules.Weight("custom"));
        Assert.Equal(defaults.Weights.Count + 1, rules.Weights.Count);
        Assert.All(defaults.Weights.Where(w => w.Key != "R19"), w => Assert.Equal(w.Value, rules.Weight(w.Key)));
        Assert.Equal(["EU", "UK", "US"], rules.Thresholds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new JurisdictionThresholds(10_000m, 3_000m), rules.Thresholds["us"]);
        Assert.Equal(["XX"], rules.HighRiskWires.Countries);

        // Reading never changes the defaults of another rule set.
        Assert.Equal(0.6, new RuleSet().Weight("R19"));
        Assert.Empty(FinanceService.ValidateRuleSettings("""{ "weights": { "R1": 0.7 } }"""));
    }
}
