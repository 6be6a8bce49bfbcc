using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Admin.Users;

/// <summary>
/// Administrators: add a user to an organisation with one or more roles. Without a password, a one-time password is
/// generated and shown once on the answer to the form (never stored in the clear, never put in a redirect); the user
/// must replace it at the first sign-in, as with a password the administrator sets.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class CreateModel(UserAdministration users, Core.Organisations.OrganisationAdministration organisations, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Set once the user is created.</summary>
    public CreatedUser? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organisations = await organisations.NamesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Organisations = await organisations.NamesAsync(cancellationToken);
        var password = string.IsNullOrEmpty(Input.Password) ? null : Input.Password;
        var result = await users.CreateAsync(new NewUser(Input.UserName, Input.OrganisationId, Input.Roles, password), cancellationToken);
        if (result.Problem is { } problem)
        {
            ProblemMessages.AddTo(ModelState, problem, t, "Input.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Created = result.Value;
        // The one-time password is on this answer only: no browser or proxy may keep a copy.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
