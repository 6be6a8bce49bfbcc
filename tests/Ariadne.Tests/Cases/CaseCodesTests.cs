using Ariadne.Core.Cases;

namespace Ariadne.Tests.Cases;

public sealed class CaseCodesTests
{
    [Fact]
    public void New_Always_HasTheDocumentedShapeAndAlphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = CaseCodes.New();
            Assert.Matches("^C-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        }
    }

    [Fact]
    public void New_SameRandomSource_SameCode()
    {
        var a = new Random(7);
        var b = new Random(7);
        Assert.Equal(CaseCodes.New(a.Next), CaseCodes.New(b.Next));
    }
}
