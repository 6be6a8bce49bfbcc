using System.Globalization;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;

namespace Ariadne.Core.Publishing;

/// <summary>
/// <c>k-anonymous</c>: generic case microdata (one row per case, Ariadne codes), k-anonymised over the chosen
/// quasi-identifiers. <c>form</c> lists every form of exploitation of the case joined by ";".
/// </summary>
public sealed class CaseMicrodataProducer(AppDbContext db, CodeListRegistry codes) : MicrodataProducer(db, codes)
{
    public const string KindName = "k-anonymous";

    public override string Kind => KindName;

    public override IReadOnlyList<string> Columns { get; } =
        ["year", "sex", "ageBroad", "citizenship", "countryOfExploitation", "organisationType", "traffickingStatus", "transnationality", "form"];

    public override IReadOnlyList<string> DefaultQuasiIdentifiers { get; } = ["year", "sex", "ageBroad", "citizenship", "countryOfExploitation"];

    protected override IReadOnlyDictionary<string, MicrodataHierarchies.Shape> QuasiIdentifierShapes { get; } = new Dictionary<string, MicrodataHierarchies.Shape>
    {
        ["year"] = MicrodataHierarchies.Shape.Year,
        ["sex"] = MicrodataHierarchies.Shape.Flat,
        ["ageBroad"] = MicrodataHierarchies.Shape.AgeBroad,
        ["citizenship"] = MicrodataHierarchies.Shape.Country,
        ["countryOfExploitation"] = MicrodataHierarchies.Shape.Country,
        ["organisationType"] = MicrodataHierarchies.Shape.Flat,
        ["traffickingStatus"] = MicrodataHierarchies.Shape.Flat,
        ["transnationality"] = MicrodataHierarchies.Shape.Flat,
    };

    protected override string[] ToRow(CtdcCase c, CodeListRegistry codes) =>
    [
        c.Year.ToString(CultureInfo.InvariantCulture),
        c.Sex,
        CtdcLayouts.AgeBroad(c.Age) ?? "Unknown",
        c.Citizenships.Count > 0 ? c.Citizenships[0] : "Unknown",
        c.CountryOfExploitation ?? "Unknown",
        c.DetectingOrganisationType,
        c.TraffickingStatus,
        c.Transnationality.ToString(),
        string.Join(";", c.Forms.Order(StringComparer.Ordinal)),
    ];
}
