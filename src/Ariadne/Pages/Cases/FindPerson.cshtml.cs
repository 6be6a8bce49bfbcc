using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Localization;
using Ariadne.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// Person search: the visible cases of the user's organisation whose person has this family name, given name and date
/// of birth, through the blind index (<see cref="CaseService.SearchPersonAsync"/>; audited, nothing decrypted). The form
/// is a POST so that the names never appear in a URL, a log or the browser history; lookups are rationed per user like
/// <c>/api/v1/persons/lookup</c>.
/// </summary>
[Authorize(Policy = Policies.CaseEditor)]
[EnableRateLimiting(RateLimits.PersonLookup)]
public sealed class FindPersonModel(CaseService cases, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? FamilyName { get; set; }

    [BindProperty]
    public string? GivenName { get; set; }

    [BindProperty]
    public DateOnly? DateOfBirth { get; set; }

    /// <summary>The matches; null before a search.</summary>
    public IReadOnlyList<CaseSummary>? Results { get; private set; }

    public CaseLabels Labels { get; } = new(codes, t);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A date the binder could not read comes back as its own localised error naming the field.
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(FamilyName))
        {
            ModelState.AddModelError(nameof(FamilyName), t["PersonSearch.Error.FamilyName"]);
        }
        if (DateOfBirth is null)
        {
            ModelState.AddModelError(nameof(DateOfBirth), t["PersonSearch.Error.DateOfBirth"]);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await cases.SearchPersonAsync(FamilyName!, GivenName, DateOfBirth!.Value, User.ToCaseViewer(), cancellationToken);
        return Page();
    }
}
