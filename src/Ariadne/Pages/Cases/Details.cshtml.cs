using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
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

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Case = CaseDto.From(found);
    }
}
