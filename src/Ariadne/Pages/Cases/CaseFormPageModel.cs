using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// What the create and edit pages share: the bound <see cref="CaseForm"/>, the option lists, and turning binding
/// and <see cref="CaseRules"/> errors into localised messages next to their fields.
/// </summary>
public abstract class CaseFormPageModel(CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    private const string Prefix = "Input.";

    /// <summary>
    /// Whether the form shows the identifying fields. A new case does; an existing one only after a reveal, and a form
    /// without them keeps what is stored (see <see cref="CaseService.UpdateAsync"/>).
    /// </summary>
    public virtual bool ShowIdentity => true;

    /// <summary>The fields in the order the form shows them (the error summary follows it).</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        nameof(CaseForm.CaseCode), nameof(CaseForm.Status), nameof(CaseForm.IdentificationDate),
        nameof(CaseForm.DetectingOrganisationType), nameof(CaseForm.TraffickingStatus), nameof(CaseForm.StatusDecidedBy),
        nameof(CaseForm.GivenName), nameof(CaseForm.FamilyName), nameof(CaseForm.Aliases), nameof(CaseForm.Sex), nameof(CaseForm.DateOfBirth),
        nameof(CaseForm.YearOfBirth), nameof(CaseForm.AgeAtIdentification), nameof(CaseForm.MinorAtIdentification),
        nameof(CaseForm.Citizenships), nameof(CaseForm.DocumentType), nameof(CaseForm.DocumentNumber), nameof(CaseForm.Phone),
        nameof(CaseForm.Email), nameof(CaseForm.Address), nameof(CaseForm.CountryOfExploitation), nameof(CaseForm.AgeAtExploitationStart),
        nameof(CaseForm.RecruitmentMethod), nameof(CaseForm.RecruiterRelationship), nameof(CaseForm.ExploitationForms),
        nameof(CaseForm.MeansOfControl), nameof(CaseForm.LabourTypes), nameof(CaseForm.Narrative),
    ];

    [BindProperty]
    public CaseForm Input { get; set; } = new();

    public CaseLabels Labels { get; } = new(codes, t);

    protected IStringLocalizer<SharedResource> Localizer { get; } = t;

    /// <summary>True on the create page: the case code may be entered.</summary>
    public abstract bool IsNew { get; }

    /// <summary>A message above the form that is not about one field (e.g. a concurrency conflict).</summary>
    public string? FormMessage { get; protected set; }

    /// <summary>A link that goes with <see cref="FormMessage"/>, e.g. to the current version of the case.</summary>
    public (string Href, string Text)? FormMessageLink { get; protected set; }

    public bool HasError(string field) => ModelState[Prefix + field] is { Errors.Count: > 0 };

    /// <summary>What the control shows: exactly what the user posted, else the stored value.</summary>
    public string? Value(string field, object? stored) =>
        ModelState.TryGetValue(Prefix + field, out var entry) && entry.AttemptedValue is not null
            ? entry.AttemptedValue
            : CaseForm.Format(stored);

    /// <summary>
    /// Replaces the binder's English messages ("The value 'abc' is not valid") with localised ones and returns the
    /// fields that could not be read.
    /// </summary>
    protected HashSet<string> LocalizeBindingErrors()
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count == 0 || !key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var field = key[Prefix.Length..];
            failed.Add(field);
            entry.Errors.Clear();
            var messageKey = CaseForm.NumberFields.Contains(field) ? "Validation.Binding.Number"
                : field is nameof(CaseForm.MinorAtIdentification) ? "Validation.Binding.Choice"
                : "Validation.Binding.Date";
            entry.Errors.Add(Localizer[messageKey, entry.AttemptedValue ?? ""]);
        }
        return failed;
    }

    /// <summary>Adds each rule failure next to its field, except on fields that could not even be read.</summary>
    protected void AddErrors(IEnumerable<FieldError> errors, IReadOnlySet<string> skip)
    {
        foreach (var error in errors.Where(e => !skip.Contains(e.Field)))
        {
            ModelState.AddModelError(Prefix + error.Field, Message(error));
        }
    }

    /// <summary>The localised message for a rule failure (see <see cref="ProblemMessages.FieldMessage"/>).</summary>
    public string Message(FieldError error) => ProblemMessages.FieldMessage(Localizer, error);
}
