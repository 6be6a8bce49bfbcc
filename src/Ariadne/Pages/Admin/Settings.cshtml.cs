using Ariadne.Core.CodeLists;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Admin;

/// <summary>
/// Administrators: the code lists and the referral-mechanism jurisdictions this installation runs with, read-only. Both
/// are configuration shipped with the product (versioned JSON files), changed by an upgrade, not in the browser.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class SettingsModel(Jurisdictions jurisdictions) : PageModel
{
    public IReadOnlyList<CodeList> CodeLists { get; private set; } = [];

    public IReadOnlyList<Analytics.Referral.LifecycleDefinition> Definitions { get; private set; } = [];

    /// <summary>The code list shown in full, if one was chosen (<c>?list=ID</c>).</summary>
    public CodeList? Shown { get; private set; }

    public void OnGet(string? list)
    {
        CodeLists = [.. CodeListRegistry.Default.Lists.OrderBy(l => l.Id, StringComparer.Ordinal)];
        Definitions = [.. jurisdictions.Definitions.OrderBy(d => d.Jurisdiction, StringComparer.Ordinal)];
        Shown = CodeLists.FirstOrDefault(l => l.Id == list);
    }
}
