using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Account;

/// <summary>Signs out on POST (with the antiforgery token of the layout's form); a GET changes nothing.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signIn, IAuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await SignInAudit.RecordSignOutAsync(audit, cancellationToken);
        }
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
