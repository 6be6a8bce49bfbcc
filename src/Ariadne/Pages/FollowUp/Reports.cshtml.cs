using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Reports;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// Reports from one data entry: choose a framework (or all) and a period, view the review report as a printable page,
/// download it as XLSX, CSV or JSON, and download SDG 16.2.2 computed from the cases (UN SDG API JSON, Open SDG CSV).
/// Every reader of the follow-up; each generation publishes its releases and is audited (<see cref="ReviewReportService"/>).
/// The report's language is the page's.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class ReportsModel(ReviewReportService reports, FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Framework { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>Set by the form's button: only then is the report generated (a generation publishes releases).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Run { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Format { get; set; }

    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];

    public ReviewReport? Report { get; private set; }

    public IReadOnlyList<ReportSection> Sections { get; private set; } = [];

    /// <summary>The query string of the current choice, for the download links.</summary>
    public string Query => string.Join("&", new[]
    {
        Framework is { } f ? "Framework=" + f : null,
        string.IsNullOrWhiteSpace(From) ? null : "From=" + Uri.EscapeDataString(From.Trim()),
        string.IsNullOrWhiteSpace(To) ? null : "To=" + Uri.EscapeDataString(To.Trim()),
    }.OfType<string>());

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadFrameworksAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        if (!Run)
        {
            return Page();
        }
        var result = await BuildAsync(cancellationToken);
        if (result is null)
        {
            return Page();
        }
        if (!result.Succeeded)
        {
            return Answer(result.Problem!);
        }
        Report = result.Value;
        Sections = ReviewReportFiles.Sections(result.Value!, t["Format.Date"]);
        return Page();
    }

    /// <summary>The report as XLSX, CSV or JSON (<c>Format</c>).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        if (await LoadFrameworksAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var format = Format is "xlsx" or "csv" or "json" ? Format : "xlsx";
        var result = await BuildAsync(cancellationToken);
        if (result is null || !result.Succeeded)
        {
            return result is null ? Page() : Answer(result.Problem!);
        }
        using var output = new MemoryStream();
        await ReviewReportFiles.WriteAsync(result.Value!, format, output, cancellationToken);
        return File(output.ToArray(), ReviewReportFiles.MediaType(format), ReviewReportFiles.FileName(result.Value!, format));
    }

    /// <summary>SDG 16.2.2 from the cases over the chosen period: UN SDG API-shaped JSON (<c>Format=json</c>) or the Open SDG CSV.</summary>
    public async Task<IActionResult> OnGetSdgAsync(CancellationToken cancellationToken)
    {
        if (await LoadFrameworksAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var from = FollowUpPage.Date(From, nameof(From), ModelState, t);
        var to = FollowUpPage.Date(To, nameof(To), ModelState, t);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await reports.SdgFromCasesAsync(from, to, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return Answer(result.Problem!);
        }
        using var output = new MemoryStream();
        var (mediaType, fileName) = await UnSdgSeries.WriteAsync(result.Value!, Format, output, cancellationToken);
        return File(output.ToArray(), mediaType, fileName);
    }

    /// <summary>The report of the current choice; null when a date cannot be read (the error is in the model state).</summary>
    private async Task<Result<ReviewReport>?> BuildAsync(CancellationToken cancellationToken)
    {
        var from = FollowUpPage.Date(From, nameof(From), ModelState, t);
        var to = FollowUpPage.Date(To, nameof(To), ModelState, t);
        if (!ModelState.IsValid)
        {
            return null;
        }
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? "de" : "en";
        return await reports.BuildAsync(new ReviewReportRequest(Framework, from, to, language), User.ToCaseViewer(), cancellationToken);
    }

    private IActionResult Answer(Problem problem)
    {
        switch (problem.Kind)
        {
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.NotFound:
                return NotFound();
            default:
                ProblemMessages.AddTo(ModelState, problem, t);
                return Page();
        }
    }

    private async Task<IActionResult?> LoadFrameworksAsync(CancellationToken cancellationToken)
    {
        var frameworks = await followUp.FrameworksAsync(User.ToCaseViewer(), cancellationToken);
        if (!frameworks.Succeeded)
        {
            return Forbid();
        }
        Frameworks = frameworks.Value!;
        return null;
    }
}
