using System.Globalization;
using System.Text;
using Ariadne.Analytics.Demographics;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;

namespace Ariadne.Core.ImportExport.Ctdc;

/// <summary>
/// The two CTDC microdata layouts and how an Ariadne case fills them through the code lists' <c>ctdc</c> mappings
/// (see docs/publishing.md for the full table).
/// </summary>
/// <remarks>
/// The k-anonymised Global Dataset (63 columns, data dictionary v15082018) writes <c>-99</c> for "missing data",
/// flags as <c>1</c>/<c>0</c>/<c>-99</c> (a group of flags is <c>-99</c> throughout when nothing of the group is
/// recorded, otherwise 1 for what is recorded and 0 for the rest) and <c>*Concatenated</c> columns as the labels of
/// the true flags in alphabetical order joined by ";". The 2024 synthetic layout (27 variables) writes flags as
/// <c>1</c> or empty (NULL), countries as ISO alpha-3 and unknown values as empty.
/// </remarks>
public static class CtdcLayouts
{
    public const string Missing = "-99";

    public static readonly IReadOnlyList<string> MeansOfControlFlags =
    [
        "meansOfControlDebtBondage", "meansOfControlTakesEarnings", "meansOfControlRestrictsFinancialAccess", "meansOfControlThreats",
        "meansOfControlPsychologicalAbuse", "meansOfControlPhysicalAbuse", "meansOfControlSexualAbuse", "meansOfControlFalsePromises",
        "meansOfControlPsychoactiveSubstances", "meansOfControlRestrictsMovement", "meansOfControlRestrictsMedicalCare",
        "meansOfControlExcessiveWorkingHours", "meansOfControlUsesChildren", "meansOfControlThreatOfLawEnforcement",
        "meansOfControlWithholdsNecessities", "meansOfControlWithholdsDocuments", "meansOfControlOther", "meansOfControlNotSpecified",
    ];

    public static readonly IReadOnlyList<string> ExploitFlags =
        ["isForcedLabour", "isSexualExploit", "isOtherExploit", "isSexAndLabour", "isForcedMarriage", "isForcedMilitary", "isOrganRemoval", "isSlaveryAndPractices"];

    public static readonly IReadOnlyList<string> LabourFlags =
    [
        "typeOfLabourAgriculture", "typeOfLabourAquafarming", "typeOfLabourBegging", "typeOfLabourConstruction", "typeOfLabourDomesticWork",
        "typeOfLabourHospitality", "typeOfLabourIllicitActivities", "typeOfLabourManufacturing", "typeOfLabourMiningOrDrilling",
        "typeOfLabourPeddling", "typeOfLabourTransportation", "typeOfLabourOther", "typeOfLabourNotSpecified",
    ];

    public static readonly IReadOnlyList<string> SexFlags =
        ["typeOfSexProstitution", "typeOfSexPornography", "typeOfSexRemoteInteractiveServices", "typeOfSexPrivateSexualServices"];

    public static readonly IReadOnlyList<string> RecruiterFlags =
        ["recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther", "recruiterRelationUnknown"];

    /// <summary>The 63 data columns of the k-anonymised Global Dataset, in the published order.</summary>
    public static readonly IReadOnlyList<string> KAnonymisedColumns =
    [
        "yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "majorityStatusAtExploit", "majorityEntry", "citizenship",
        .. MeansOfControlFlags, "meansOfControlConcatenated",
        .. ExploitFlags, "typeOfExploitConcatenated",
        .. LabourFlags, "typeOfLabourConcatenated",
        .. SexFlags, "typeOfSexConcatenated",
        "isAbduction", "RecruiterRelationship", "CountryOfExploitation",
        .. RecruiterFlags,
    ];

    /// <summary>The 27 variables of the 2024 Global Synthetic Dataset, in the codebook's order.</summary>
    public static readonly IReadOnlyList<string> Synthetic2024Columns =
    [
        "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths",
        "meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises", "meansDrugsAlcohol", "meansDenyBasicNeeds",
        "meansExcessiveWorkHours", "meansWithholdDocs", "isForcedLabour", "isSexualExploit", "isOtherExploit",
        "typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
        "typeOfSexProstitution", "typeOfSexPornography",
        "recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther",
    ];

    /// <summary>The terms-of-use sentence CTDC puts in the first header cell of its CSV files.</summary>
    public const string TermsOfUseCell = "By using this data you agree to the Terms of Use: https://www.ctdatacollaborative.org/terms-use";

    private static readonly Dictionary<string, string> ExploitLabels = new(StringComparer.Ordinal)
    {
        ["isForcedLabour"] = "Forced labour",
        ["isSexualExploit"] = "Sexual exploitation",
        ["isOtherExploit"] = "Other",
        ["isSexAndLabour"] = "Sex and labour",
        ["isForcedMarriage"] = "Forced marriage",
        ["isForcedMilitary"] = "Forced military",
        ["isOrganRemoval"] = "Organ removal",
        ["isSlaveryAndPractices"] = "Slavery and practices",
    };

    /// <summary>One case in the 63-column layout (values only; quasi-identifiers not yet generalised).</summary>
    public static string[] ToKAnonymised(CtdcCase c, CodeListRegistry codes)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["yearOfRegistration"] = c.Year.ToString(CultureInfo.InvariantCulture),
            ["Datasource"] = "Case Management",
            ["gender"] = codes.Sex.Find(c.Sex)?.Ctdc ?? "Unknown",
            ["ageBroad"] = AgeBroad(c.Age) ?? Missing,
            ["majorityStatus"] = c.AgeGroup switch { AgeGroup.Minor => "Minor", AgeGroup.Adult => "Adult", _ => Missing },
            ["majorityStatusAtExploit"] = c.AgeAtExploitationStart switch { null => Missing, < 18 => "Minor", _ => "Adult" },
            // Ariadne does not record the age at entry into the situation apart from the start of exploitation.
            ["majorityEntry"] = Missing,
            ["citizenship"] = c.Citizenships.Count > 0 ? c.Citizenships[0] : Missing,
            ["CountryOfExploitation"] = c.CountryOfExploitation ?? Missing,
        };
        var means = Flags(c.MeansOfControl, codes[CodeListIds.MeansOfControl]);
        FillGroup(row, MeansOfControlFlags, means, "meansOfControlConcatenated", "meansOfControl");
        var exploit = Flags(c.Forms, codes.ExploitationForm);
        if (exploit.Contains("isSexualExploit") && exploit.Contains("isForcedLabour"))
        {
            exploit.Add("isSexAndLabour");
        }
        FillGroup(row, ExploitFlags, exploit, "typeOfExploitConcatenated", "is", labels: ExploitLabels);
        var labour = Flags(c.LabourTypes, codes[CodeListIds.LabourType]);
        if (labour.Count == 0 && exploit.Contains("isForcedLabour"))
        {
            labour.Add("typeOfLabourNotSpecified");
        }
        FillGroup(row, LabourFlags, labour, "typeOfLabourConcatenated", "typeOfLabour");
        // Ariadne records no type of sexual exploitation: the group is missing throughout.
        FillGroup(row, SexFlags, [], "typeOfSexConcatenated", "typeOfSex");
        row["isAbduction"] = c.RecruitmentMethod is null ? Missing : c.RecruitmentMethod == "abduction" ? "1" : "0";
        var recruiter = Flags(c.RecruiterRelationship is null ? [] : [c.RecruiterRelationship], codes[CodeListIds.RecruiterRelationship]);
        FillGroup(row, RecruiterFlags, recruiter, "RecruiterRelationship", "recruiterRelation");
        return [.. KAnonymisedColumns.Select(column => row[column])];
    }

    /// <summary>One case in the 27-variable layout.</summary>
    public static string[] ToSynthetic2024(CtdcCase c, CodeListRegistry codes)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["yearOfRegistration"] = c.Year.ToString(CultureInfo.InvariantCulture),
            ["gender"] = c.Sex switch
            {
                "female" => "Woman",
                "male" => "Man",
                "transgender-nonconforming" => "Trans/Transgender/NonConforming",
                _ => "",
            },
            ["ageBroad"] = AgeBroad(c.Age) ?? "",
            ["citizenship"] = c.Citizenships.Count > 0 ? Alpha3(c.Citizenships[0], codes) : "",
            ["CountryOfExploitation"] = c.CountryOfExploitation is { } country ? Alpha3(country, codes) : "",
            // Ariadne does not record how long the exploitation lasted.
            ["traffickMonths"] = "",
        };
        var means = c.MeansOfControl.Select(m => codes[CodeListIds.MeansOfControl].Find(m)?.Attribute("ctdc2024")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var exploit = Flags(c.Forms, codes.ExploitationForm);
        var labour = Flags(c.LabourTypes, codes[CodeListIds.LabourType]);
        var recruiter = Flags(c.RecruiterRelationship is null ? [] : [c.RecruiterRelationship], codes[CodeListIds.RecruiterRelationship]);
        foreach (var column in Synthetic2024Columns.Skip(6))
        {
            var set = column switch
            {
                "isOtherExploit" => exploit.Overlaps(["isOtherExploit", "isForcedMarriage", "isForcedMilitary", "isOrganRemoval", "isSlaveryAndPractices"]),
                "isForcedLabour" or "isSexualExploit" => exploit.Contains(column) || exploit.Contains("isSexAndLabour"),
                _ when column.StartsWith("means", StringComparison.Ordinal) => means.Contains(column),
                _ when column.StartsWith("typeOfLabour", StringComparison.Ordinal) => labour.Contains(column),
                _ when column.StartsWith("recruiterRelation", StringComparison.Ordinal) => recruiter.Contains(column),
                // typeOfSex*: not recorded in Ariadne.
                _ => false,
            };
            row[column] = set ? "1" : "";
        }
        return [.. Synthetic2024Columns.Select(column => row[column])];
    }

    /// <summary>CTDC's ageBroad band of an age, or null when the age is not known.</summary>
    public static string? AgeBroad(int? age) => age is null ? null : AgeBands.CtdcAgeBroad.Classify(age);

    private static string Alpha3(string alpha2, CodeListRegistry codes) => codes.Country.Find(alpha2)?.Attribute("alpha3") ?? "";

    private static HashSet<string> Flags(IEnumerable<string> values, CodeList list) =>
        values.Select(v => list.Find(v)?.Ctdc).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static void FillGroup(Dictionary<string, string> row, IReadOnlyList<string> flags, HashSet<string> set, string concatenated,
        string prefix, IReadOnlyDictionary<string, string>? labels = null)
    {
        foreach (var flag in flags)
        {
            row[flag] = set.Count == 0 ? Missing : set.Contains(flag) ? "1" : "0";
        }
        row[concatenated] = set.Count == 0
            ? Missing
            : string.Join(";", flags.Where(set.Contains).Select(f => labels?.GetValueOrDefault(f) ?? Words(f[prefix.Length..])).Order(StringComparer.Ordinal));
    }

    /// <summary>"DebtBondage" → "Debt bondage".</summary>
    private static string Words(string pascal)
    {
        var text = new StringBuilder();
        foreach (var ch in pascal)
        {
            if (char.IsUpper(ch) && text.Length > 0)
            {
                text.Append(' ').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                text.Append(ch);
            }
        }
        return text.ToString();
    }
}
