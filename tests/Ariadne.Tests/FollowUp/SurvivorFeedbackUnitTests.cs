using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;

namespace Ariadne.Tests.FollowUp;

/// <summary>The survivor-feedback instrument as data (issue 18, item 4): the shipped file, malformed files, answers, and the indicator query's parameters. No app.</summary>
public sealed class SurvivorFeedbackUnitTests
{
    [Fact]
    public void ShippedInstrument_HasEveryAnswerTypeInBothLanguages()
    {
        var instrument = SurvivorFeedbackInstrument.Current;
        Assert.Equal("survivor-feedback", instrument.Code);
        Assert.Equal(1, instrument.Version);
        Assert.False(string.IsNullOrWhiteSpace(instrument.PurposeDe));
        Assert.Equal(Enum.GetValues<FeedbackAnswerType>().Order(), instrument.Questions.Select(q => q.Type).Distinct().Order());
        Assert.All(instrument.Questions, q => Assert.All(q.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.TextDe))));
        Assert.Equal(["yes", "no", "prefer-not-to-say"], instrument.Questions.First(q => q.Type == FeedbackAnswerType.YesNo).Options.Select(o => o.Value));
        Assert.Equal(["1", "2", "3", "4", "5"], instrument.Questions.First(q => q.Type == FeedbackAnswerType.Scale).Options.Select(o => o.Value));
    }

    [Fact]
    public void MalformedInstrument_NamesTheQuestionAndField_AndGivesNoInstrument()
    {
        const string json = """
            { "code": "x", "version": 2, "title": "T", "titleDe": "T", "purpose": "P", "purposeDe": "P",
              "questions": [
                { "number": 1, "key": "a", "type": "stars", "text": "A", "textDe": "A" },
                { "number": 1, "key": "b", "type": "scale", "text": "B", "textDe": "B" },
                { "number": 3, "key": "c", "type": "choice", "text": "C", "textDe": "", "options": [ { "value": "only", "text": "O", "textDe": "O" } ] }
              ] }
            """;
        var (instrument, errors) = SurvivorFeedbackInstrument.Parse(json);
        Assert.Null(instrument);
        var messages = errors.Select(e => e.Message).ToList();
        Assert.Contains("Question 1, field 'type': 'stars' is not one of scale, yes-no, choice, text.", messages);
        Assert.Contains("Question 1, field 'number': the number is used twice.", messages);
        Assert.Contains("Question 3, field 'textDe': required.", messages);
        Assert.Contains("Question 3, field 'options': a choice needs at least two options.", messages);

        var (_, notJson) = SurvivorFeedbackInstrument.Parse("{ \"code\": ");
        Assert.StartsWith("The file is not valid JSON", Assert.Single(notJson).Message, StringComparison.Ordinal);
        var (_, noPurpose) = SurvivorFeedbackInstrument.Parse("""{ "code": "x", "version": 1, "title": "T", "titleDe": "T", "questions": [] }""");
        Assert.Contains(noPurpose, e => e.Field == "purpose");
        Assert.Contains(noPurpose, e => e.Field == "questions");
    }

    [Fact]
    public void Answers_SkippedOnesAreLeftOut_FreeTextIsReducedToGiven_AnUnknownAnswerNamesTheQuestion()
    {
        var instrument = SurvivorFeedbackInstrument.Current;
        var text = instrument.Questions.First(q => q.Type == FeedbackAnswerType.Text).Number;
        var (answers, errors) = instrument.Check(new Dictionary<int, string?> { [1] = "5", [2] = "", [3] = "prefer-not-to-say", [text] = "My name is Test Person and I live at 1 Example Street." });
        Assert.Empty(errors);
        Assert.Equal([(1, "5"), (3, "prefer-not-to-say"), (text, SurvivorFeedbackInstrument.TextGiven)], answers);

        var (none, refused) = instrument.Check(new Dictionary<int, string?> { [1] = "6", [99] = "yes" });
        Assert.Empty(none);
        Assert.Equal(["Question 1: '6' is not one of 1, 2, 3, 4, 5.", "Question 99: the instrument (version 1) has no such question."], refused.Select(e => e.Message));
    }

    [Fact]
    public void FeedbackShareQuery_RefusesAnUnknownQuestionOrAnswerAtDefinitionTime()
    {
        var errors = new List<FieldError>();
        var effective = IndicatorQueries.Check(IndicatorQueries.SurvivorFeedbackShare, [], new Dictionary<string, int> { ["question"] = 3, ["answer"] = 2 }, errors);
        Assert.Empty(errors);
        Assert.Equal(2, (int)effective["answer"]!);

        IndicatorQueries.Check(IndicatorQueries.SurvivorFeedbackShare, [], new Dictionary<string, int> { ["question"] = 42 }, errors);
        Assert.StartsWith("QueryParameters: 'question' is 42; the survivor-feedback instrument has questions 1, 2", Assert.Single(errors).Message, StringComparison.Ordinal);
        errors.Clear();
        IndicatorQueries.Check(IndicatorQueries.SurvivorFeedbackShare, [], new Dictionary<string, int> { ["question"] = 3, ["answer"] = 4 }, errors);
        Assert.Equal("QueryParameters: 'answer' is 4; question 3 has 3 answers (yes, no, prefer-not-to-say).", Assert.Single(errors).Message);
    }
}
