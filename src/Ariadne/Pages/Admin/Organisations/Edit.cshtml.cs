using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Core.Common;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Admin.Organisations;

/// <summary>Administrators: one organisation — name, type, country, and the services it offers with their capacity.</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed partial class EditModel(OrganisationAdministration organisations, ServiceOfferAdministration offers, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public OrganisationForm Input { get; set; } = new();

    /// <summary>The services ticked in the services form.</summary>
    [BindProperty]
    public List<string> Services { get; set; } = [];

    /// <summary>The capacity typed per service code (empty: not stated).</summary>
    [BindProperty]
    public Dictionary<string, string?> Capacity { get; set; } = [];

    public OrganisationSummary? Current { get; private set; }

    public IReadOnlyList<ServiceOfferView> Offers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new OrganisationForm { Name = Current!.Name, Type = Current.Type, CountryCode = Current.CountryCode };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await organisations.UpdateAsync(id, new OrganisationInput(Input.Name, Input.Type, Input.CountryCode), cancellationToken);
        return await AfterAsync(id, result.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostServicesAsync(Guid id, CancellationToken cancellationToken)
    {
        var wanted = new List<ServiceOfferView>();
        foreach (var service in Services.Distinct(StringComparer.Ordinal))
        {
            var typed = Capacity.GetValueOrDefault(service)?.Trim();
            int? capacity = null;
            if (!string.IsNullOrEmpty(typed))
            {
                if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    ModelState.AddModelError($"Capacity[{service}]", t["Admin.Organisation.CapacityError", typed]);
                    continue;
                }
                capacity = parsed;
            }
            wanted.Add(new ServiceOfferView(service, capacity));
        }
        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(id, cancellationToken);
            Input = new OrganisationForm { Name = Current!.Name, Type = Current.Type, CountryCode = Current.CountryCode };
            return Page();
        }
        var result = await offers.SetOffersAsync(id, wanted, cancellationToken);
        if (result.Problem is { Kind: ProblemKind.Invalid } problem)
        {
            // Core names an offer by its position in the list it was given ("Capacity[2]"); the page's fields are per
            // service code ("Capacity[shelter]"), so each error goes next to its own field.
            foreach (var error in problem.Errors)
            {
                var match = IndexedField().Match(error.Field);
                var key = match.Success && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is var i && i < wanted.Count
                    ? $"{match.Groups[1].Value}[{wanted[i].Service}]"
                    : string.Empty;
                ModelState.AddModelError(key, ProblemMessages.FieldMessage(t, error with { Field = match.Success ? match.Groups[1].Value : error.Field }));
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(id, cancellationToken);
            Input = new OrganisationForm { Name = Current!.Name, Type = Current.Type, CountryCode = Current.CountryCode };
            return Page();
        }
        return await AfterAsync(id, result.Problem, cancellationToken);
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex IndexedField();

    private async Task<IActionResult> AfterAsync(Guid id, Problem? problem, CancellationToken cancellationToken)
    {
        if (problem is null)
        {
            TempData["StatusMessage"] = t["Admin.Saved"].Value;
            return RedirectToPage(new { id });
        }
        if (problem.Kind == ProblemKind.NotFound)
        {
            return NotFound();
        }
        ProblemMessages.AddTo(ModelState, problem, t, "Input.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Current = (await organisations.GetAsync(id, cancellationToken)).Value;
        Offers = (await offers.OffersAsync(id, cancellationToken)).Value ?? [];
        return Current is not null;
    }
}
