using System.Globalization;
using Ariadne.Core.CodeLists;
using Ariadne.Localization;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>Coded values and dates as the case pages show them: labels and formats of the current UI language.</summary>
public sealed class CaseLabels(CodeListRegistry codes, IStringLocalizer<SharedResource> t)
{
    public string Label(string listId, string? code) =>
        code is null ? "" : codes[listId].Label(code, CultureInfo.CurrentUICulture);

    public string Labels(string listId, IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => Label(listId, v)));

    /// <summary>The list's entries as (code, label) pairs, sorted by label in the UI language.</summary>
    public IReadOnlyList<(string Code, string Label)> Options(string listId)
    {
        var culture = CultureInfo.CurrentUICulture;
        var comparer = StringComparer.Create(culture, ignoreCase: true);
        return [.. codes[listId].Entries.Select(e => (e.Code, e.Label(culture))).OrderBy(e => e.Item2, comparer)];
    }

    public string Date(DateOnly? date) =>
        date is { } d ? d.ToString(t["Format.Date"], CultureInfo.CurrentCulture) : "";

    public string DateTimeUtc(DateTime instant) =>
        instant.ToString(t["Format.DateTimeUtc"], CultureInfo.CurrentCulture);
}
