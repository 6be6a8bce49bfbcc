using Ariadne.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Cases;

/// <summary>All open tasks assigned to the signed-in case worker (the start page shows the first ones: <c>_MyTasks</c>).</summary>
[Authorize(Policy = Policies.CaseEditor)]
public sealed class MyTasksModel : PageModel
{
    public void OnGet()
    {
    }
}
