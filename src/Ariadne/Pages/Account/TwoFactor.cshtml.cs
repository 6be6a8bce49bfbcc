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
/// Enrols an authenticator app (TOTP, RFC 6238): shows the shared key as text and as an otpauth URI (no script, no
/// image needed) while enrolment is pending, and switches two-factor sign-in on once the user proves the app works with a
/// first code. After that the key is never shown again (whoever holds a session must not be able to copy the second
/// factor); a new key (re-enrolment, e.g. for a new phone) needs the current password and the current code, and ends
/// every other session. Wrong passwords and codes count towards the lockout, as at sign-in.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The current password, for a new key.</summary>
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Enabled { get; private set; }

    /// <summary>The key, while enrolment is pending; empty once two-factor sign-in is on.</summary>
    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    public bool HasError(string key) => ModelState[key] is { Errors.Count: > 0 };

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    /// <summary>Confirms a pending enrolment with the first code.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }
        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), t["TwoFactor.CodeRequired"]);
        }
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, TwoFactorCodes.Normalise(Code)))
        {
            ModelState.AddModelError(nameof(Code), t["TwoFactor.CodeWrong"]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        TempData["StatusMessage"] = t["TwoFactor.Enabled"].Value;
        return LocalRedirect(Url.LocalOrDefault(ReturnUrl));
    }

    /// <summary>Replaces the key after re-authentication: current password, and the current code when enrolled.</summary>
    public async Task<IActionResult> OnPostResetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), t["TwoFactor.PasswordRequired"]);
        }
        if (user.TwoFactorEnabled && string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), t["TwoFactor.CodeRequired"]);
        }
        if (ModelState.IsValid)
        {
            if (!await users.CheckPasswordAsync(user, Password!))
            {
                ModelState.AddModelError(nameof(Password), t["TwoFactor.PasswordWrong"]);
            }
            else if (user.TwoFactorEnabled
                && !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, TwoFactorCodes.Normalise(Code!)))
            {
                ModelState.AddModelError(nameof(Code), t["TwoFactor.CodeWrong"]);
            }
            if (!ModelState.IsValid)
            {
                // A wrong password or code counts as a failed sign-in; the lockout ends this session.
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await signIn.SignOutAsync();
                    return RedirectToPage("/Account/Login");
                }
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        // Off until the new key is confirmed with a first code; both steps renew the security stamp.
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { returnUrl = ReturnUrl });
    }

    private async Task LoadAsync(AppUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = TwoFactorCodes.FormatKey(key!);
        AuthenticatorUri = TwoFactorCodes.AuthenticatorUri(user.UserName!, key!);
    }
}
