using Ariadne.Core.Organisations;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Admin.Organisations;

/// <summary>Administrators: every organisation (type, country, users) and a form to add one.</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class IndexModel(OrganisationAdministration organisations, UserAdministration users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public OrganisationForm Input { get; set; } = new();

    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    /// <summary>How many users each organisation has.</summary>
    public IReadOnlyDictionary<Guid, int> UserCounts { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Organisations = await organisations.ListAsync(cancellationToken);
        UserCounts = (await users.ListAsync(cancellationToken)).GroupBy(u => u.OrganisationId).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await organisations.CreateAsync(new OrganisationInput(Input.Name, Input.Type, Input.CountryCode), cancellationToken);
        if (result.Problem is { } problem)
        {
            ProblemMessages.AddTo(ModelState, problem, t, "Input.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData["StatusMessage"] = t["Admin.Organisations.Created", result.Value!.Name].Value;
        return RedirectToPage("/Admin/Organisations/Edit", new { id = result.Value.Id });
    }
}
