using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>
/// Shows the identifying fields of one case on purpose, for a stated reason that goes to the audit log. Whether they are
/// open afterwards is decided by <see cref="CaseAccess.IsRevealedAsync"/>, the rule every module that seals text under
/// the person's key shares.
/// </summary>
public sealed class CaseReveal(AppDbContext db, TimeProvider time, IdentityVault vault, IAuditLog audit)
{
    /// <summary>
    /// Reveals the identifying fields of case <paramref name="id"/>: the viewer must be allowed to
    /// (<see cref="CaseAccess.MayReveal"/>) and give a reason, which goes to the audit log. The reveal lasts
    /// <see cref="RevealGrant.Duration"/> for this user and case, on every node. Refusals are audited too.
    /// </summary>
    /// <returns>The case with its identity opened; NotFound, Forbidden, or Invalid on <c>Reason</c>.</returns>
    /// <exception cref="KeyUnavailableException">The person's master key is not configured.</exception>
    public async Task<Result<Case>> RevealAsync(Guid id, CaseViewer viewer, string? reason, CancellationToken cancellationToken)
    {
        var found = await db.FindVisibleAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayReveal(viewer, found.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseReveal, AuditOutcomes.Denied, CaseService.CaseSubject, id.ToString(), CaseSealing.Blank(reason),
                new Dictionary<string, string> { ["caseCode"] = found.CaseCode }), cancellationToken);
            return Problem.Forbidden();
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > CaseRules.MaxRevealReasonLength)
        {
            return Problem.Invalid("Reason", "Required",
                $"Say why you need to see the identifying fields (1 to {CaseRules.MaxRevealReasonLength} characters); it is written to the audit log.");
        }
        CaseSealing.OpenIdentity(found, vault);
        var now = time.GetUtcNow().UtcDateTime;
        if (viewer.UserId is { } userId)
        {
            db.RevealGrants.Add(RevealGrant.For(userId, id, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.CaseReveal, AuditOutcomes.Success, CaseService.CaseSubject, id.ToString(), reason.Trim(),
            new Dictionary<string, string>
            {
                ["caseCode"] = found.CaseCode,
                ["until"] = (now + RevealGrant.Duration).ToString("O", CultureInfo.InvariantCulture),
            }), cancellationToken);
        return found;
    }

    /// <summary>Until when the identifying fields of case <paramref name="id"/> stay open to <paramref name="viewer"/> (UTC); null when no reveal is active.</summary>
    public async Task<DateTime?> RevealedUntilAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.UserId is not { } userId)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        return await db.RevealGrants.AsNoTracking().Where(g => g.UserId == userId && g.CaseId == id && g.ExpiresAtUtc > now)
            .MaxAsync(g => (DateTime?)g.ExpiresAtUtc, cancellationToken);
    }
}
