using System.Text.Json;
using Ariadne.Cli;
using Ariadne.Tests.ImportExport;

namespace Ariadne.Tests.Screening;

[Collection(ConsoleCollection.Name)]
public sealed class ScreenCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-screen-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string json)
    {
        var path = Path.Combine(_folder, "answers.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private const string Referral = """
        { "form": "forced-labour", "ageAtStart": 34, "ageUncertain": false,
          "answers": { "DR01": "yes", "DR02": "yes", "EX01": "yes", "EX02": "yes", "CD01": "yes", "CD02": { "answer": "yes", "note": "Synthetic." } } }
        """;

    [Fact]
    public async Task Screen_Text_PrintsRecommendationExplanationAndUnverifiedMark()
    {
        var (exit, output, error) = await RunAsync("screen", "--instrument", "ilo-ec-operational-indicators@1.0", File(Referral));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("ilo-ec-operational-indicators@1.0 · adults, labour exploitation · UNVERIFIED", lines[0]);
        Assert.Equal("Refer to the national referral mechanism as a presumed victim", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  - D1 Deceptive recruitment (including transfer and transport): positive. Indicators present: DR01 Deceived about the nature of the job, location or employer; DR02 Deceived about conditions of work. Rule: strong >= 2 or", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - Combination rule for adults: (D1 or D2 or D3) and D4 and (D5 or D6); result: positive.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Screen_GermanJson_HasTheSnapshotAndGermanText()
    {
        var (exit, output, _) = await RunAsync("screen", File(Referral), "--json", "--language", "de");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("refer", json.RootElement.GetProperty("recommendation").GetString());
        Assert.Equal("ilo-ec-operational-indicators@1.0", json.RootElement.GetProperty("instrument").GetString());
        Assert.True(json.RootElement.GetProperty("unverified").GetBoolean());
        var text = json.RootElement.GetProperty("text").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Empfehlung: die Person als mutmaßliches Opfer an den nationalen Verweisungsmechanismus verweisen.", text);
        Assert.Equal("Alter zu Beginn der Ausbeutung: 34; es gelten die Listen für Erwachsene.", text[0]);
    }

    [Theory]
    [InlineData("""{ "form": "forced-labour", "answers": { "DR01": "maybe" } }""", "answers.DR01: 'maybe' is not an answer")]
    [InlineData("""{ "form": "forced-labour", "answers": { "ZZ01": "yes" } }""", "answers.ZZ01: No indicator ZZ01")]
    [InlineData("""{ "form": "forced-labour", "ageAtStart": 12, "answers": { "EX06": "yes" } }""", "answers.EX06: The indicator EX06 is not on the list child-labour.")]
    [InlineData("""{ "answers": {} }""", "form: Required")]
    [InlineData("""{ "form": "forced-labour", "ageAtStart": "old" }""", "ageAtStart: '\"old\"' is not an age")]
    [InlineData("""{ "form": """, "$: Not valid JSON")]
    public async Task Screen_BadAnswersFile_Exit2NamingTheField(string json, string expected)
    {
        var (exit, output, error) = await RunAsync("screen", File(json));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("ariadne: answers.json: " + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_UnknownInstrument_Exit2()
    {
        var (exit, _, error) = await RunAsync("--database", Path.Combine(_folder, "none.db"), "screen", "--instrument", "national@9", File(Referral));

        Assert.Equal(2, exit);
        Assert.Equal("ariadne: --instrument: no instrument 'national@9'.", error.Trim());
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await AriadneCommand.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
