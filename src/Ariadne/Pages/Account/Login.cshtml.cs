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

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, IAuditLog audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public LoginForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool HasError(string key) => ModelState[key] is { Errors.Count: > 0 };

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Input.UserName))
        {
            ModelState.AddModelError("Input.UserName", t["Login.UserNameRequired"]);
        }
        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("Input.Password", t["Login.PasswordRequired"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Input.UserName!.Trim(), Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = SafeReturnUrl() });
        }
        await SignInAudit.RecordAsync(audit, signIn.UserManager, Input.UserName.Trim(), result, "web", cancellationToken);
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByNameAsync(Input.UserName.Trim());
            if (user?.MustChangePassword == true)
            {
                return RedirectToPage("/Account/ChangePassword", new { returnUrl = SafeReturnUrl() });
            }
            return LocalRedirect(SafeReturnUrl());
        }
        // One message for an unknown user, a wrong password and a locked account, so the form does not reveal which user
        // names exist (only an existing account can be locked).
        ModelState.AddModelError("", t["Login.Failed"]);
        return Page();
    }

    private string SafeReturnUrl() => Url.LocalOrDefault(ReturnUrl);

    public sealed class LoginForm
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
