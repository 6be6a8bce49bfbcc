using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Protection;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>One case with all its fields. A case the user may not see is answered like a missing one (404).</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class DetailsModel(CaseService cases, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseDto? Case { get; private set; }

    public CaseLabels Labels { get; } = new(codes, t);

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    /// <summary>The id of the master key the case is protected under when that key is not configured; null otherwise.</summary>
    public string? UnavailableKeyId { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Ariadne.Core.Cases.Case? found;
        try
        {
            found = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        }
        catch (KeyUnavailableException e)
        {
            UnavailableKeyId = e.KeyId;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Case = CaseDto.From(found);
    }
}
