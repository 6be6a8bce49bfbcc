using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Finance;
using Ariadne.Core.Jobs;
using Ariadne.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>
/// The financial investigator's datasets: the imported bank exports with their counts and state, the upload form (the
/// parties are sealed in this request, the transactions imported by a job followed on /Jobs/Status/{id}) and "analyse"
/// per dataset (a job too). Everything goes through <see cref="FinanceService"/>.
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class IndexModel(FinanceService finance, JobService jobs, IAuditContext auditContext, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<DatasetView> Datasets { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string Format { get; set; } = "amlsim";

    /// <summary>Analyse the dataset once imported (checked by default).</summary>
    [BindProperty]
    public bool Analyse { get; set; } = true;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostImportAsync(IFormFile? transactions, IFormFile? accounts, IFormFile? parties, IFormFile? mapping, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var started = await FinanceEndpoints.StartImportAsync(HttpContext, finance, jobs, Name, Format, transactions, accounts, parties, mapping, Analyse, cancellationToken);
        if (!started.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, started.Problem!, t);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/Jobs/Status/{started.Value}");
    }

    public async Task<IActionResult> OnPostAnalyseAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var dataset = await finance.DatasetAsync(datasetId, viewer, cancellationToken);
        var started = dataset.Succeeded
            ? await jobs.StartAsync(FinanceAnalyseJob.JobKind, FinanceAnalyseJob.Input(datasetId), viewer, auditContext.Actor, cancellationToken)
            : dataset.Problem!;
        if (!started.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, started.Problem!, t);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/Jobs/Status/{started.Value}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Datasets = (await finance.DatasetsAsync(User.ToCaseViewer(), cancellationToken)).Value ?? [];
}
