using Ariadne.Account;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Timeline;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>A case's timeline: what happened to it, oldest first (<see cref="CaseTimelineService"/>); same access as the case.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class TimelineModel(CaseTimelineService timelines, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseTimeline? Timeline { get; private set; }

    public CaseLabels Labels { get; } = new(codes, t);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Timeline = (await timelines.GetAsync(id, User.ToCaseViewer(), cancellationToken)).Value;
        if (Timeline is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
