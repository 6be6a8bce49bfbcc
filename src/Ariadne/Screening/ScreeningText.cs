using System.Globalization;
using System.Resources;
using Ariadne.Analytics.Screening;
using Ariadne.Core.CodeLists;
using Ariadne.Localization;

namespace Ariadne.Screening;

/// <summary>
/// Renders a screening explanation in a language from the message keys and arguments the scorer returns: the same
/// texts (<c>Screening.*</c> in the shared resources) for the pages, the API and the command line.
/// </summary>
/// <param name="lookup">A resource text by key, or null when there is none.</param>
/// <param name="instrument">The instrument of the result, for dimension and indicator labels; null shows codes only.</param>
/// <param name="culture">The language.</param>
public sealed class ScreeningText(Func<string, string?> lookup, ScreeningInstrument? instrument, CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("Ariadne.Resources.Localization.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>Texts straight from the resources, for the command line (no request culture).</summary>
    public static ScreeningText ForCulture(ScreeningInstrument? instrument, CultureInfo culture) =>
        new(key => Resources.GetString(key, culture), instrument, culture);

    private string Language => culture.TwoLetterISOLanguageName;

    /// <summary>A word such as <c>positive</c>, <c>adult</c>, <c>act</c> or a list id, in the language.</summary>
    public string Word(string word) => lookup($"Screening.Word.{word}") ?? word;

    /// <summary>A dimension code with its label: <c>D1 Deceptive recruitment …</c>.</summary>
    public string Dimension(string code) =>
        instrument?.Dimensions.FirstOrDefault(d => d.Code == code) is { } d ? $"{code} {ScreeningInstrument.Label(d.Labels, Language)}" : code;

    /// <summary>An indicator code with its label.</summary>
    public string Indicator(string code) =>
        instrument?.Indicators.FirstOrDefault(i => i.Code == code) is { } i ? $"{code} {ScreeningInstrument.Label(i.Labels, Language)}" : code;

    public string Recommendation(Recommendation recommendation) => Word(ScreeningSnapshot.Spell(recommendation));

    public string Line(ExplanationItem item)
    {
        var template = lookup(item.Key) ?? item.Key + " " + string.Join(" | ", item.Args);
        object[] args = item.Key switch
        {
            ScreeningMessages.AgeKnown or ScreeningMessages.AgeEstimated => [item.Args[0], Word(item.Args[1])],
            ScreeningMessages.List => [Word(item.Args[0])],
            ScreeningMessages.DimensionPositive or ScreeningMessages.DimensionNegative =>
                [Dimension(item.Args[0]), Indicators(item.Args[1]), item.Args[2]],
            ScreeningMessages.DimensionUndetermined => [Dimension(item.Args[0]), Indicators(item.Args[1]), item.Args[2], item.Args[3]],
            ScreeningMessages.Element => [Word(item.Args[0]), Word(item.Args[1]), item.Args[2]],
            ScreeningMessages.Combination => [Word(item.Args[0]), item.Args[1], Word(item.Args[2])],
            ScreeningMessages.Forms => [string.Join(", ", item.Args[0].Split(", ").Select(f => CodeListRegistry.Default.ExploitationForm.Label(f, culture)))],
            _ => [.. item.Args],
        };
        return string.Format(culture, template, args);
    }

    public IReadOnlyList<string> Lines(ScreeningResult result) => [.. result.Explanation.Select(Line)];

    /// <summary>"DR01, DR02" as "DR01 Deceived about …; DR02 …"; a dash stays a dash.</summary>
    private string Indicators(string codes) =>
        codes == "—" ? codes : string.Join("; ", codes.Split(", ").Select(Indicator));
}
