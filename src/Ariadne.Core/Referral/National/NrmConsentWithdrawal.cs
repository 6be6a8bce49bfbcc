using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>
/// When the person withdraws the consent to be referred to a competent authority, that authority's access to the case
/// ends: the share the referral into the mechanism granted (<see cref="CaseShare"/>) is removed, so the case leaves its
/// decision queue and opening it is refused; the decisions it already took stay on record (<see cref="NrmEvent"/>),
/// visible to the owning organisation. Kept: the share of a child's case (a child is referred without consent), the
/// share while another consent to the same authority is still in force, and shares granted by a service referral.
/// </summary>
public sealed class NrmConsentWithdrawal(AppDbContext db, TimeProvider time, Jurisdictions jurisdictions) : IConsentWithdrawal
{
    public async Task<IReadOnlyList<AuditRecord>> OnWithdrawnAsync(ConsentRecord withdrawn, IReadOnlyList<ConsentRecord> others, CancellationToken cancellationToken)
    {
        if (withdrawn.Purpose != ConsentPurpose.Referral || withdrawn.RecipientOrganisationId is not { } authority)
        {
            return [];
        }
        var caseId = withdrawn.CaseId;
        var record = await db.Set<NrmCase>().AsNoTracking().SingleOrDefaultAsync(n => n.CaseId == caseId, cancellationToken);
        if (record is null)
        {
            return [];
        }
        var authorityTypes = jurisdictions.For(record.Jurisdiction).Definition.CompetentAuthorityOrganisationTypes.ToList();
        var isChild = record.PresumedChild || await db.Cases.AnyAsync(c => c.Id == caseId && c.AgeGroup == AgeGroup.Minor, cancellationToken);
        if (isChild || !await db.Organisations.AnyAsync(o => o.Id == authority && authorityTypes.Contains(o.Type), cancellationToken))
        {
            return [];
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (ConsentRules.Decide(others, ConsentPurpose.Referral, authority, today, false, [], null, false).Allowed)
        {
            return [];
        }
        var serviceReferrals = db.Set<ServiceReferral>().Where(r => r.CaseId == caseId).Select(r => r.Id);
        var shares = await db.Set<CaseShare>()
            .Where(s => s.CaseId == caseId && s.OrganisationId == authority && !serviceReferrals.Contains(s.SourceId))
            .ToListAsync(cancellationToken);
        if (shares.Count == 0)
        {
            return [];
        }
        db.Set<CaseShare>().RemoveRange(shares);
        return
        [
            new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, NrmSupport.Subject, caseId.ToString(), null, new Dictionary<string, string>
            {
                ["authorityShareEnded"] = authority.ToString(),
                ["consent"] = withdrawn.Id.ToString(),
            }),
        ];
    }
}
