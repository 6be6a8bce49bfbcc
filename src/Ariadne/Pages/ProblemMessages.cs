using System.Globalization;
using Ariadne.Core.Common;
using Ariadne.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages;

/// <summary>
/// The one mapping of a Core <see cref="Problem"/> to what a page shows: each field error next to its field (localised by
/// <c>Validation.{Code}.{Field}</c>, then <c>Validation.{Code}</c>, then the English message), refusals and every other
/// kind as a summary error (<c>Problem.{Kind}</c>, or the caller's own text for refusals).
/// </summary>
public static class ProblemMessages
{
    /// <summary>
    /// Adds <paramref name="problem"/> to <paramref name="modelState"/>; field errors under <paramref name="prefix"/> + field name,
    /// refusals in the summary unless <paramref name="refusalKey"/> names the form field each belongs to.
    /// </summary>
    public static void AddTo(
        ModelStateDictionary modelState,
        Problem problem,
        IStringLocalizer<SharedResource> t,
        string prefix = "",
        Func<Analytics.Referral.Refusal, string>? refusalText = null,
        IReadOnlySet<string>? skipFields = null,
        Func<Analytics.Referral.Refusal, string>? refusalKey = null)
    {
        foreach (var error in problem.Errors.Where(e => skipFields is null || !skipFields.Contains(e.Field)))
        {
            modelState.AddModelError(error.Field.Length == 0 ? string.Empty : prefix + error.Field, FieldMessage(t, error));
        }
        foreach (var refusal in problem.Refusals)
        {
            modelState.AddModelError(refusalKey?.Invoke(refusal) ?? string.Empty, refusalText?.Invoke(refusal) ?? problem.Detail ?? refusal.ToString());
        }
        if (problem.Errors.Count == 0 && problem.Refusals.Count == 0)
        {
            modelState.AddModelError(string.Empty, KindMessage(t, problem.Kind));
        }
    }

    /// <summary>The localised sentence for a problem without fields or refusals: not found, forbidden, conflict.</summary>
    public static string KindMessage(IStringLocalizer<SharedResource> t, ProblemKind kind) => t[$"Problem.{kind}"];

    /// <summary>
    /// The localised message for a field error: <c>Validation.{Code}.{Field}</c> if there is one, else
    /// <c>Validation.{Code}</c> prefixed with the field's label (<c>Field.{Field}</c>) when there is one; Contradiction covers different rules per field, so it has no generic text and falls back
    /// to the English message, as does anything without a translation.
    /// </summary>
    public static string FieldMessage(IStringLocalizer<SharedResource> t, FieldError error)
    {
        var specific = t[$"Validation.{error.Code}.{error.Field}"];
        var template = !specific.ResourceNotFound ? specific
            : error.Code == "Contradiction" ? null
            : t[$"Validation.{error.Code}"] is { ResourceNotFound: false } general ? general
            : null;
        if (template is null)
        {
            return error.Message;
        }
        try
        {
            var message = string.Format(CultureInfo.CurrentCulture, template.Value, error.Arguments);
            // A generic sentence ("Enter a value.") names its field, so that it reads right in the error summary too.
            return specific.ResourceNotFound && error.Field.Length > 0 && t[$"Field.{error.Field}"] is { ResourceNotFound: false } label
                ? $"{label.Value}: {message}"
                : message;
        }
        catch (FormatException)
        {
            return error.Message;
        }
    }
}
