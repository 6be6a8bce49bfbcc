using Ariadne.Account;
using Ariadne.Core.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Jobs;

/// <summary>The signed-in user's most recent background jobs, newest first.</summary>
[Authorize]
public sealed class IndexModel(JobService jobs) : PageModel
{
    public const int Shown = 50;

    public IReadOnlyList<JobView> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Jobs = await jobs.RecentAsync(User.ToCaseViewer(), Shown, cancellationToken);
}
