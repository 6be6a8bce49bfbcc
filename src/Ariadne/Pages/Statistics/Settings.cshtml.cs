using System.Globalization;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Statistics;

/// <summary>
/// Administrators: the disclosure floor (the minimum suppression threshold no release may go below) and the privacy
/// budget (zCDP ρ per dataset and period), with what each dataset has spent. A change is audited.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class SettingsModel(PrivacyBudget budget, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? MinimumThreshold { get; set; }

    [BindProperty]
    public string? BudgetRho { get; set; }

    [BindProperty]
    public int? PeriodMonths { get; set; }

    public StatisticsSettings Current { get; private set; } = new();

    public IReadOnlyList<BudgetStatus> Budgets { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(fill: true, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        int? threshold = null;
        double? rho = null;
        if (!int.TryParse(MinimumThreshold?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedThreshold)
            || parsedThreshold > StatisticsSettings.MaxMinimumThreshold)
        {
            ModelState.AddModelError(nameof(MinimumThreshold), t["Statistics.Settings.Error.Threshold", StatisticsSettings.MaxMinimumThreshold]);
        }
        else
        {
            threshold = parsedThreshold;
        }
        if (!double.TryParse(BudgetRho?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRho)
            || !(parsedRho is >= 0 and <= StatisticsSettings.MaxBudgetRho))
        {
            ModelState.AddModelError(nameof(BudgetRho), t["Statistics.Settings.Error.Rho", StatisticsSettings.MaxBudgetRho]);
        }
        else
        {
            rho = parsedRho;
        }
        if (PeriodMonths is not { } months || !StatisticsSettings.PeriodChoices.Contains(months))
        {
            ModelState.AddModelError(nameof(PeriodMonths), t["Filter.Error.Choice", PeriodMonths?.ToString(CultureInfo.InvariantCulture) ?? ""]);
        }
        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(fill: false, cancellationToken);
            return Page();
        }
        await budget.UpdateAsync(threshold, rho, PeriodMonths, cancellationToken);
        Saved = true;
        await LoadAsync(fill: true, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(bool fill, CancellationToken cancellationToken)
    {
        Current = await budget.SettingsAsync(cancellationToken);
        var budgets = new List<BudgetStatus>();
        foreach (var dataset in PrivacyDatasets.All)
        {
            budgets.Add(await budget.StatusAsync(dataset, cancellationToken));
        }
        Budgets = budgets;
        if (fill)
        {
            MinimumThreshold = Current.MinimumThreshold.ToString(CultureInfo.InvariantCulture);
            BudgetRho = Current.BudgetRho.ToString(CultureInfo.InvariantCulture);
            PeriodMonths = Current.PeriodMonths;
        }
    }
}
