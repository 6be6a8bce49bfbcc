using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Users;

/// <summary>
/// Identity's user manager, with the security stamp renewed on every change that must end the user's sessions at once:
/// role changes and lockout (including disabling, a lockout without end, and the lockout that follows failed sign-ins).
/// Identity itself renews it on password and second-factor changes only. Cookies and short-lived bearer tokens carry the
/// stamp and are checked against it on every request (see <c>Ariadne.Account.SessionValidation</c>), so a renewed stamp
/// ends every session and token the user holds.
/// </summary>
public sealed class AriadneUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    TimeProvider time)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>A lockout end that never comes: the account is disabled until an administrator lifts it.</summary>
    public static readonly DateTimeOffset Disabled = DateTimeOffset.MaxValue;

    public override async Task<IdentityResult> AddToRoleAsync(AppUser user, string role) =>
        await ThenRenewStampAsync(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles) =>
        await ThenRenewStampAsync(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(AppUser user, string role) =>
        await ThenRenewStampAsync(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(AppUser user, IEnumerable<string> roles) =>
        await ThenRenewStampAsync(user, await base.RemoveFromRolesAsync(user, roles));

    /// <summary>Sets the lockout end; a lockout (an end in the future) ends the user's sessions and bearer tokens.</summary>
    public override async Task<IdentityResult> SetLockoutEndDateAsync(AppUser user, DateTimeOffset? lockoutEnd)
    {
        var result = await base.SetLockoutEndDateAsync(user, lockoutEnd);
        // Identity's own clock decides whether the end lies ahead, as it does for IsLockedOutAsync.
        return result.Succeeded && await IsLockedOutAsync(user) ? await ThenRenewStampAsync(user, result) : result;
    }

    /// <summary>Counts a failed attempt; when it locks the account, the user's sessions and bearer tokens end.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        var result = await base.AccessFailedAsync(user);
        return result.Succeeded && await IsLockedOutAsync(user) ? await ThenRenewStampAsync(user, result) : result;
    }

    /// <summary>Records the time of a successful sign-in on the user (shown to administrators as the last sign-in).</summary>
    public async Task RecordSignInAsync(AppUser user)
    {
        user.LastSignInAtUtc = time.GetUtcNow().UtcDateTime;
        await UpdateAsync(user);
    }

    private async Task<IdentityResult> ThenRenewStampAsync(AppUser user, IdentityResult result) =>
        result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
}
