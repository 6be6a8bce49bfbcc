using Ariadne.Core.Finance;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>The generic layout's amounts with thousands separators, declared or told from the text (pure code, and one in-process command run).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AmountTextTests
{
    [Theory]
    [InlineData(null, null, "1,200.50", "1200.50")]
    [InlineData(null, null, "1.200,50", "1200.50")]
    [InlineData(null, null, "1,234,567", "1234567")]
    [InlineData(null, null, "1.234.567,8", "1234567.8")]
    [InlineData(null, null, "100.5", "100.5")]
    [InlineData(null, null, "12,5", "12.5")]
    [InlineData(null, null, "99", "99")]
    [InlineData(',', null, "1.200", "1200")]
    [InlineData('.', null, "1,200", "1200")]
    [InlineData(',', null, "1 200,50", "1200.50")]
    [InlineData(null, "de-DE", "1.200", "1200")]
    [InlineData(null, "de-DE", "1.200,5", "1200.5")]
    [InlineData(null, "en-GB", "1,200", "1200")]
    [InlineData(null, "de-CH", "1'200.50", "1200.50")]
    public void Parse_DeclaredOrToldFromText_ReadsTheAmount(char? separator, string? culture, string text, string expected)
    {
        var (value, problem) = AmountText.For(separator, culture).Parse(text);

        Assert.Null(problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData(null, "1,200", "ambiguous")]
    [InlineData(null, "1.200", "ambiguous")]
    [InlineData('.', "1,20.50", "not a non-negative amount with decimal separator '.'")]
    [InlineData(',', "1.200.5", "not a non-negative amount with decimal separator ','")]
    [InlineData('.', "-5.00", "not a non-negative amount")]
    [InlineData('.', "12a", "not a non-negative amount")]
    [InlineData('.', "", "not a non-negative amount")]
    public void Parse_AmbiguousOrMalformed_SaysWhy(char? separator, string text, string reason)
    {
        var (_, problem) = AmountText.For(separator, null).Parse(text);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyse_GenericWithThousandsSeparators_ReadsDeclaredCulture_NamesTheAmbiguousRow()
    {
        var folder = Directory.CreateTempSubdirectory("ariadne-amounts-").FullName;
        try
        {
            var file = Path.Combine(folder, "tx.csv");
            File.WriteAllLines(file, ["from;to;amount;when", "x;y;\"1.200,50\";2025-01-01", "y;x;1.200;2025-01-02"]);
            File.WriteAllText(Path.Combine(folder, "de.json"), """{ "columns": { "source": "from", "target": "to", "amount": "amount", "timestamp": "when" }, "delimiter": ";", "culture": "de-DE" }""");
            File.WriteAllText(Path.Combine(folder, "none.json"), """{ "columns": { "source": "from", "target": "to", "amount": "amount", "timestamp": "when" }, "delimiter": ";" }""");

            var declared = await CliRunner.RunAsync("finance", "export", "--format", "generic", "--transactions", file, "--mapping", Path.Combine(folder, "de.json"),
                "--account", "x", "--output-format", "csv", "--out", Path.Combine(folder, "net"));
            var undeclared = await CliRunner.RunAsync("finance", "analyse", "--format", "generic", "--transactions", file, "--mapping", Path.Combine(folder, "none.json"), "--out", Path.Combine(folder, "run"));

            Assert.True(declared.Exit == 0, declared.Error);
            Assert.Contains("x,y,,1,1200.50,", File.ReadAllText(Path.Combine(folder, "net", "edges.csv")), StringComparison.Ordinal);
            Assert.Contains("y,x,,1,1200.00,", File.ReadAllText(Path.Combine(folder, "net", "edges.csv")), StringComparison.Ordinal);
            Assert.Equal(2, undeclared.Exit);
            Assert.Contains("tx.csv, line 3, column amount: '1.200' is ambiguous", undeclared.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
