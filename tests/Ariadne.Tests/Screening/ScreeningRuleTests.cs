using Ariadne.Analytics.Screening;
using static Ariadne.Tests.Screening.ScreeningFixtures;

namespace Ariadne.Tests.Screening;

/// <summary>
/// One table per rule of the shipped instrument, with cases taken from the rules' own definitions (reference §1.2):
/// a dimension is positive with 2 strong, 1 strong + 1 medium or weak, 3 medium, or 2 medium + 1 weak.
/// </summary>
public sealed class ScreeningRuleTests
{
    // D5 on the adult-labour list: CD01–CD04 strong, CD05–CD14 medium, CD15 weak.
    // D3 on the adult-labour list: RV01–RV14 medium, RV15–RV16 weak.
    public static TheoryData<string, string[], TriState> DimensionRuleCases => new()
    {
        { "D5", ["CD01", "CD02"], TriState.Positive },              // 2 strong
        { "D5", ["CD01", "CD05"], TriState.Positive },              // 1 strong + 1 medium
        { "D5", ["CD01", "CD15"], TriState.Positive },              // 1 strong + 1 weak
        { "D5", ["CD05", "CD06", "CD07"], TriState.Positive },      // 3 medium
        { "D5", ["CD05", "CD06", "CD15"], TriState.Positive },      // 2 medium + 1 weak
        { "D5", ["CD01"], TriState.Negative },                      // 1 strong alone
        { "D5", ["CD05", "CD06"], TriState.Negative },              // 2 medium
        { "D5", ["CD05", "CD15"], TriState.Negative },              // 1 medium + 1 weak
        { "D5", [], TriState.Negative },
        { "D3", ["RV15", "RV16", "RV01"], TriState.Negative },      // 1 medium + 2 weak
        { "D3", ["RV15", "RV16"], TriState.Negative },              // 2 weak
        { "D3", ["RV01", "RV02", "RV15"], TriState.Positive },      // 2 medium + 1 weak
        { "D3", ["RV01", "RV02", "RV03"], TriState.Positive },      // 3 medium
    };

    [Theory]
    [MemberData(nameof(DimensionRuleCases))]
    public void DimensionRule_AdultLabour_FollowsTheDelphiCombinations(string dimension, string[] yes, TriState expected)
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, yes));

        Assert.Equal(expected, Dimension(result, dimension).State);
        Assert.Equal(yes.Order(StringComparer.Ordinal), Dimension(result, dimension).Yes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "CD01" }, TriState.Undetermined)]            // one more "yes" among the open ones would do
    [InlineData(new[] { "CD01", "CD02" }, TriState.Positive)]        // already holds, whatever the rest
    [InlineData(new string[0], TriState.Undetermined)]
    public void DimensionRule_RestUnknown_IsUndeterminedUnlessAlreadyPositive(string[] yes, TriState expected)
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.Unknown, yes));

        Assert.Equal(expected, Dimension(result, "D5").State);
    }

    [Fact]
    public void DimensionRule_OnlyOneWeakIndicatorOpen_CannotReachPositive_IsNegative()
    {
        // D3 with RV01 yes and only RV15 (weak) open: at most 1 medium + 1 weak, which is not enough.
        var answers = Answers(Shipped.List("adult-labour"), Answer.No, "RV01");
        answers["RV15"] = new IndicatorAnswer(Answer.Unknown);

        var result = ScreeningScorer.Score(Shipped, new ScreeningRequest("forced-labour", 30, false, false, answers));

        Assert.Equal(TriState.Negative, Dimension(result, "D3").State);
        Assert.Equal(["RV15"], Dimension(result, "D3").Open);
    }

    // Adult combination (reference §1.2 rule 2): (D1 or D2 or D3) and D4 and (D5 or D6).
    public static TheoryData<string[], Recommendation, TriState> AdultCombinationCases => new()
    {
        { ["DR01", "DR02", "EX01", "EX02", "CD01", "CD02"], Recommendation.Refer, TriState.Positive },           // deception route
        { ["CR01", "CR02", "EX01", "EX04", "VD01", "VD02", "VD03"], Recommendation.Refer, TriState.Positive },   // coercion + D6
        { ["RV01", "RV02", "RV03", "EX01", "EX02", "CD03", "CD04"], Recommendation.Refer, TriState.Positive },   // vulnerability route
        { ["EX01", "EX02", "CD01", "CD02"], Recommendation.ContinueAssessment, TriState.Negative },              // no recruitment means
        { ["DR01", "DR02", "CD01", "CD02"], Recommendation.ContinueAssessment, TriState.Negative },              // no exploitation
        { ["DR01", "DR02", "EX01", "EX02"], Recommendation.ContinueAssessment, TriState.Negative },              // no destination means
        { ["AC01", "AC02", "EX01", "EX02"], Recommendation.ContinueAssessment, TriState.Negative },              // act + purpose is not enough for adults
        { [], Recommendation.NoIndicatorsFound, TriState.Negative },
    };

    [Theory]
    [MemberData(nameof(AdultCombinationCases))]
    public void CombinationRule_Adult_NeedsRecruitmentMeansExploitationAndDestinationMeans(string[] yes, Recommendation expected, TriState combination)
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, yes));

        Assert.Equal(expected, result.Recommendation);
        Assert.Equal(combination, result.Combination);
        Assert.Equal(AgeCategory.Adult, result.Age);
    }

    // Child combination (Palermo art. 3(c)): evidence of the act and exploitation; no means needed.
    public static TheoryData<string[], Recommendation> ChildCombinationCases => new()
    {
        { ["AC01", "EX01", "EX02"], Recommendation.Refer },                  // act + D4, no means at all
        { ["AC04", "EX02", "EX03", "EX04"], Recommendation.Refer },          // harbouring + 3 medium
        { ["DR01", "DR02", "EX01", "EX02"], Recommendation.Refer },          // recruitment by deception is an act
        { ["EX01", "EX02", "CD01", "CD02"], Recommendation.ContinueAssessment }, // exploitation without evidence of the act
        { ["AC01", "AC02", "EX01"], Recommendation.ContinueAssessment },     // act, but D4 has one strong only
    };

    [Theory]
    [MemberData(nameof(ChildCombinationCases))]
    public void CombinationRule_Child_NeedsActAndExploitationOnly(string[] yes, Recommendation expected)
    {
        var result = ScreeningScorer.Score(Shipped, Child("forced-labour", Answer.No, yes));

        Assert.Equal(expected, result.Recommendation);
        Assert.Equal("child-labour", result.List);
    }

    [Fact]
    public void Elements_DeceptionRoute_EvidencesActMeansAndPurpose()
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, "DR01", "DR02", "EX01", "EX02", "CD01", "CD02"));

        Assert.Equal(TriState.Positive, result.Elements[PalermoElement.Act]);
        Assert.Equal(TriState.Positive, result.Elements[PalermoElement.Means]);
        Assert.Equal(TriState.Positive, result.Elements[PalermoElement.Purpose]);
        Assert.Equal(["forced-labour"], result.Forms);
        // DR01/DR02 → 2 deception; EX01 → 11 overtime; EX02 → 10 conditions; CD01 → 7 documents; CD02 → 9 debt bondage.
        Assert.Equal([2, 7, 9, 10, 11], result.ForcedLabourIndicators);
        Assert.Equal(["false-promises", "withholds-documents", "debt-bondage", "withholds-necessities", "excessive-working-hours"], result.ControlMethods);
    }

    [Fact]
    public void Forms_ForcedIntoCriminalActivity_IndicatesThatFormEvenWithoutThePurposeElement()
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, "CD05"));

        Assert.Equal(["forced-criminal-activity"], result.Forms);
        Assert.Contains("mapping:forms", result.UnverifiedParts);
    }

    [Fact]
    public void SexualList_ForcedTasksOrClients_IsStrong_AndTheResultIsMarkedUnverified()
    {
        // CD06 is strong on the (provisional) sexual list, medium on the labour list: CD06 + CD05 is positive only there.
        var sexual = ScreeningScorer.Score(Shipped, Adult("sexual-exploitation", Answer.No, "CD06", "CD05"));
        var labour = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, "CD06", "CD05"));

        Assert.Equal(TriState.Positive, Dimension(sexual, "D5").State);
        Assert.Equal(TriState.Negative, Dimension(labour, "D5").State);
        Assert.True(sexual.Unverified);
        Assert.Contains("list:adult-sexual", sexual.UnverifiedParts);
        Assert.Contains(sexual.Explanation, e => e.Key == ScreeningMessages.Unverified);
    }

    [Fact]
    public void Explanation_NamesTheIndicatorsAndRulesBehindTheRecommendation()
    {
        var result = ScreeningScorer.Score(Shipped, Adult("forced-labour", Answer.No, "DR01", "DR02", "EX01", "EX02", "CD01", "CD02"));

        Assert.Equal(ScreeningMessages.AgeKnown, result.Explanation[0].Key);
        Assert.Equal(["30", "adult"], result.Explanation[0].Args);
        var d1 = result.Explanation.Single(e => e.Key == ScreeningMessages.DimensionPositive && e.Args[0] == "D1");
        Assert.Equal("DR01, DR02", d1.Args[1]);
        Assert.StartsWith("strong >= 2", d1.Args[2], StringComparison.Ordinal);
        var combination = result.Explanation.Single(e => e.Key == ScreeningMessages.Combination);
        Assert.Equal(["adult", "(D1 or D2 or D3) and D4 and (D5 or D6)", "positive"], combination.Args);
        Assert.Contains(result.Explanation, e => e.Key == ScreeningMessages.RecommendRefer);
        Assert.Equal(ScreeningMessages.NotALegalStatus, result.Explanation[^1].Key);
        Assert.Contains("rule:combination.adult", result.UnverifiedParts);
        Assert.Contains("weight:adult-labour:RV13", result.UnverifiedParts);
    }

    [Theory]
    [InlineData(16, false, false, AgeCategory.Child, ScreeningMessages.AgeKnown)]
    [InlineData(18, false, true, AgeCategory.Adult, ScreeningMessages.AgeKnown)]        // a certain age decides
    [InlineData(null, true, true, AgeCategory.Child, ScreeningMessages.AgePresumedChild)]
    [InlineData(19, true, true, AgeCategory.Child, ScreeningMessages.AgePresumedChild)] // presumption of minority, art. 10(3)
    [InlineData(17, true, false, AgeCategory.Child, ScreeningMessages.AgeEstimated)]
    [InlineData(25, true, false, AgeCategory.Adult, ScreeningMessages.AgeEstimated)]
    [InlineData(null, true, false, AgeCategory.Adult, ScreeningMessages.AgeUnknownAdult)]
    public void ChooseAge_FollowsAgeAtStartAndThePresumptionOfMinority(int? age, bool uncertain, bool reasons, AgeCategory expected, string reasonKey)
    {
        var (category, reason) = new ScreeningRequest("forced-labour", age, uncertain, reasons, new Dictionary<string, IndicatorAnswer>()).ChooseAge();

        Assert.Equal(expected, category);
        Assert.Equal(reasonKey, reason.Key);
    }

    [Fact]
    public void Score_AnswerForIndicatorNotOnTheChildList_NamesTheIndicator()
    {
        var request = new ScreeningRequest("forced-labour", 12, false, false, new Dictionary<string, IndicatorAnswer> { ["RV07"] = new(Answer.Yes) });

        var error = Assert.Throws<ScreeningInputException>(() => ScreeningScorer.Score(Shipped, request));

        Assert.Equal("answers.RV07", error.Field);
        Assert.Contains("child-labour", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnknownForm_NamesTheFormField()
    {
        var request = new ScreeningRequest("organ-removal", 30, false, false, new Dictionary<string, IndicatorAnswer>());

        var error = Assert.Throws<ScreeningInputException>(() => ScreeningScorer.Score(Shipped, request));

        Assert.Equal("form", error.Field);
    }
}
