using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Anonymisation;
using Ariadne.Analytics.Demographics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Core.Publishing;

/// <summary>
/// <c>ctdc-dp-synthetic</c>: differentially private synthetic records in the 27-variable layout of CTDC's 2024 Global
/// Synthetic Dataset, sampled from noisy marginals of the instance's cases (<see cref="DpMarginalSynthesizer"/>). No row
/// is a real case. Parameters: <c>epsilon</c> (required, &gt; 0: the whole release's ε), <c>delta</c> (default 1e-6),
/// <c>seed</c> (passed in by <see cref="ReleaseService"/>, which keeps it secret; drawn when absent), <c>order</c> (2 = 1-way and the 2-way marginals of a fixed tree, default;
/// 1 = 1-way only), <c>fromYear</c> (default 2002, CTDC's first year) and <c>toYear</c> (default the current year, logged).
/// </summary>
/// <remarks>
/// Every variable's domain is fixed without looking at the data: years fromYear..toYear; the three genders; CTDC's nine
/// ageBroad bands; for citizenship and CountryOfExploitation the UN M49 regions of the country code list (CTDC suppresses
/// countries in its own DP release; a region is far easier to protect than one of ~250 countries); flags "1" or empty;
/// each with "" for unknown. Cases registered outside fromYear..toYear are left out before anything is counted
/// (a per-record filter, so the guarantee holds). traffickMonths and typeOfSex* are not recorded by Ariadne: their
/// domain is the empty value alone, so they are always empty and spend no budget.
/// </remarks>
public sealed class CtdcDpSyntheticProducer(AppDbContext db, CodeListRegistry codes, TimeProvider time) : IReleaseProducer
{
    public const string KindName = "ctdc-dp-synthetic";

    public const double DefaultDelta = 1e-6;

    /// <summary>CTDC's data start in 2002.</summary>
    public const int DefaultFromYear = 2002;

    private static readonly string[] Flag = ["", "1"];

    private static readonly string[] NotRecorded = [""];

    /// <summary>
    /// The fixed tree of measured pairs (child → parent), chosen from the subject, not the data: gender drives age, year
    /// and the form of exploitation; the form drives the means of control, the sectors and the recruiter; the country of
    /// exploitation follows the year and drives citizenship.
    /// </summary>
    private static readonly Dictionary<string, string> Tree = new(StringComparer.Ordinal)
    {
        ["yearOfRegistration"] = "gender",
        ["ageBroad"] = "gender",
        ["CountryOfExploitation"] = "yearOfRegistration",
        ["citizenship"] = "CountryOfExploitation",
        ["isSexualExploit"] = "gender",
        ["isForcedLabour"] = "isSexualExploit",
        ["isOtherExploit"] = "isForcedLabour",
        ["meansDebtBondageEarnings"] = "isForcedLabour",
        ["meansThreats"] = "meansAbusePsyPhySex",
        ["meansAbusePsyPhySex"] = "isSexualExploit",
        ["meansFalsePromises"] = "isSexualExploit",
        ["meansDrugsAlcohol"] = "isSexualExploit",
        ["meansDenyBasicNeeds"] = "isForcedLabour",
        ["meansExcessiveWorkHours"] = "isForcedLabour",
        ["meansWithholdDocs"] = "isForcedLabour",
        ["typeOfLabourAgriculture"] = "isForcedLabour",
        ["typeOfLabourConstruction"] = "isForcedLabour",
        ["typeOfLabourDomesticWork"] = "isForcedLabour",
        ["typeOfLabourHospitality"] = "isForcedLabour",
        ["typeOfSexProstitution"] = "isSexualExploit",
        ["typeOfSexPornography"] = "isSexualExploit",
        ["recruiterRelationIntimatePartner"] = "isSexualExploit",
        ["recruiterRelationFriend"] = "isSexualExploit",
        ["recruiterRelationFamily"] = "isSexualExploit",
        ["recruiterRelationOther"] = "isSexualExploit",
    };

    public string Kind => KindName;

    public IReadOnlyList<string> Columns => CtdcLayouts.Synthetic2024Columns;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var epsilon = ReleaseParameters.Double(parameters, "epsilon")
            ?? throw new ReleaseParameterException("epsilon", "Parameter 'epsilon' (the privacy-loss budget of the whole release, e.g. 1) is required.");
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ReleaseParameterException("epsilon", "Parameter 'epsilon' must be a number greater than 0.");
        }
        var delta = ReleaseParameters.Double(parameters, "delta") ?? DefaultDelta;
        if (!(delta is > 0 and < 1))
        {
            throw new ReleaseParameterException("delta", "Parameter 'delta' must lie between 0 and 1 (exclusive).");
        }
        var order = ReleaseParameters.Int(parameters, "order") ?? 2;
        if (order is not (1 or 2))
        {
            throw new ReleaseParameterException("order", "Parameter 'order' must be 1 (1-way marginals only) or 2 (and the 2-way marginals of the fixed tree).");
        }
        var fromYear = ReleaseParameters.Int(parameters, "fromYear") ?? DefaultFromYear;
        var toYear = ReleaseParameters.Int(parameters, "toYear") ?? time.GetUtcNow().Year;
        if (fromYear > toYear || toYear - fromYear > 100)
        {
            throw new ReleaseParameterException("fromYear", $"Parameters 'fromYear' ({fromYear}) and 'toYear' ({toYear}) must give a range of at most 100 years, in order.");
        }
        var seed = ReleaseParameters.UnsignedLong(parameters, "seed") ?? ReleaseSecrets.DrawSeed();

        var domains = Domains(fromYear, toYear);
        var index = domains.Select(d => d.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();
        var regionOf = codes.Country.Entries
            .Where(e => e.Attribute("alpha3") is not null)
            .ToDictionary(e => e.Attribute("alpha3")!, e => e.Attribute("region") ?? "", StringComparer.Ordinal);
        var citizenship = IndexOf("citizenship");
        var country = IndexOf("CountryOfExploitation");

        var (cases, excluded) = await CtdcCase.LoadAsync(db, cancellationToken);
        var rows = cases.Select(c => CtdcLayouts.ToSynthetic2024(c, codes)).ToList();
        var records = new List<int[]>(rows.Count);
        foreach (var row in rows)
        {
            var record = new int[Columns.Count];
            var inRange = true;
            for (var a = 0; a < record.Length; a++)
            {
                var value = a == citizenship || a == country ? regionOf.GetValueOrDefault(row[a], "") : row[a];
                if (index[a].TryGetValue(value, out var v))
                {
                    record[a] = v;
                }
                else if (a == 0)
                {
                    // A year outside fromYear..toYear: the case is left out.
                    inRange = false;
                    break;
                }
                else
                {
                    // Not in the fixed domain (cannot happen with the layout's value sets): unknown.
                    record[a] = index[a][""];
                }
            }
            if (inRange)
            {
                records.Add(record);
            }
        }

        var options = new DpSynthesisOptions
        {
            Epsilon = epsilon,
            Delta = delta,
            Seed = seed,
            MaxOrder = order,
            Parents = [.. Columns.Select(c => Tree.TryGetValue(c, out var parent) ? IndexOf(parent) : -1)],
        };
        var result = DpMarginalSynthesizer.Synthesize([.. domains.Select(d => d.Length)], records, options);
        var released = result.Records.Select(r => r.Select((v, a) => domains[a][v]).ToArray()).ToList();

        var effective = new JsonObject
        {
            ["epsilon"] = epsilon,
            ["delta"] = delta,
            ["seed"] = seed,
            ["order"] = order,
            ["fromYear"] = fromYear,
            ["toYear"] = toYear,
        };
        var method = DpMarginalSynthesizer.Describe(result.Report, options, Columns) + string.Create(CultureInfo.InvariantCulture,
            $" Domains fixed in advance: years {fromYear}-{toYear} (cases registered outside are left out), the three genders, CTDC's nine ageBroad " +
            $"bands, flags 1 or empty, each with empty for unknown. citizenship and CountryOfExploitation hold the UN M49 region, not the country " +
            $"(CTDC suppresses countries in its DP release). traffickMonths and typeOfSex* are not recorded by Ariadne and always empty.")
            + " " + Consent.StatisticsConsent.Method(excluded);
        // The number of records is N′, the noisy count (never the true one), and the whole release spends its ρ.
        return new ReleaseTable(Columns, released, method, effective, Fingerprint(rows))
        {
            PrivacyLoss = new PrivacyLoss(PrivacyDatasets.Cases, result.Report.Rho),
            ExcludedByConsent = excluded,
        };
    }

    private int IndexOf(string column) => Columns.ToList().IndexOf(column);

    /// <summary>Each column's values in a fixed order, from the layout and the code lists only.</summary>
    private string[][] Domains(int fromYear, int toYear)
    {
        var regions = codes.Country.Entries.Select(e => e.Attribute("region")).OfType<string>().Where(r => r.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Append("").ToArray();
        return [.. Columns.Select(column => column switch
        {
            "yearOfRegistration" => [.. Enumerable.Range(fromYear, toYear - fromYear + 1).Select(y => y.ToString(CultureInfo.InvariantCulture))],
            "gender" => ["Woman", "Man", "Trans/Transgender/NonConforming", ""],
            "ageBroad" => [.. AgeBands.CtdcAgeBroad.Bands.Select(b => b.Label), ""],
            "citizenship" or "CountryOfExploitation" => regions,
            "traffickMonths" or "typeOfSexProstitution" or "typeOfSexPornography" => NotRecorded,
            _ => Flag,
        })];
    }

    private static string Fingerprint(List<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin('\u001f', row).Append('\u001e');
        }
        return ReleaseTable.Sha256(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
