using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Users;

/// <summary>One user as the administrator sees it: never a password, key or recovery code.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="UserName">The sign-in name.</param>
/// <param name="OrganisationId">The organisation the user works for.</param>
/// <param name="OrganisationName">Its name.</param>
/// <param name="Roles">The user's roles, in order.</param>
/// <param name="Enabled">False when an administrator disabled the account (no sign-in, no token works).</param>
/// <param name="TwoFactorEnabled">Whether an authenticator app is set up.</param>
/// <param name="MustChangePassword">Whether a one-time password waits to be replaced at the next sign-in.</param>
/// <param name="LastSignInAtUtc">The last successful sign-in (web or API), or null.</param>
public sealed record UserSummary(
    Guid Id,
    string UserName,
    Guid OrganisationId,
    string OrganisationName,
    IReadOnlyList<string> Roles,
    bool Enabled,
    bool TwoFactorEnabled,
    bool MustChangePassword,
    DateTime? LastSignInAtUtc);

/// <summary>A user to create.</summary>
/// <param name="UserName">The sign-in name (unique).</param>
/// <param name="OrganisationId">An existing organisation.</param>
/// <param name="Roles">One or more of <see cref="Users.Roles.All"/>.</param>
/// <param name="Password">The initial password; null to generate a one-time password (returned once).</param>
/// <param name="MustChangePassword">Whether the user must choose a new password at the first sign-in (always so for a generated one).</param>
public sealed record NewUser(string? UserName, Guid? OrganisationId, IReadOnlyList<string>? Roles, string? Password = null, bool MustChangePassword = true);

/// <summary>The created user and, when it was generated, the one-time password: shown once, stored only as a hash.</summary>
public sealed record CreatedUser(UserSummary User, string? OneTimePassword);

/// <summary>A change of a user's roles and organisation; a null member is kept as it is.</summary>
public sealed record UserChange(IReadOnlyList<string>? Roles, Guid? OrganisationId);

/// <summary>The counts the administrator's start page shows.</summary>
public sealed record UsersOverview(int Users, int Disabled, int WithoutSecondFactor, int PasswordChangeDue, int Administrators, int Organisations);

/// <summary>
/// User administration, one service for the web pages, the API and <c>ariadne users</c>: list, create, change roles and
/// organisation, disable and enable, reset the password (a one-time password that must be changed) and the second
/// factor. Every change is audited under the <c>user</c> subject with the user's id (never a password or key), and every
/// change that must end the user's sessions renews the security stamp (<see cref="AriadneUserManager"/>). Two guards keep
/// the installation administrable: an administrator cannot disable themself, and the last enabled administrator can
/// neither be disabled nor lose the role.
/// </summary>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> users, AccountBootstrap bootstrap, IAuditLog audit)
{
    private const string UserSubject = "user";

    /// <summary>Refusal code: an administrator tried to disable their own account.</summary>
    public const string SelfDisable = "self-disable";

    /// <summary>Refusal code: the change would leave no enabled administrator.</summary>
    public const string LastAdministrator = "last-administrator";

    /// <summary>Whether <paramref name="user"/> is disabled: locked out without end (see <see cref="AriadneUserManager.Disabled"/>).</summary>
    /// <remarks>Compared by year, not exactly: PostgreSQL keeps microseconds, so the stored end is a tick short of the maximum.</remarks>
    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end.Year >= AriadneUserManager.Disabled.Year;

    /// <summary>Every user, by user name.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await RolesByUserAsync(null, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. all.Select(u => Summarise(u, roles.GetValueOrDefault(u.Id) ?? [], organisations))];
    }

    /// <summary>One user, or NotFound.</summary>
    public async Task<Result<UserSummary>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is { } user
            ? await SummariseAsync(user, cancellationToken)
            : Problem.NotFound("No such user.");

    /// <summary>The counts for the administrator's start page.</summary>
    public async Task<UsersOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var all = await db.Users.AsNoTracking().Select(u => new { u.Id, u.LockoutEnd, u.TwoFactorEnabled, u.MustChangePassword }).ToListAsync(cancellationToken);
        var administrators = await AdministratorIdsAsync(cancellationToken);
        var disabled = all.Where(u => u.LockoutEnd is { } end && end.Year >= AriadneUserManager.Disabled.Year).Select(u => u.Id).ToHashSet();
        return new UsersOverview(all.Count, disabled.Count, all.Count(u => !u.TwoFactorEnabled), all.Count(u => u.MustChangePassword),
            administrators.Count(a => !disabled.Contains(a)), await db.Organisations.CountAsync(cancellationToken));
    }

    /// <summary>
    /// Creates a user in an existing organisation with one or more roles. Without a password a one-time password is
    /// generated and returned once; it must be changed at the first sign-in. Nothing is stored when the input is invalid.
    /// </summary>
    public async Task<Result<CreatedUser>> CreateAsync(NewUser input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length == 0)
        {
            errors.Add(new FieldError("UserName", "Required", "Give a user name."));
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            errors.Add(new FieldError("UserName", "Taken", $"The user name '{userName}' is taken.", userName));
        }
        await CheckOrganisationAsync(input.OrganisationId, errors, cancellationToken);
        CheckRoles(input.Roles, errors);
        if (input.Password is { } given && userName.Length > 0)
        {
            foreach (var message in await PasswordProblemsAsync(userName, given))
            {
                errors.Add(new FieldError("Password", "Password", message));
            }
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var password = input.Password ?? AccountBootstrap.GeneratePassword();
        var user = await bootstrap.AddUserAsync(userName, password, input.OrganisationId!.Value, [.. input.Roles!.Distinct(StringComparer.Ordinal)],
            mustChangePassword: input.Password is null || input.MustChangePassword, cancellationToken);
        return new CreatedUser(await SummariseAsync(user, cancellationToken), input.Password is null ? password : null);
    }

    /// <summary>Changes a user's roles and organisation. Removing the role of the last enabled administrator is refused.</summary>
    public async Task<Result<UserSummary>> ChangeAsync(Guid id, UserChange change, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Problem.NotFound("No such user.");
        }
        var errors = new List<FieldError>();
        if (change.Roles is not null)
        {
            CheckRoles(change.Roles, errors);
        }
        if (change.OrganisationId is not null)
        {
            await CheckOrganisationAsync(change.OrganisationId, errors, cancellationToken);
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var current = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
        if (change.Roles is not null)
        {
            var wanted = change.Roles.ToHashSet(StringComparer.Ordinal);
            if (current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator) && !IsDisabled(user)
                && await IsLastAdministratorAsync(user.Id, cancellationToken))
            {
                return Problem.Refused(LastAdministrator, "The last enabled administrator cannot lose the Administrator role; give it to another user first.");
            }
            var removed = current.Except(wanted).Order(StringComparer.Ordinal).ToList();
            var added = wanted.Except(current).Order(StringComparer.Ordinal).ToList();
            if (removed.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, removed));
            }
            if (added.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, added));
            }
            if (removed.Count + added.Count > 0)
            {
                await AuditAsync(AuditActions.RoleChange, user, new() { ["added"] = string.Join(",", added), ["removed"] = string.Join(",", removed) }, cancellationToken);
            }
        }
        if (change.OrganisationId is { } organisation && organisation != user.OrganisationId)
        {
            var from = user.OrganisationId;
            user.OrganisationId = organisation;
            Check(await users.UpdateAsync(user));
            // The organisation travels in the sign-in's claims: end the sessions so that the next sign-in carries the new one.
            Check(await users.UpdateSecurityStampAsync(user));
            await AuditAsync(AuditActions.UserUpdate, user, new()
            {
                ["change"] = "organisation",
                ["fromOrganisationId"] = from.ToString(),
                ["organisationId"] = organisation.ToString(),
            }, cancellationToken);
        }
        return await SummariseAsync(user, cancellationToken);
    }

    /// <summary>
    /// Disables (no sign-in, every session, bearer token and personal access token refused at once) or enables a user.
    /// <paramref name="actorId"/>, the administrator acting, cannot disable themself; the last enabled administrator
    /// cannot be disabled.
    /// </summary>
    public async Task<Result<UserSummary>> SetEnabledAsync(Guid id, bool enabled, Guid? actorId, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Problem.NotFound("No such user.");
        }
        if (enabled == !IsDisabled(user))
        {
            return await SummariseAsync(user, cancellationToken);
        }
        if (!enabled)
        {
            if (actorId == user.Id)
            {
                return Problem.Refused(SelfDisable, "You cannot disable your own account.");
            }
            if (await users.IsInRoleAsync(user, Roles.Administrator) && await IsLastAdministratorAsync(user.Id, cancellationToken))
            {
                return Problem.Refused(LastAdministrator, "The last enabled administrator cannot be disabled; make another user an administrator first.");
            }
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, AriadneUserManager.Disabled));
        }
        else
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
        }
        await AuditAsync(AuditActions.UserUpdate, user, new() { ["change"] = enabled ? "enable" : "disable" }, cancellationToken);
        return await SummariseAsync(user, cancellationToken);
    }

    /// <summary>
    /// Replaces the user's password with a generated one-time password (returned once) that must be changed at the next
    /// sign-in; every session of the user ends. A temporary lockout after failed sign-ins is lifted; a disabled account
    /// stays disabled.
    /// </summary>
    public async Task<Result<string>> ResetPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Problem.NotFound("No such user.");
        }
        var password = AccountBootstrap.GeneratePassword();
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }
        Check(await users.AddPasswordAsync(user, password));
        user.MustChangePassword = true;
        if (!IsDisabled(user))
        {
            user.LockoutEnd = null;
        }
        Check(await users.UpdateAsync(user));
        Check(await users.ResetAccessFailedCountAsync(user));
        await AuditAsync(AuditActions.UserUpdate, user, new() { ["change"] = "password-reset" }, cancellationToken);
        return password;
    }

    /// <summary>
    /// Removes the user's authenticator app and recovery codes (a lost phone): two-factor sign-in is off until the user
    /// sets up a new app, which roles that need one are asked to do at the next sign-in. Every session of the user ends.
    /// </summary>
    public async Task<Result<UserSummary>> ResetSecondFactorAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Problem.NotFound("No such user.");
        }
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        // A new key the user never saw: the old app's codes stop working; recovery codes are dropped.
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes"));
        Check(await users.UpdateSecurityStampAsync(user));
        await AuditAsync(AuditActions.UserUpdate, user, new() { ["change"] = "second-factor-reset" }, cancellationToken);
        return await SummariseAsync(user, cancellationToken);
    }

    /// <summary>Why Identity's password rules (length, common passwords, the user name) refuse <paramref name="password"/>; empty when they accept it.</summary>
    public async Task<IReadOnlyList<string>> PasswordProblemsAsync(string userName, string password)
    {
        var candidate = new AppUser { UserName = userName };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        return problems;
    }

    private async Task CheckOrganisationAsync(Guid? organisationId, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (organisationId is null)
        {
            errors.Add(new FieldError("OrganisationId", "Required", "Choose an organisation."));
        }
        else if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            errors.Add(new FieldError("OrganisationId", "UnknownCode", $"There is no organisation {organisationId}.", organisationId.Value.ToString()));
        }
    }

    private static void CheckRoles(IReadOnlyList<string>? roles, List<FieldError> errors)
    {
        if (roles is null || roles.Count == 0)
        {
            errors.Add(new FieldError("Roles", "Required", "Choose at least one role."));
            return;
        }
        foreach (var unknown in roles.Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add(new FieldError("Roles", "UnknownCode", $"'{unknown}' is not a role; roles are {string.Join(", ", Roles.All)}.", unknown));
        }
    }

    private async Task<bool> IsLastAdministratorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var administrators = await AdministratorIdsAsync(cancellationToken);
        var others = await db.Users.AsNoTracking().Where(u => administrators.Contains(u.Id) && u.Id != userId)
            .Select(u => new { u.LockoutEnd }).ToListAsync(cancellationToken);
        return !others.Any(o => o.LockoutEnd is not { } end || end.Year < AriadneUserManager.Disabled.Year);
    }

    private async Task<List<Guid>> AdministratorIdsAsync(CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Administrator
               select ur.UserId).ToListAsync(cancellationToken);

    private async Task<Dictionary<Guid, List<string>>> RolesByUserAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          where userId == null || ur.UserId == userId
                          select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).Order(StringComparer.Ordinal).ToList());
    }

    private async Task<UserSummary> SummariseAsync(AppUser user, CancellationToken cancellationToken)
    {
        var roles = await RolesByUserAsync(user.Id, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.Id == user.OrganisationId).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return Summarise(user, roles.GetValueOrDefault(user.Id) ?? [], organisations);
    }

    private static UserSummary Summarise(AppUser user, IReadOnlyList<string> roles, IReadOnlyDictionary<Guid, string> organisations) => new(
        user.Id, user.UserName ?? "", user.OrganisationId, organisations.GetValueOrDefault(user.OrganisationId) ?? user.OrganisationId.ToString(),
        roles, !IsDisabled(user), user.TwoFactorEnabled, user.MustChangePassword, user.LastSignInAtUtc);

    private Task AuditAsync(string action, AppUser user, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        details["userName"] = user.UserName ?? "";
        return audit.AppendAsync(new AuditRecord(action, AuditOutcomes.Success, UserSubject, user.Id.ToString(), Details: details), cancellationToken);
    }

    /// <summary>Identity refusing a change the checks above allowed is a bug or a lost race, not user error.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
