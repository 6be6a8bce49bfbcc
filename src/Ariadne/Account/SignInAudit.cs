using System.Security.Claims;
using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Account;

/// <summary>Records sign-in attempts (web form and API token alike) and sign-outs in the audit log.</summary>
public static class SignInAudit
{
    public const string SessionSubject = "session";

    /// <summary>
    /// Records the outcome of a password sign-in. A failed attempt is recorded under the user name as typed (cut to the
    /// length of a user name), with the user's id only when such a user exists; a locked account counts as denied.
    /// </summary>
    public static async Task RecordAsync(IAuditLog audit, UserManager<AppUser> users, string userName, SignInResult result, string channel,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        var actor = new AuditActor(user?.Id, user?.UserName ?? userName, user?.OrganisationId);
        var details = new Dictionary<string, string> { ["channel"] = channel };
        if (result.Succeeded)
        {
            if (user is not null && users is AriadneUserManager manager)
            {
                await manager.RecordSignInAsync(user);
            }
            await audit.AppendAsync(new AuditRecord(AuditActions.SignIn, AuditOutcomes.Success, SessionSubject, Details: details, Actor: actor), cancellationToken);
            return;
        }
        details["reason"] = result.IsLockedOut ? "locked-out" : result.IsNotAllowed ? "not-allowed" : result.RequiresTwoFactor ? "two-factor-required" : "wrong-credentials";
        var outcome = result.IsLockedOut || result.IsNotAllowed ? AuditOutcomes.Denied : AuditOutcomes.Failed;
        await audit.AppendAsync(new AuditRecord(AuditActions.SignInFailed, outcome, SessionSubject, Details: details, Actor: actor), cancellationToken);
    }

    public static Task RecordSignOutAsync(IAuditLog audit, string channel, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(AuditActions.SignOut, AuditOutcomes.Success, SessionSubject,
            Details: new Dictionary<string, string> { ["channel"] = channel }), cancellationToken);
}

/// <summary>The actor of a web request: the signed-in user and the client's address; outside a request, the local operator.</summary>
internal sealed class HttpAuditContext(IHttpContextAccessor accessor) : IAuditContext
{
    public AuditActor Actor
    {
        get
        {
            if (AuditActorOverride.Actor is { } onBehalf)
            {
                return onBehalf;
            }
            var user = accessor.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated != true)
            {
                return accessor.HttpContext is null ? AuditActor.LocalOperator : new AuditActor(null, "anonymous", null);
            }
            Guid? id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null;
            Guid? organisation = Guid.TryParse(user.FindFirstValue(AriadneClaimsPrincipalFactory.OrganisationClaim), out var org) ? org : null;
            return new AuditActor(id, user.Identity.Name ?? "unknown", organisation);
        }
    }

    public string? FromAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
