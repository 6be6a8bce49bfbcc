using System.Text.Json.Nodes;
using Ariadne.Account;
using Ariadne.Core.CodeLists;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Localization;
using Ariadne.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Statistics;

/// <summary>
/// A country profile in the manner of UNODC's GLOTIP country profiles, from the imported GLOTIP figures (kept apart
/// from case records): detected victims by year, by sex and age and by form of exploitation, persons prosecuted and
/// convicted where published; for the instance's own country (<c>Statistics:Country</c>, ISO alpha-3) the case-based
/// figures beside them. Every table is a logged release.
/// </summary>
[Authorize(Policy = Policies.StatisticsReader)]
public sealed class CountryModel(ReleaseService releases, GlotipStatistics glotip, CodeListRegistry codes, IConfiguration configuration, IStringLocalizer<SharedResource> t,
    FollowUpService followUp) : PageModel
{
    public const string Victims = "Detected trafficking victims";
    public const string FormDimension = "by form of exploitation";

    /// <summary>The country shown; null when no GLOTIP data are imported or the data hold no such country (the page says which).</summary>
    public GlotipCountry? Country { get; private set; }

    /// <summary>True when no GLOTIP figures are imported at all.</summary>
    public bool NoData { get; private set; }

    /// <summary>The country asked for (alpha-3, capitals).</summary>
    public string Asked { get; private set; } = "";

    public ShownRelease? VictimsTotal { get; private set; }

    public ShownRelease? VictimsByForm { get; private set; }

    public ShownRelease? Prosecuted { get; private set; }

    public ShownRelease? Convicted { get; private set; }

    /// <summary>
    /// The country's treaty status under the newest import of each instrument (issue 18, item 5); null when the reader
    /// may not read the follow-up. Shown whether or not GLOTIP figures exist for the country.
    /// </summary>
    public IReadOnlyList<CountryTreatyStatus>? Treaties { get; private set; }

    /// <summary>Case-based detected victims by year, when this is the instance's own country.</summary>
    public ShownRelease? Cases { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? iso3, CancellationToken cancellationToken)
    {
        if (iso3 is null)
        {
            var picked = Request.Query["iso3"].ToString().Trim().ToUpperInvariant();
            return picked.Length == 3 && picked.All(char.IsAsciiLetterUpper) ? Redirect("/Statistics/Country/" + picked) : Redirect("/Statistics");
        }
        iso3 = iso3.ToUpperInvariant();
        Asked = iso3;
        var viewer = User.ToCaseViewer();
        if (FollowUpRules.MayRead(viewer))
        {
            Treaties = (await followUp.CountryTreatiesAsync(iso3, viewer, cancellationToken)).Value;
        }
        var countries = await glotip.CountriesAsync(cancellationToken);
        var country = countries.FirstOrDefault(c => c.Iso3 == iso3);
        if (country is null)
        {
            // A page that says what is missing, not a bare 404: no data imported at all (200), or none for this country (404).
            NoData = countries.Count == 0;
            if (!NoData)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return Page();
        }
        Country = country;
        var available = (await glotip.IndicatorsAsync(iso3, cancellationToken)).ToHashSet();
        VictimsTotal = await GlotipAsync(available, "victims", t["Statistics.Country.Victims"], Victims, GlotipCountryProducer.TotalDimension, cancellationToken);
        VictimsByForm = await GlotipAsync(available, "victims-forms", t["Statistics.Country.VictimsByForm"], Victims, FormDimension, cancellationToken);
        Prosecuted = await GlotipAsync(available, "prosecuted", t["Statistics.Country.Prosecuted"], "Persons prosecuted", GlotipCountryProducer.TotalDimension, cancellationToken);
        Convicted = await GlotipAsync(available, "convicted", t["Statistics.Country.Convicted"], "Persons convicted", GlotipCountryProducer.TotalDimension, cancellationToken);
        if (string.Equals(configuration["Statistics:Country"], iso3, StringComparison.OrdinalIgnoreCase)
            && codes.Country.Entries.FirstOrDefault(e => e.Attribute("alpha3") == iso3) is { } own)
        {
            var parameters = new JsonObject
            {
                ["dimensions"] = new JsonArray("year"),
                ["filters"] = new JsonObject { ["countryOfExploitation"] = new JsonArray(own.Code) },
            };
            var (release, table) = await releases.PublishAsync(CaseTableProducer.KindName, parameters, "html", cancellationToken);
            Cases = new ShownRelease("cases", t["Statistics.Country.Cases"], release, table);
        }
        return Page();
    }

    /// <summary>Rows of a GLOTIP release at category, sex and age "Total", as (year, value) points.</summary>
    public static IReadOnlyList<(string Label, ChartValue Value)> Totals(ShownRelease release) =>
        [.. release.Table.Rows.Where(r => r[1] == "Total" && r[2] == "Total" && r[3] == "Total").Select(r => (r[0], ChartValue.Parse(r[4])))];

    private async Task<ShownRelease?> GlotipAsync(HashSet<(string, string)> available, string id, string caption, string indicator, string dimension, CancellationToken cancellationToken)
    {
        if (!available.Contains((indicator, dimension)))
        {
            return null;
        }
        var parameters = new JsonObject { ["iso3"] = Country!.Iso3, ["indicator"] = indicator, ["dimension"] = dimension };
        var (release, table) = await releases.PublishAsync(GlotipCountryProducer.KindName, parameters, "html", cancellationToken);
        return new ShownRelease(id, caption, release, table);
    }
}
