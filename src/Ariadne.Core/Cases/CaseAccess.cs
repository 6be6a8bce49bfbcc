using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>
/// Need-to-know, decided in the queries so that the UI, the API and the CLI see the same. It fails closed: a viewer
/// without a matching role gets no rows and no permission.
/// </summary>
/// <remarks>
/// The matrix (tested endpoint by endpoint in <c>AuthorisationMatrixTests</c>):
/// <list type="bullet">
/// <item>Case worker: the cases of their organisation; may reveal and change their identifying fields, with a reason.</item>
/// <item>Case worker of an organisation the case is shared with (<see cref="CaseShare"/>: the referral mechanism shares it
/// while a referral to a service is accepted or completed): that case, pseudonymised, as a coordinator sees it; never its identifying fields
/// (a referral carries no consent to share identity), and no change to the case file. A requested or rejected referral
/// shows nothing; a revoked one takes the visibility away again. Completed keeps it, so that the provider can still
/// read and record the services it delivered.</item>
/// <item>Competent authority and support provider: only the cases shared with their organisation (the referral into the
/// mechanism shares the case with the competent-authority organisations the person consented to be referred to; an
/// accepted referral to a service with the provider), pseudonymised; never identifying fields, no change to the case file.</item>
/// <item>Coordinator: every case, pseudonymised (case code and non-identifying fields only); reveals nothing.</item>
/// <item>Administrator: users and organisations; no case record unless they also hold the case-worker role.</item>
/// <item>Analyst: aggregates only; no case record.</item>
/// <item>Auditor: the audit log only.</item>
/// <item>The local operator of the CLI (who holds the master keys anyway): everything.</item>
/// </list>
/// A user with several roles gets the union, but identifying fields only ever of their own organisation's cases.
/// </remarks>
public static class CaseAccess
{
    /// <summary>The cases <paramref name="viewer"/> may see at all (pseudonymised unless revealed).</summary>
    public static IQueryable<Case> Visible(this IQueryable<Case> cases, CaseViewer viewer)
    {
        if (viewer.SeesAllOrganisations)
        {
            return cases;
        }
        if (viewer.Roles.Contains(Users.Roles.CaseWorker) && viewer.OrganisationId is { } organisation)
        {
            return cases.Where(c => c.OrganisationId == organisation || c.Shares.Any(s => s.OrganisationId == organisation));
        }
        if (viewer.SeesSharedCases && viewer.OrganisationId is { } sharedWith)
        {
            return cases.Where(c => c.Shares.Any(s => s.OrganisationId == sharedWith));
        }
        return cases.Where(c => false);
    }

    /// <summary>The cases whose identifying fields <paramref name="viewer"/> may reveal, look up and change.</summary>
    public static IQueryable<Case> Revealable(this IQueryable<Case> cases, CaseViewer viewer)
    {
        if (viewer.IsLocalOperator)
        {
            return cases;
        }
        if (viewer.CanRevealIdentity && viewer.OrganisationId is { } organisation)
        {
            return cases.Where(c => c.OrganisationId == organisation);
        }
        return cases.Where(c => false);
    }

    /// <summary>
    /// The cases whose person <paramref name="viewer"/> may look up by an identity's blind index on behalf of the financial-flow
    /// analysis (the holders of an alert's accounts, docs/finance.md): those whose identity they may reveal
    /// (<see cref="Revealable"/>), and for a financial investigator the cases of their own organisation. Never a case only
    /// shared with the organisation: it is pseudonymised there, and a match would tell who its person is.
    /// </summary>
    public static IQueryable<Case> MatchableByIdentity(this IQueryable<Case> cases, CaseViewer viewer)
    {
        if (viewer.IsLocalOperator)
        {
            return cases;
        }
        if ((viewer.CanRevealIdentity || viewer.Roles.Contains(Users.Roles.FinancialInvestigator)) && viewer.OrganisationId is { } organisation)
        {
            return cases.Where(c => c.OrganisationId == organisation);
        }
        return cases.Where(c => false);
    }

    /// <summary>Whether <paramref name="viewer"/> may reveal and change the identifying fields of a case owned by <paramref name="organisationId"/>.</summary>
    public static bool MayReveal(CaseViewer viewer, Guid organisationId) =>
        viewer.IsLocalOperator || (viewer.CanRevealIdentity && viewer.OrganisationId == organisationId);

    /// <summary>Whether <paramref name="viewer"/> may change a case owned by <paramref name="organisationId"/>.</summary>
    public static bool MayEdit(CaseViewer viewer, Guid organisationId) =>
        viewer.IsLocalOperator || (viewer.CanEditCases && viewer.OrganisationId == organisationId);

    /// <summary>
    /// Whether the identifying fields of case <paramref name="caseId"/> (owned by <paramref name="organisationId"/>) are
    /// open to <paramref name="viewer"/> at <paramref name="nowUtc"/>: the viewer may reveal them and holds an unexpired
    /// reveal grant (<see cref="RevealGrant.Duration"/>); the local operator always. The one rule for the identity, the
    /// narrative, screening notes and every sealed free text.
    /// </summary>
    public static async Task<bool> IsRevealedAsync(
        this AppDbContext db, Guid caseId, Guid organisationId, CaseViewer viewer, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!MayReveal(viewer, organisationId))
        {
            return false;
        }
        if (viewer.UserId is not { } userId)
        {
            return true;
        }
        return await db.RevealGrants.AnyAsync(g => g.UserId == userId && g.CaseId == caseId && g.ExpiresAtUtc > nowUtc, cancellationToken);
    }

    /// <summary>One visible case with its person, key, organisation and perpetrators, untracked; identity not opened.</summary>
    internal static Task<Case?> FindVisibleAsync(this AppDbContext db, Guid id, CaseViewer viewer, CancellationToken cancellationToken) =>
        db.Cases.Visible(viewer).AsNoTracking()
            .Include(c => c.Person).ThenInclude(p => p.Key).Include(c => c.Organisation).Include(c => c.Perpetrators)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
}
