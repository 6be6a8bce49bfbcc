using Ariadne.Analytics.Screening;
using CsCheck;
using static Ariadne.Tests.Screening.ScreeningFixtures;

namespace Ariadne.Tests.Screening;

/// <summary>Laws the scorer must satisfy for any answers, checked on random answers to every shipped list.</summary>
public sealed class ScreeningPropertyTests
{
    public static TheoryData<string> Lists => [.. Shipped.Instrument.Lists.Select(l => l.Id)];

    private static Gen<Answer[]> AnswersFor(CompiledList list) =>
        // Skewed towards "yes" so that positive dimensions and referrals are common, not just possible.
        Gen.Frequency((3, Gen.Const(Answer.Yes)), (3, Gen.Const(Answer.No)), (2, Gen.Const(Answer.Unknown)), (1, Gen.Const(Answer.NotAsked)))
            .Array[list.Codes.Count];

    [Theory]
    [MemberData(nameof(Lists))]
    public void TurningAnUnknownIntoYes_NeverLowersTheOutcome(string listId)
    {
        var list = Shipped.List(listId);
        AnswersFor(list).Select(Gen.Int[0, list.Codes.Count - 1]).Sample((answers, start) =>
        {
            var open = Enumerable.Range(0, answers.Length).Select(i => (i + start) % answers.Length)
                .FirstOrDefault(i => answers[i] is Answer.Unknown or Answer.NotAsked, -1);
            if (open < 0)
            {
                return true;
            }
            var before = list.Score(answers);
            var raised = (Answer[])answers.Clone();
            raised[open] = Answer.Yes;
            var after = list.Score(raised);
            return after.Recommendation >= before.Recommendation
                && after.Combination >= before.Combination
                && after.Dimensions.Zip(before.Dimensions).All(p => p.First.State >= p.Second.State)
                && after.Elements.All(e => e.Value >= before.Elements[e.Key]);
        }, iter: 2000);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void AnswerOrder_NeverMatters(string listId)
    {
        var list = Shipped.List(listId);
        var form = list.List.Form;
        var age = list.List.Age == AgeCategory.Child ? 10 : 40;
        AnswersFor(list).Select(Gen.Int.Array[list.Codes.Count]).Sample((answers, keys) =>
        {
            var inOrder = list.Codes.Select((c, i) => KeyValuePair.Create(c, new IndicatorAnswer(answers[i]))).ToList();
            var shuffled = inOrder.Zip(keys).OrderBy(p => p.Second).Select(p => p.First).ToList();
            var a = ScreeningScorer.Score(Shipped, new ScreeningRequest(form, age, false, false, new Dictionary<string, IndicatorAnswer>(inOrder)));
            var b = ScreeningScorer.Score(Shipped, new ScreeningRequest(form, age, false, false, new Dictionary<string, IndicatorAnswer>(shuffled)));
            return ScreeningSnapshot.Serialise(a) == ScreeningSnapshot.Serialise(b);
        }, iter: 500);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void AnUndeterminedResult_LiesBetweenItsUnknownsAllNoAndAllYes(string listId)
    {
        var list = Shipped.List(listId);
        AnswersFor(list).Sample(answers =>
        {
            var result = list.Classify(answers);
            var allNo = list.Classify(answers.Select(a => a is Answer.Unknown or Answer.NotAsked ? Answer.No : a).ToArray());
            var allYes = list.Classify(answers.Select(a => a is Answer.Unknown or Answer.NotAsked ? Answer.Yes : a).ToArray());
            var between = allNo.Recommendation <= result.Recommendation && result.Recommendation <= allYes.Recommendation;
            // Exact three-valued logic: undetermined iff the open answers decide it.
            var exact = result.Combination switch
            {
                TriState.Positive => allNo.Combination == TriState.Positive,
                TriState.Negative => allYes.Combination == TriState.Negative,
                _ => allNo.Combination == TriState.Negative && allYes.Combination == TriState.Positive,
            };
            return between && exact && allNo.Combination != TriState.Undetermined && allYes.Combination != TriState.Undetermined;
        }, iter: 3000);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void StoredScreening_ForwardReader_AgreesWithParsingTheRequest(string listId)
    {
        var list = Shipped.List(listId);
        var age = list.List.Age == AgeCategory.Child ? 9 : 50;
        AnswersFor(list).Select(Gen.Bool).Sample((answers, withNotes) =>
        {
            var byCode = list.Codes.Select((c, i) => (c, a: answers[i])).Where(p => p.a != Answer.NotAsked || withNotes)
                .ToDictionary(p => p.c, p => new IndicatorAnswer(p.a, withNotes ? "Synthetic \"note\"" : null));
            var json = ScreeningRequestJson.Write(new ScreeningRequest(list.List.Form, age, false, false, byCode));
            return StoredScreening.Classify(Shipped, json) == ScreeningScorer.Classify(Shipped, ScreeningRequestJson.Parse(json));
        }, iter: 500);
    }

    [Theory]
    [InlineData("""{"answers":{"DR01":"yes"},"form":"forced-labour","ageAtStart":30}""")]   // facts after the answers
    [InlineData("""{"form":"forced-labour","ageAtStart":30,"answers":{"DR01":"yes","DR01":"no"}}""")]
    [InlineData("""{"form":"forced-labour","ageAtStart":30,"answers":{"ZZ99":"yes"}}""")]
    [InlineData("""{"form":"forced-labour","ageAtStart":30,"answers":{"DR01":"maybe"}}""")]
    [InlineData("""{"form":"forced-labour","ageAtStart":30,"ageUncertain":"perhaps","answers":{}}""")]
    [InlineData("""{"form":"forced-labour","ageAtStart":30,"answers":{"DR01":"Yes ","DR02":{"note":"x","answer":"yes"},"EX01":"yes","EX02":"yes","CD01":"yes","CD02":"yes"}}""")]
    public void StoredScreening_UnusualJson_SameOutcomeOrSameErrorAsTheSlowPath(string json)
    {
        static object Run(Func<ScreeningOutcome> f)
        {
            try
            {
                return f();
            }
            catch (ScreeningInputException e)
            {
                return e.Message;
            }
        }

        Assert.Equal(Run(() => ScreeningScorer.Classify(Shipped, ScreeningRequestJson.Parse(json))), Run(() => StoredScreening.Classify(Shipped, json)));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Classify_AgreesWithScore(string listId)
    {
        var list = Shipped.List(listId);
        AnswersFor(list).Sample(answers =>
        {
            var full = list.Score(answers);
            return list.Classify(answers) == new ScreeningOutcome(full.Recommendation, full.Combination);
        }, iter: 1000);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Classify_AgreesWithTheNaiveDictionaryEvaluation(string listId)
    {
        var list = Shipped.List(listId);
        var naive = new NaiveScreeningEvaluator(Shipped.Instrument, list.List);
        AnswersFor(list).Sample(answers =>
        {
            var byCode = list.Codes.Select((c, i) => (c, answers[i])).ToDictionary(p => p.c, p => p.Item2);
            return list.Classify(answers).Recommendation == naive.Recommend(byCode);
        }, iter: 1000);
    }
}
