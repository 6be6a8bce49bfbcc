using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;

namespace Ariadne.Core.Publishing;

/// <summary><c>ctdc-k-anonymised</c>: the 63-column CTDC Global Dataset layout, k-anonymised (CTDC: k = 11).</summary>
public sealed class CtdcKAnonymisedProducer(AppDbContext db, CodeListRegistry codes) : MicrodataProducer(db, codes)
{
    public const string KindName = "ctdc-k-anonymised";

    public override string Kind => KindName;

    public override IReadOnlyList<string> Columns => CtdcLayouts.KAnonymisedColumns;

    public override IReadOnlyList<string> DefaultQuasiIdentifiers { get; } = ["yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation"];

    protected override IReadOnlyDictionary<string, MicrodataHierarchies.Shape> QuasiIdentifierShapes { get; } = new Dictionary<string, MicrodataHierarchies.Shape>
    {
        ["yearOfRegistration"] = MicrodataHierarchies.Shape.Year,
        ["gender"] = MicrodataHierarchies.Shape.Flat,
        ["ageBroad"] = MicrodataHierarchies.Shape.AgeBroad,
        ["majorityStatus"] = MicrodataHierarchies.Shape.Flat,
        ["majorityStatusAtExploit"] = MicrodataHierarchies.Shape.Flat,
        ["citizenship"] = MicrodataHierarchies.Shape.Country,
        ["CountryOfExploitation"] = MicrodataHierarchies.Shape.Country,
    };

    protected override string[] ToRow(CtdcCase c, CodeListRegistry codes) => CtdcLayouts.ToKAnonymised(c, codes);
}
