using System.Globalization;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>What the follow-up pages share: who may open them, the language of a bilingual text, dates read as yyyy-MM-dd.</summary>
public static class FollowUpPage
{
    /// <summary>The roles that read the follow-up (<see cref="FollowUpRules.MayRead"/>); the service decides each change.</summary>
    public const string Readers = Roles.Coordinator + "," + Roles.CaseWorker + "," + Roles.Analyst + "," + Roles.Auditor;

    public static bool German => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";

    /// <summary>The German text on a German page when there is one, else the English, else whichever exists.</summary>
    public static string? Pick(string? english, string? german) => German ? german ?? english : english ?? german;

    /// <summary>A date typed as yyyy-MM-dd (what a date input sends in every language); an error on <paramref name="field"/> otherwise.</summary>
    public static DateOnly? Date(string? value, string field, ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        modelState.AddModelError(field, t["FollowUp.DateFormat"]);
        return null;
    }

    /// <summary>An amount typed with a point or (on a German page) a comma as the decimal separator.</summary>
    public static decimal? Amount(string? value, string field, ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (German && text.Contains(',', StringComparison.Ordinal))
        {
            text = text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }
        modelState.AddModelError(field, t["FollowUp.AmountFormat"]);
        return null;
    }

    /// <summary>The period of "compute now" and "compute the plan" as typed in the fields <c>From</c> and <c>To</c> (both empty: this year up to today).</summary>
    public static ComputeInput ComputePeriod(string? from, string? to, ModelStateDictionary modelState, IStringLocalizer<SharedResource> t) =>
        new(Date(from, "From", modelState, t), Date(to, "To", modelState, t));

    public static string IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Clears binding errors and re-adds them with one message (the fields are read by hand).</summary>
    public static void Unreadable(ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        var unreadable = modelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).ToList();
        modelState.Clear();
        foreach (var field in unreadable)
        {
            modelState.AddModelError(field, t["FollowUp.Unreadable"]);
        }
    }
}
