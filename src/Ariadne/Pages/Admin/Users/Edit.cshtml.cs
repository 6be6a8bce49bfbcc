using System.Security.Claims;
using Ariadne.Core.Common;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Admin.Users;

/// <summary>
/// Administrators: one user — change roles and organisation, disable or enable, reset the password (a one-time password
/// shown once) or the second factor. Every change goes through <see cref="UserAdministration"/>, which audits it and
/// refuses to disable oneself or to remove the last administrator.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class EditModel(UserAdministration users, Core.Organisations.OrganisationAdministration organisations, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public UserSummary? Current { get; private set; }

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Set after a password reset: shown once on this answer.</summary>
    public string? OneTimePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new UserForm { OrganisationId = Current!.OrganisationId, Roles = [.. Current.Roles] };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, (await users.ChangeAsync(id, new UserChange(Input.Roles, Input.OrganisationId), cancellationToken)).Problem, "Admin.Users.Saved", cancellationToken);

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, (await users.SetEnabledAsync(id, false, ActorId, cancellationToken)).Problem, "Admin.Users.DisabledNow", cancellationToken);

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, (await users.SetEnabledAsync(id, true, ActorId, cancellationToken)).Problem, "Admin.Users.EnabledNow", cancellationToken);

    public async Task<IActionResult> OnPostResetSecondFactorAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, (await users.ResetSecondFactorAsync(id, cancellationToken)).Problem, "Admin.Users.SecondFactorReset", cancellationToken);

    public async Task<IActionResult> OnPostResetPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await users.ResetPasswordAsync(id, cancellationToken);
        if (result.Problem is not null)
        {
            return await AfterAsync(id, result.Problem, "", cancellationToken);
        }
        OneTimePassword = result.Value;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(id, cancellationToken);
        Input = new UserForm { OrganisationId = Current!.OrganisationId, Roles = [.. Current.Roles] };
        return Page();
    }

    private Guid? ActorId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>After a change: back to the page with a status line (post-redirect-get), or the page with the problem shown.</summary>
    private async Task<IActionResult> AfterAsync(Guid id, Problem? problem, string doneKey, CancellationToken cancellationToken)
    {
        if (problem is null)
        {
            TempData["StatusMessage"] = t[doneKey].Value;
            return RedirectToPage(new { id });
        }
        if (problem.Kind == ProblemKind.NotFound)
        {
            return NotFound();
        }
        ProblemMessages.AddTo(ModelState, problem, t, "Input.", refusalText: r => AdminText.Refusal(t, r));
        Response.StatusCode = problem.Kind == ProblemKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Organisations = await organisations.NamesAsync(cancellationToken);
        Current = (await users.GetAsync(id, cancellationToken)).Value;
        return Current is not null;
    }
}
