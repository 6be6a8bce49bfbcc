using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Demographics;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Core.Publishing;

/// <summary>
/// <c>glotip-cases</c>: the instance's own case statistics in the UNODC GLOTIP long format (13 columns): per country
/// of exploitation and year, "Detected trafficking victims" by sex × age group (Dimension "Total") and by form of
/// exploitation × sex × age group, every Total included. Sex, age group and form are the code lists' <c>glotip</c>
/// categories; a person with several forms counts once per category and once in the total. Each country's table is
/// protected on its own (countries are disjoint and no cross-country total is published): counts 1 to
/// <c>threshold</c> - 1 are written "&lt;threshold", complementary cells are left out (GLOTIP has no "x"), zeros are
/// left out. Cases without a country of exploitation are not counted. Parameter: <c>threshold</c> (default 5).
/// </summary>
public sealed class GlotipCasesProducer(AppDbContext db, CodeListRegistry codes) : IReleaseProducer
{
    public const string KindName = "glotip-cases";

    public const string Indicator = "Detected trafficking victims";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var threshold = ReleaseParameters.Int(parameters, "threshold") ?? 5;
        if (threshold < 2)
        {
            throw new ReleaseParameterException("threshold", "Parameter 'threshold' must be 2 or more: GLOTIP files show small counts as \"<5\".");
        }
        var (cases, excluded) = await CtdcCase.LoadAsync(db, cancellationToken);
        var sexLabels = codes.Sex.Entries.Select(e => e.Glotip ?? "Unknown").Distinct().ToList();
        var formLabels = codes.ExploitationForm.Entries.Select(e => e.Glotip).OfType<string>().Distinct().ToList();
        var rows = new List<string[]>();
        var input = new StringBuilder();
        foreach (var country in cases.Where(c => c.CountryOfExploitation is not null).GroupBy(c => c.CountryOfExploitation!).OrderBy(g => Alpha3(g.Key), StringComparer.Ordinal))
        {
            var entry = codes.Country.Find(country.Key);
            var year = new PersonColumnBuilder("year");
            var sex = new PersonColumnBuilder("sex", labels: sexLabels);
            var age = new PersonColumnBuilder("age", labels: AgeBands.Glotip.Labels);
            var form = new PersonColumnBuilder("form", multiValued: true, labels: formLabels);
            foreach (var c in country)
            {
                year.Add(c.Year.ToString(CultureInfo.InvariantCulture));
                sex.Add(codes.Sex.Find(c.Sex)?.Glotip ?? "Unknown");
                age.Add(c.Age is not null ? AgeBands.Glotip.Classify(c.Age)
                    : c.AgeGroup switch { Cases.AgeGroup.Minor => AgeBands.Glotip.Labels[0], Cases.AgeGroup.Adult => AgeBands.Glotip.Labels[1], _ => "Unknown" });
                form.Add(c.Forms.Select(f => codes.ExploitationForm.Find(f)?.Glotip).OfType<string>().Distinct());
            }
            var records = new PersonRecords([year.Build(), sex.Build(), age.Build(), form.Build()]);
            var counts = Disaggregation.Count(records, ["year", "form", "sex", "age"]);
            input.Append(country.Key).Append('\u001f').AppendJoin(',', counts.Cells).Append('\u001e');
            var table = DisclosureControl.Protect(counts, new DisclosureOptions { Threshold = threshold });
            for (var i = 0; i < table.Values.Count; i++)
            {
                var at = table.Coordinates(i);
                if (at[0] == table.Dimensions[0].TotalIndex || table.Status[i] is CellStatus.Secondary or CellStatus.Withheld)
                {
                    continue;
                }
                var value = table.Status[i] == CellStatus.Primary
                    ? GlotipFile.FormatValue(null, threshold)
                    : table.Values[i] is > 0 and var v ? GlotipFile.FormatValue(v, null) : null;
                if (value is null)
                {
                    continue;
                }
                var formLabel = table.Dimensions[1].Label(at[1]);
                var byForm = formLabel != CrossTable.TotalLabel;
                rows.Add(
                [
                    Alpha3(country.Key), entry?.Label(CultureInfo.InvariantCulture) ?? country.Key, entry?.Attribute("region") ?? "",
                    entry?.Attribute("subregion") ?? "", Indicator, byForm ? "by form of exploitation" : "Total", formLabel,
                    table.Dimensions[2].Label(at[2]), table.Dimensions[3].Label(at[3]), table.Dimensions[0].Label(at[0]), "Counts", value, "Ariadne",
                ]);
            }
        }
        return new ReleaseTable(GlotipFile.Columns, rows,
            string.Create(CultureInfo.InvariantCulture,
                $"Persons counted per country of exploitation and year by sex, age group (GLOTIP) and form of exploitation (once per form and once in the total); each country's table protected on its own: counts 1 to {threshold - 1} shown as \"<{threshold}\", complementary suppressed cells and zero counts left out.")
                + " " + Consent.StatisticsConsent.Method(excluded),
            new JsonObject { ["threshold"] = threshold },
            ReleaseTable.Sha256(Encoding.UTF8.GetBytes(input.ToString())))
        {
            ExcludedByConsent = excluded,
        };

        string Alpha3(string alpha2) => codes.Country.Find(alpha2)?.Attribute("alpha3") ?? alpha2;
    }

    /// <summary>
    /// Writes a <c>glotip-cases</c> release in the published GLOTIP workbook layout (banner, release date, header, 13
    /// columns), so that <c>ariadne import glotip</c> and UNODC's template read it.
    /// </summary>
    public static void WriteWorkbook(ReleaseTable table, StatisticsRelease release, Stream xlsx) =>
        GlotipFile.Write(xlsx, table.Rows.Select(ToStatistic), release.CreatedAtUtc.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));

    private static GlotipStatistic ToStatistic(string[] r)
    {
        GlotipFile.TryParseValue(r[11], out var value, out var below);
        return new GlotipStatistic
        {
            Iso3 = r[0],
            Country = r[1],
            Region = r[2],
            Subregion = r[3],
            Indicator = r[4],
            Dimension = r[5],
            Category = r[6],
            Sex = r[7],
            Age = r[8],
            Year = int.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture),
            Unit = r[10],
            Value = value,
            SuppressedBelow = below,
            Source = r[12],
        };
    }
}
