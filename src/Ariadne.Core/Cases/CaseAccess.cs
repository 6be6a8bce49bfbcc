namespace Ariadne.Core.Cases;

/// <summary>The record-scope predicate applied inside every case query. It fails closed: no role, no rows.</summary>
public static class CaseAccess
{
    public static IQueryable<Case> Visible(this IQueryable<Case> cases, CaseViewer viewer)
    {
        if (viewer.SeesAllOrganisations)
        {
            return cases;
        }
        if (viewer.Roles.Contains(Users.Roles.CaseWorker) && viewer.OrganisationId is { } organisation)
        {
            return cases.Where(c => c.OrganisationId == organisation);
        }
        return cases.Where(c => false);
    }
}
