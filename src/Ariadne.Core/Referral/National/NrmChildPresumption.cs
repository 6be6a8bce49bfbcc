using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>The referral mechanism's presumption of childhood (<see cref="NrmCase.PresumedChild"/>) for the consent rules.</summary>
public sealed class NrmChildPresumption(AppDbContext db) : IChildPresumption
{
    public Task<bool> IsPresumedChildAsync(Guid caseId, CancellationToken cancellationToken) =>
        db.Set<NrmCase>().Where(n => n.CaseId == caseId).Select(n => n.PresumedChild).SingleOrDefaultAsync(cancellationToken);
}
