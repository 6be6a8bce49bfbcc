using Ariadne.Account;
using Ariadne.Core.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>
/// The rule parameters of the product's analysis: the JSON of <c>finance analyse --rules</c> (without list files; the
/// lists are uploaded on /Finance/Lists), shown and replaced as a new version; a bad value is refused naming its field.
/// Below, the history: every version (when, by whom), one version's JSON with the fields changed from the version before
/// (<c>?version=N</c>), and "Use this version again" (its JSON stored as a new version).
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class SettingsModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    public RuleSettingsView? Current { get; private set; }

    public bool Saved { get; private set; }

    [BindProperty]
    public string? Json { get; set; }

    /// <summary>The history of the settings, newest first.</summary>
    public IReadOnlyList<RuleSettingsVersionView> Versions { get; private set; } = [];

    /// <summary>The version shown (<c>?version=N</c>) with its changes from the version before.</summary>
    public RuleSettingsVersionDetail? Shown { get; private set; }

    /// <summary>The version used again by the last post, if any.</summary>
    public int? RestoredFrom { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? version, CancellationToken cancellationToken)
    {
        Current = (await finance.RuleSettingsAsync(User.ToCaseViewer(), cancellationToken)).Value;
        Json = Current?.Json;
        await LoadHistoryAsync(version, cancellationToken);
        return version is not null && Shown is null ? NotFound() : Page();
    }

    /// <summary>"Use this version again": the version's JSON stored as a new version (audited like a change).</summary>
    public async Task<IActionResult> OnPostRestoreAsync(int version, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await finance.RestoreRuleSettingsAsync(version, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            Current = (await finance.RuleSettingsAsync(User.ToCaseViewer(), cancellationToken)).Value;
            Json = Current?.Json;
        }
        else
        {
            (Current, Saved, Json, RestoredFrom) = (result.Value, true, result.Value!.Json, version);
        }
        await LoadHistoryAsync(Current?.Version, cancellationToken);
        return Page();
    }

    private async Task LoadHistoryAsync(int? version, CancellationToken cancellationToken)
    {
        Versions = (await finance.RuleSettingsVersionsAsync(User.ToCaseViewer(), cancellationToken)).Value ?? [];
        if (version is { } n)
        {
            Shown = (await finance.RuleSettingsVersionAsync(n, User.ToCaseViewer(), cancellationToken)).Value;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await finance.SetRuleSettingsAsync(Json, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            Current = (await finance.RuleSettingsAsync(User.ToCaseViewer(), cancellationToken)).Value;
            await LoadHistoryAsync(null, cancellationToken);
            return Page();
        }
        (Current, Saved, Json) = (result.Value, true, result.Value!.Json);
        await LoadHistoryAsync(Current!.Version, cancellationToken);
        return Page();
    }
}
