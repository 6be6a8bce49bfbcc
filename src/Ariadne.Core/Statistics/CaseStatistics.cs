using Ariadne.Analytics.Demographics;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Case records as <see cref="PersonRecords"/> for the disaggregation engine. Reads only non-identifying case
/// columns (no person names or narratives) through one projection.
/// </summary>
public static class CaseStatistics
{
    /// <summary>The dimensions a case table can be broken down by.</summary>
    public static readonly string[] Dimensions =
    [
        "year", "sex", "ageGroup", "ageBroad", "form", "citizenship", "countryOfExploitation", "region", "subregion",
        "organisationType", "traffickingStatus", "transnationality",
    ];

    /// <summary>Every case whose person did not refuse or withdraw consent to statistics (<see cref="StatisticsConsent"/>).</summary>
    public static async Task<StatisticsInput<PersonRecords>> LoadAsync(AppDbContext db, CodeListRegistry codes, CancellationToken cancellationToken)
    {
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var all = await db.Cases.AsNoTracking()
            .Select(c => new
            {
                c.Id,
                c.IdentificationDate,
                c.Sex,
                c.AgeAtIdentification,
                c.FormsKey,
                c.CitizenshipsKey,
                Country = c.Exploitation.CountryOfExploitation,
                c.DetectingOrganisationType,
                c.TraffickingStatus,
                c.Transnationality,
            })
            .ToListAsync(cancellationToken);
        var rows = all.Where(r => !refused.Contains(r.Id)).ToList();
        var year = new PersonColumnBuilder("year");
        var sex = new PersonColumnBuilder("sex");
        var ageGroup = new PersonColumnBuilder("ageGroup", labels: AgeBands.Glotip.Labels);
        var ageBroad = new PersonColumnBuilder("ageBroad", labels: AgeBands.CtdcAgeBroad.Labels);
        var form = new PersonColumnBuilder("form", multiValued: true, labels: codes.ExploitationForm.Entries.Select(e => e.Code));
        var citizenship = new PersonColumnBuilder("citizenship");
        var country = new PersonColumnBuilder("countryOfExploitation");
        var region = new PersonColumnBuilder("region");
        var subregion = new PersonColumnBuilder("subregion");
        var organisation = new PersonColumnBuilder("organisationType");
        var status = new PersonColumnBuilder("traffickingStatus");
        var transnationality = new PersonColumnBuilder("transnationality", labels: ["Domestic", "Transnational", "Unknown"]);
        foreach (var r in rows.OrderBy(r => r.IdentificationDate))
        {
            year.Add(r.IdentificationDate.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sex.Add(r.Sex);
            ageGroup.Add(AgeBands.Glotip.Classify(r.AgeAtIdentification));
            ageBroad.Add(AgeBands.CtdcAgeBroad.Classify(r.AgeAtIdentification));
            form.Add(r.FormsKey.Split('|', StringSplitOptions.RemoveEmptyEntries));
            // The first citizenship: a flow needs one origin per person.
            citizenship.Add(r.CitizenshipsKey.Split('|', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
            country.Add(r.Country);
            var entry = r.Country is null ? null : codes.Country.Find(r.Country);
            region.Add(entry?.Attribute("region"));
            subregion.Add(entry?.Attribute("subregion"));
            organisation.Add(r.DetectingOrganisationType);
            status.Add(r.TraffickingStatus);
            transnationality.Add(r.Transnationality.ToString());
        }
        return new(new PersonRecords([.. new[] { year, sex, ageGroup, ageBroad, form, citizenship, country, region, subregion, organisation, status, transnationality }.Select(b => b.Build())]), all.Count - rows.Count);
    }
}
