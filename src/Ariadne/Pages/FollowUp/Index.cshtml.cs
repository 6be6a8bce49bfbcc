using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// The follow-up's start: the dashboard (measures due within N days, overdue, reports awaiting approval), the frameworks,
/// and for coordinators loading the declaration 76/7 (one button) and a new framework, empty or imported from a CSV
/// file. Everything goes through <see cref="FollowUpService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class IndexModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public FollowUpDashboard? Dashboard { get; private set; }

    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];

    public bool MayOwn { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int? Days { get; set; }

    [BindProperty]
    public FrameworkKind? Kind { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? TitleDe { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? IssuedOn { get; set; }

    [BindProperty]
    public string? Cycle { get; set; }

    [BindProperty]
    public IFormFile? CsvFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostLoadDeclarationAsync(CancellationToken cancellationToken)
    {
        var result = await followUp.LoadDeclarationAsync(User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.Clear();
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.DeclarationLoaded", result.Value!.ItemsAdded, result.Value.ItemsFilled].Value;
        return RedirectToPage("Framework", new { id = result.Value.FrameworkId });
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var issued = FollowUpPage.Date(IssuedOn, nameof(IssuedOn), ModelState, t);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }
        var input = new FrameworkInput(Kind, Code, Title, TitleDe, Source, issued, Cycle);
        var viewer = User.ToCaseViewer();
        Result<FrameworkSummary> result;
        if (CsvFile is { Length: > 0 } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var imported = await followUp.ImportPlanAsync(input, reader, viewer, cancellationToken);
            result = imported.Succeeded ? imported.Value!.Framework : imported.Problem!;
        }
        else
        {
            result = await followUp.CreateFrameworkAsync(input, viewer, cancellationToken);
        }
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.FrameworkCreated", result.Value!.Code, result.Value.Items].Value;
        return RedirectToPage("Framework", new { id = result.Value.Id });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var frameworks = await followUp.FrameworksAsync(viewer, cancellationToken);
        if (!frameworks.Succeeded)
        {
            return Forbid();
        }
        Frameworks = frameworks.Value!;
        MayOwn = FollowUpRules.MayOwn(viewer);
        var dashboard = await followUp.DashboardAsync(Days, viewer, cancellationToken);
        if (dashboard.Succeeded)
        {
            Dashboard = dashboard.Value;
        }
        else
        {
            ProblemMessages.AddTo(ModelState, dashboard.Problem!, t);
            Dashboard = (await followUp.DashboardAsync(null, viewer, cancellationToken)).Value;
        }
        return Page();
    }
}
