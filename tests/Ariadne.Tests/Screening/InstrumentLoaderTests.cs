using System.Text.Json.Nodes;
using Ariadne.Analytics.Screening;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Screening;

namespace Ariadne.Tests.Screening;

public sealed class InstrumentLoaderTests
{
    private static string ShippedJson => ShippedInstruments.Json(ScreeningFixtures.Shipped.Instrument.Key)!;

    private static InstrumentCodeSets Codes => ShippedInstruments.CodeSets(CodeListRegistry.Default);

    /// <summary>The shipped JSON with one change applied, then loaded; returns the errors.</summary>
    private static IReadOnlyList<InstrumentError> ErrorsAfter(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(ShippedJson)!.AsObject();
        change(json);
        var error = Assert.Throws<InstrumentValidationException>(() => InstrumentLoader.Load(json.ToJsonString(), Codes));
        return error.Errors;
    }

    private static JsonObject Find(JsonObject root, string array, string key, string value) =>
        root[array]!.AsArray().Select(n => n!.AsObject()).Single(o => (string?)o[key] == value);

    [Fact]
    public void Load_ShippedInstrument_HasTheFourListsAndTheIloEcCounts()
    {
        var instrument = ScreeningFixtures.Shipped.Instrument;

        Assert.Equal("ilo-ec-operational-indicators@1.0", instrument.Key);
        Assert.Equal(["adult-labour", "adult-sexual", "child-labour", "child-sexual"], instrument.Lists.Select(l => l.Id).Order(StringComparer.Ordinal));
        // Reference §1: 10 / 10 / 16 / 9 / 15 / 7 = 67 indicators on the adult-labour list, plus the five Palermo acts.
        Assert.Equal([5, 10, 10, 16, 9, 15, 7], instrument.Dimensions.Select(d => d.Indicators.Count));
        Assert.Equal(72, ScreeningFixtures.Shipped.List("adult-labour").Codes.Count);
        Assert.Equal(70, ScreeningFixtures.Shipped.List("child-labour").Codes.Count); // RV07 and EX06 are not on it
        Assert.Equal(11, instrument.ForcedLabourIndicators.Count);
        Assert.Equal(Verification.Missing, instrument.FindList("adult-sexual")!.Verification);
        Assert.DoesNotContain(instrument.FindList("child-sexual")!.Weights.Values, w => w == Strength.Weak);
        Assert.DoesNotContain(instrument.Dimensions.Single(d => d.Code == "D4").Indicators, c => instrument.FindList("adult-sexual")!.Weights[c] == Strength.Strong);
    }

    [Fact]
    public void Load_DuplicateIndicatorCode_NamesTheCode()
    {
        var errors = ErrorsAfter(j => j["indicators"]!.AsArray().Add(JsonNode.Parse("""{"code":"DR01","labels":{"en":"x"}}""")));

        Assert.Contains(errors, e => e.Path == "indicators[DR01].code" && e.Message.Contains("used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IndicatorInTwoDimensions_NamesTheIndicatorAndBothDimensions()
    {
        var errors = ErrorsAfter(j => Find(j, "dimensions", "code", "D2")["indicators"]!.AsArray().Add("DR01"));

        var error = Assert.Single(errors);
        Assert.Equal("indicators[DR01]", error.Path);
        Assert.Equal("The indicator is in two dimensions: D1 and D2.", error.Message);
    }

    [Fact]
    public void Load_IndicatorInNoDimension_NamesTheIndicator()
    {
        var errors = ErrorsAfter(j =>
        {
            var members = Find(j, "dimensions", "code", "D6")["indicators"]!.AsArray();
            members.Remove(members.Single(n => (string?)n == "VD07"));
        });

        Assert.Contains(errors, e => e.Path == "indicators[VD07]" && e.Message == "The indicator is in no dimension.");
    }

    [Fact]
    public void Load_InvalidWeight_NamesListIndicatorAndValue()
    {
        var errors = ErrorsAfter(j => Find(j, "lists", "id", "child-labour")["weights"]!["EX03"] = "X");

        var error = Assert.Single(errors);
        Assert.Equal("lists[child-labour].weights.EX03", error.Path);
        Assert.Contains("'X' is not a weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightForUnknownIndicator_NamesIt()
    {
        var errors = ErrorsAfter(j => Find(j, "lists", "id", "adult-labour")["weights"]!["ZZ99"] = "M");

        Assert.Contains(errors, e => e.Path == "lists[adult-labour].weights.ZZ99");
    }

    [Fact]
    public void Load_CombinationRuleNamingUnknownDimension_NamesTheRuleAndPosition()
    {
        var errors = ErrorsAfter(j => j["rules"]!["combination"]!["adult"]!["expression"] = "(D1 or D7) and D4");

        var error = Assert.Single(errors);
        Assert.Equal("rules.combination.adult.expression", error.Path);
        Assert.Contains("At position 8: unknown name 'D7'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strong >= 2 or", "At position 15")]
    [InlineData("strong <= 2", "'>=' or '>' expected")]
    [InlineData("not strong >= 1", "unknown name 'not'")]
    [InlineData("(strong >= 1", "')' expected")]
    [InlineData("strong + D1 >= 1", "'D1' is not a count")]
    public void Load_DimensionRuleThatDoesNotParse_SaysWhy(string rule, string expected)
    {
        var errors = ErrorsAfter(j => j["rules"]!["dimension"]!["expression"] = rule);

        var error = Assert.Single(errors);
        Assert.Equal("rules.dimension.expression", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownControlMethodAndForm_NameTheCodes()
    {
        var errors = ErrorsAfter(j =>
        {
            j["forcedLabourIndicators"]![2]!["controlMethods"] = new JsonArray("locks-doors");
            Find(j, "lists", "id", "adult-labour")["form"] = "labour";
        });

        Assert.Contains(errors, e => e.Path == "forcedLabourIndicators[2].controlMethods" && e.Message.Contains("'locks-doors'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "lists[adult-labour].form" && e.Message.Contains("'labour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingVerificationAndBadJson_AreReported()
    {
        var errors = ErrorsAfter(j => Find(j, "lists", "id", "adult-labour").Remove("verification"));
        Assert.Contains(errors, e => e.Path == "lists[adult-labour].verification");

        var malformed = Assert.Throws<InstrumentValidationException>(() => InstrumentLoader.Load("{ \"id\": ", Codes));
        Assert.Equal("$", Assert.Single(malformed.Errors).Path);
    }

    [Theory]
    [InlineData("(D1 or D2 or D3) and D4 and (D5 or D6)", "(D1 or D2 or D3) and D4 and (D5 or D6)")]
    [InlineData("(D1 ∨ D2) ∧ D4", "(D1 or D2) and D4")]
    [InlineData("D1 && D2 || D3", "(D1 and D2) or D3")]
    public void RuleExpression_AcceptsTheUsualSpellings(string text, string canonical)
    {
        var rule = RuleExpression.Parse(text, [], ["D1", "D2", "D3", "D4", "D5", "D6"]);

        Assert.Equal(canonical, rule.ToString());
    }

    [Fact]
    public void RuleExpression_Evaluate_DelphiDimensionRule()
    {
        var rule = RuleExpression.Parse("strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)", InstrumentLoader.CountNames, []);

        Assert.True(rule.Evaluate([1, 0, 1, 2], 0));
        Assert.True(rule.Evaluate([0, 2, 1, 3], 0));
        Assert.False(rule.Evaluate([0, 2, 0, 2], 0));
        Assert.False(rule.Evaluate([0, 1, 5, 6], 0));
    }
}
