using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Timeline;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// The printable summary of one case on one page (print style sheet, no navigation): the case facts, the current state
/// of the referral mechanism with its open deadlines, the open tasks, the consents and the timeline. The identity only
/// while the viewer holds a reveal (as on the case page). Every rendering is audited as a print, since the page exists
/// to be printed.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class SummaryModel(
    CaseService cases, NrmLifecycleService lifecycle, CaseWorkService work, ConsentService consents, CaseTimelineService timelines,
    IAuditLog audit, CodeListRegistry codes, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseDto? Case { get; private set; }

    public string? AssignedTo { get; private set; }

    /// <summary>The case's state in the referral mechanism, or null when it is not in it.</summary>
    public LifecycleView? Lifecycle { get; private set; }

    public IReadOnlyList<CaseTaskView> OpenTasks { get; private set; } = [];

    public IReadOnlyList<ConsentRecord> Consents { get; private set; } = [];

    public CaseTimeline? Timeline { get; private set; }

    public CaseLabels Labels { get; } = new(codes, t);

    public DateTime PrintedAtUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var found = await cases.GetAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Case = CaseDto.From(found);
        AssignedTo = await work.NameAsync(found.AssignedUserId, cancellationToken);
        Lifecycle = (await lifecycle.GetLifecycleAsync(id, viewer, cancellationToken)).Value;
        OpenTasks = [.. ((await work.GetAsync(id, viewer, cancellationToken)).Value?.Tasks ?? []).Where(task => !task.Done)];
        Consents = await consents.ListAsync(id, viewer, cancellationToken) ?? [];
        Timeline = (await timelines.GetAsync(id, viewer, cancellationToken)).Value;
        PrintedAtUtc = time.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new AuditRecord(AuditActions.Print, AuditOutcomes.Success, CaseService.CaseSubject, id.ToString(),
            Details: new Dictionary<string, string>
            {
                ["document"] = "case-summary",
                ["caseCode"] = found.CaseCode,
                ["identity"] = found.IdentityRevealed ? "revealed" : "hidden",
                ["tasks"] = OpenTasks.Count.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return Page();
    }
}
