using Ariadne.Analytics.Screening;
using Ariadne.Core.Screening;

namespace Ariadne.Tests.Screening;

/// <summary>The shipped instrument and small helpers to write screenings as tables.</summary>
internal static class ScreeningFixtures
{
    public static CompiledInstrument Shipped => ShippedInstruments.All.Single(i => i.Instrument.Id == ShippedInstruments.DefaultId);

    /// <summary>Every indicator of <paramref name="list"/> answered <paramref name="rest"/>, except the "yes" codes given.</summary>
    public static Dictionary<string, IndicatorAnswer> Answers(CompiledList list, Answer rest, params string[] yes)
    {
        var answers = list.Codes.ToDictionary(c => c, _ => new IndicatorAnswer(rest), StringComparer.Ordinal);
        foreach (var code in yes)
        {
            Assert.True(answers.ContainsKey(code), $"{code} is not on {list.List.Id}");
            answers[code] = new IndicatorAnswer(Answer.Yes);
        }
        return answers;
    }

    public static ScreeningRequest Adult(string form, Answer rest, params string[] yes) =>
        new(form, 30, false, false, Answers(Shipped.FindList(AgeCategory.Adult, form)!, rest, yes));

    public static ScreeningRequest Child(string form, Answer rest, params string[] yes) =>
        new(form, 15, false, false, Answers(Shipped.FindList(AgeCategory.Child, form)!, rest, yes));

    public static DimensionResult Dimension(ScreeningResult result, string code) => result.Dimensions.Single(d => d.Code == code);
}
