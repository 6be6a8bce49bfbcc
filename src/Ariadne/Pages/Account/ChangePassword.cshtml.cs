using Ariadne.Account;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Account;

/// <summary>
/// Replaces the signed-in user's password; clears the one-time-password flag and renews the sign-in cookie. The change
/// renews the security stamp, so every other session and bearer token of the user ends. Wrong current passwords count
/// towards the lockout, as at sign-in.
/// </summary>
[Authorize]
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ChangePasswordForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool MustChange => User.HasClaim(c => c.Type == AriadneClaimsPrincipalFactory.MustChangePasswordClaim);

    public bool HasError(string key) => ModelState[key] is { Errors.Count: > 0 };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Input.CurrentPassword))
        {
            ModelState.AddModelError("Input.CurrentPassword", t["ChangePassword.CurrentRequired"]);
        }
        if (string.IsNullOrEmpty(Input.NewPassword))
        {
            ModelState.AddModelError("Input.NewPassword", t["ChangePassword.NewRequired"]);
        }
        else if (Input.NewPassword != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", t["ChangePassword.Mismatch"]);
        }
        else if (Input.NewPassword == Input.CurrentPassword)
        {
            ModelState.AddModelError("Input.NewPassword", t["ChangePassword.SameAsCurrent"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Login");
        }
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword!, Input.NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // A wrong current password counts as a failed sign-in: a stolen session cannot guess it without limit.
                // The lockout renews the security stamp, which ends this session too.
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await signIn.SignOutAsync();
                    return RedirectToPage("/Account/Login");
                }
            }
            foreach (var error in result.Errors)
            {
                var (field, message) = error.Code switch
                {
                    nameof(IdentityErrorDescriber.PasswordMismatch) => ("Input.CurrentPassword", t["ChangePassword.CurrentWrong"].Value),
                    nameof(IdentityErrorDescriber.PasswordTooShort) => ("Input.NewPassword", t["ChangePassword.TooShort", UsersServiceCollectionExtensions.MinimumPasswordLength].Value),
                    CommonPasswordValidator.TooCommon => ("Input.NewPassword", t["ChangePassword.TooCommon"].Value),
                    CommonPasswordValidator.ContainsUserName => ("Input.NewPassword", t["ChangePassword.ContainsUserName"].Value),
                    _ => ("Input.NewPassword", t["ChangePassword.Rejected", error.Description].Value),
                };
                ModelState.AddModelError(field, message);
            }
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        // The new cookie is built without the one-time-password claim.
        await signIn.RefreshSignInAsync(user);
        TempData["StatusMessage"] = t["ChangePassword.Done"].Value;
        return LocalRedirect(Url.LocalOrDefault(ReturnUrl));
    }

    public sealed class ChangePasswordForm
    {
        public string? CurrentPassword { get; set; }

        public string? NewPassword { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
