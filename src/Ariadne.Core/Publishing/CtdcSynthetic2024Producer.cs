using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;

namespace Ariadne.Core.Publishing;

/// <summary>
/// <c>ctdc-synthetic-2024</c>: the 27-variable layout of CTDC's 2024 Global Synthetic Dataset, filled with the
/// instance's own cases and k-anonymised like <see cref="CtdcKAnonymisedProducer"/> (the records are real, so they are
/// protected; "synthetic" names the layout).
/// </summary>
public sealed class CtdcSynthetic2024Producer(AppDbContext db, CodeListRegistry codes) : MicrodataProducer(db, codes)
{
    public const string KindName = "ctdc-synthetic-2024";

    public override string Kind => KindName;

    public override IReadOnlyList<string> Columns => CtdcLayouts.Synthetic2024Columns;

    public override IReadOnlyList<string> DefaultQuasiIdentifiers { get; } = ["yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation"];

    protected override IReadOnlyDictionary<string, MicrodataHierarchies.Shape> QuasiIdentifierShapes { get; } = new Dictionary<string, MicrodataHierarchies.Shape>
    {
        ["yearOfRegistration"] = MicrodataHierarchies.Shape.Year,
        ["gender"] = MicrodataHierarchies.Shape.Flat,
        ["ageBroad"] = MicrodataHierarchies.Shape.AgeBroad,
        ["citizenship"] = MicrodataHierarchies.Shape.Country,
        ["CountryOfExploitation"] = MicrodataHierarchies.Shape.Country,
        ["traffickMonths"] = MicrodataHierarchies.Shape.Flat,
    };

    protected override string[] ToRow(CtdcCase c, CodeListRegistry codes) => CtdcLayouts.ToSynthetic2024(c, codes);
}
