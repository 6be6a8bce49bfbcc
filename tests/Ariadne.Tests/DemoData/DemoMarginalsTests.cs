using Ariadne.Core.DemoData;

namespace Ariadne.Tests.DemoData;

public sealed class DemoMarginalsTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Default_Loads_EveryShareListSumsToOne()
    {
        var m = DemoMarginals.Default;

        Assert.Equal(4, m.SexAge.Count);
        Assert.Equal(1.0, m.SexAge.Sum(s => s.Share), Tolerance);
        Assert.Equal(4, m.Forms.Count);
        Assert.All(m.Forms, f => Assert.Equal(1.0, f.SexualExploitation + f.ForcedLabour + f.OtherForms, Tolerance));
        Assert.Equal(1.0, m.OtherFormsSplit.Values.Sum(), Tolerance);
        Assert.Equal(1.0, m.DetectionCountries.Sum(c => c.Share), Tolerance);
        Assert.Equal(1.0, m.ForeignCitizenships.Sum(c => c.Share), Tolerance);
        Assert.All(m.Flows.GroupBy(f => f.CountryOfExploitation), g => Assert.Equal(1.0, g.Sum(f => f.Share), Tolerance));
        Assert.InRange(m.DomesticShare, 0.0, 1.0);
        Assert.InRange(m.DomesticServitudeShareOfForcedLabour, 0.0, 1.0);
    }

    [Fact]
    public void Default_Provenance_NamesSourceHashAndYears()
    {
        var provenance = DemoMarginals.Default.Provenance;
        Assert.Equal("data_glotip.xlsx", provenance.GetProperty("sourceFile").GetString());
        Assert.Matches("^[0-9a-f]{64}$", provenance.GetProperty("sha256").GetString());
        Assert.True(provenance.GetProperty("years").GetArrayLength() > 0);
    }
}
