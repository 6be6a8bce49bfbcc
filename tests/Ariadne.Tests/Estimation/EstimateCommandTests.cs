using System.Text.Json;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Estimation;

/// <summary><c>ariadne estimate mse</c>: the command contract (JSON shape, model choice), refused files naming row and column, and counts with no estimate.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EstimateCommandTests
{
    private const string ThreeLists = "A, B, C, count\n1,0,0,60\n0,1,0,40\n1,1,0,20\n0,0,1,30\n1,0,1,10\n0,1,1,8\n1,1,1,4\n";

    [Theory]
    [InlineData("main-effects", 1)]
    [InlineData("stepwise", 4)]
    [InlineData("bic", 8)]
    public async Task Json_HasObservedSelectedAndEveryModel(string model, int models)
    {
        using var files = new CaseFiles();
        var file = files.Write("counts.csv", ThreeLists);

        var (exit, output, error) = await CliRunner.RunAsync("estimate", "mse", file, "--model", model, "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(172, root.GetProperty("observed").GetInt64());
        var selected = root.GetProperty("selected");
        var estimate = selected.GetProperty("estimate").GetDouble();
        Assert.InRange(estimate, 172, 1000);
        Assert.InRange(estimate, selected.GetProperty("lower").GetDouble(), selected.GetProperty("upper").GetDouble());
        Assert.Equal(models, root.GetProperty("models").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(selected.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task InvalidRows_Exit2NamingRowAndColumn()
    {
        using var files = new CaseFiles();
        var file = files.Write("bad.csv", "A;B;count\n1;0;10\n1;2;5\n0;0;3\n1;0;4\n0;1;-1\n");

        var (exit, _, error) = await CliRunner.RunAsync("estimate", "mse", file);

        Assert.Equal(2, exit);
        Assert.Contains("row 3, column B: '2' is not 0 or 1", error, StringComparison.Ordinal);
        Assert.Contains("row 4, column row: the pattern on no list", error, StringComparison.Ordinal);
        Assert.Contains("row 5, column row: the same pattern as row 2", error, StringComparison.Ordinal);
        Assert.Contains("row 6, column count: '-1' is not a whole number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCountColumn_Exit2NamingTheHeader()
    {
        using var files = new CaseFiles();
        var file = files.Write("bad.csv", "A,B,C\n1,0,1\n");

        var (exit, _, error) = await CliRunner.RunAsync("estimate", "mse", file);

        Assert.Equal(2, exit);
        Assert.Contains("row 1, column header: the last column must be 'count'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListsWithoutOverlap_NoNumberIsPrinted_TheReasonIs()
    {
        using var files = new CaseFiles();
        var file = files.Write("apart.csv", "A,B,C,count\n1,0,0,30\n0,1,0,20\n0,0,1,25\n");

        var (exit, output, error) = await CliRunner.RunAsync("estimate", "mse", file, "--json");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("selected").ValueKind);
        Assert.All(root.GetProperty("models").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("estimate").ValueKind));
        Assert.Contains("no model's estimate exists", error, StringComparison.Ordinal);
    }
}
