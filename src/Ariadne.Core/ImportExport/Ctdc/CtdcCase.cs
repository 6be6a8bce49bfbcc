using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.ImportExport.Ctdc;

/// <summary>
/// The non-identifying fields of one case that the CTDC layouts and the case microdata are made from. Codes are
/// Ariadne code-list codes; no name, narrative, date of birth or case code is read.
/// </summary>
public sealed record CtdcCase(
    int Year,
    string Sex,
    int? Age,
    AgeGroup AgeGroup,
    int? AgeAtExploitationStart,
    IReadOnlyList<string> Citizenships,
    string? CountryOfExploitation,
    IReadOnlyList<string> Forms,
    IReadOnlyList<string> MeansOfControl,
    IReadOnlyList<string> LabourTypes,
    string? RecruitmentMethod,
    string? RecruiterRelationship,
    string DetectingOrganisationType,
    string TraffickingStatus,
    Transnationality Transnationality)
{
    /// <summary>
    /// Every case whose person did not refuse or withdraw consent to statistics (<see cref="StatisticsConsent"/>),
    /// ordered by a stable key (identification date, then id) so that a release is reproducible.
    /// </summary>
    public static async Task<StatisticsInput<IReadOnlyList<CtdcCase>>> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var all = await db.Cases.AsNoTracking()
            .OrderBy(c => c.IdentificationDate).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.IdentificationDate,
                c.Sex,
                c.AgeAtIdentification,
                c.AgeGroup,
                c.Exploitation.AgeAtStart,
                c.CitizenshipsKey,
                c.Exploitation.CountryOfExploitation,
                c.FormsKey,
                c.Exploitation.MeansOfControl,
                c.Exploitation.LabourTypes,
                c.Exploitation.RecruitmentMethod,
                c.Exploitation.RecruiterRelationship,
                c.DetectingOrganisationType,
                c.TraffickingStatus,
                c.Transnationality,
            })
            .ToListAsync(cancellationToken);
        var rows = all.Where(r => !refused.Contains(r.Id)).ToList();
        return new([.. rows.Select(r => new CtdcCase(
            r.IdentificationDate.Year, r.Sex, r.AgeAtIdentification, r.AgeGroup, r.AgeAtStart,
            r.CitizenshipsKey.Split('|', StringSplitOptions.RemoveEmptyEntries), r.CountryOfExploitation,
            r.FormsKey.Split('|', StringSplitOptions.RemoveEmptyEntries), r.MeansOfControl, r.LabourTypes,
            r.RecruitmentMethod, r.RecruiterRelationship, r.DetectingOrganisationType, r.TraffickingStatus, r.Transnationality))], all.Count - rows.Count);
    }
}
