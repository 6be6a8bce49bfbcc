using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Admin.Users;

/// <summary>Administrators: every user with organisation, roles, whether enabled, second factor and last sign-in.</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class IndexModel(UserAdministration users) : PageModel
{
    public IReadOnlyList<UserSummary> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await users.ListAsync(cancellationToken);
}
