using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Account;

/// <summary>
/// Signs out on POST (with the antiforgery token of the layout's form); a GET changes nothing. Signing out renews the
/// user's security stamp, which ends the session on the server (a copy of the cookie replayed later is refused) along
/// with the user's other cookie sessions and bearer tokens; personal access tokens stay valid.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signIn, IAuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            if (await signIn.UserManager.GetUserAsync(User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            await SignInAudit.RecordSignOutAsync(audit, "web", cancellationToken);
        }
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
