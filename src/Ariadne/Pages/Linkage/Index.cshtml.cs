using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Linkage;

/// <summary>
/// The one navigation entry for linkage between agencies: the four steps in their order, one sentence each, and a link
/// only to the steps the signed-in role may take (coordinators encode and import, analysts match, both estimate).
/// </summary>
[Authorize(Policy = Ariadne.Account.Policies.StatisticsReader)]
public sealed class IndexModel : PageModel
{
    public bool MayEncodeAndImport => User.IsInRole(Roles.Coordinator);

    public bool MayMatch => User.IsInRole(Roles.Analyst);

    public void OnGet()
    {
    }
}
