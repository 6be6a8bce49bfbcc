using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Account;

/// <summary>The second step of signing in: the code from the user's authenticator app.</summary>
[AllowAnonymous]
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, IAuditLog audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), t["TwoFactor.CodeRequired"]);
            return Page();
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(TwoFactorCodes.Normalise(Code), isPersistent: false, rememberClient: false);
        await SignInAudit.RecordAsync(audit, signIn.UserManager, user.UserName!, result, "web", cancellationToken);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.LocalOrDefault(ReturnUrl));
        }
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? t["Login.LockedOut"] : t["TwoFactor.CodeWrong"]);
        return Page();
    }
}
