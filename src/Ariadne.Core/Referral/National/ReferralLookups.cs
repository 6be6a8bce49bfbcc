using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>The look-ups the referral commands need around the referral services: cases by code or id, deadlines per organisation.</summary>
public sealed class ReferralLookups(AppDbContext db)
{
    /// <summary>The id of the case whose id or code (any case) is <paramref name="target"/>; null when there is none.</summary>
    public async Task<Guid?> FindCaseAsync(string target, CancellationToken cancellationToken)
    {
        var text = target.Trim();
        return Guid.TryParse(text, out var parsed)
            ? await db.Cases.Where(c => c.Id == parsed).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken)
            : await db.Cases.Where(c => c.CaseCode == text.ToUpperInvariant()).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The organisations that have at least one open deadline.</summary>
    public Task<List<Guid>> OrganisationsWithOpenDeadlinesAsync(CancellationToken cancellationToken) =>
        db.Set<NrmDeadline>().Where(d => d.IsOpen).Select(d => d.OrganisationId).Distinct().ToListAsync(cancellationToken);

    /// <summary>The case codes of <paramref name="caseIds"/> (those that exist).</summary>
    public async Task<Dictionary<Guid, string>> CaseCodesAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        return await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);
    }

    /// <summary>The case codes of those of <paramref name="caseIds"/> that <paramref name="viewer"/> may see (<see cref="CaseAccess.Visible"/>).</summary>
    public async Task<Dictionary<Guid, string>> VisibleCaseCodesAsync(IReadOnlyCollection<Guid> caseIds, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        return await db.Cases.Visible(viewer).AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);
    }
}
