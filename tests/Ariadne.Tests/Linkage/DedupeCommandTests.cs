using System.Globalization;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// The evaluation contract of <c>ariadne linkage dedupe</c>: FEBRL 1 and 2 deduplicated through the command with the
/// example schema (which has no comparisons: they are inferred), the pairs file and model it writes, a schema with
/// stated comparisons, and refused input.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DedupeCommandTests
{
    private static string Schema => Path.Combine(TestData.RepositoryRoot, "docs", "examples", "febrl-schema.json");

    /// <summary>Pairwise precision and recall of the clusters in <c>record_id,cluster_id</c> against FEBRL's entity in the id.</summary>
    private static (double Precision, double Recall, int Records) Quality(string clustersFile)
    {
        var rows = File.ReadAllLines(clustersFile).Skip(1).Select(l => l.Split(',')).ToList();
        static long Pairs(IEnumerable<IGrouping<string, string[]>> groups) => groups.Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        var truth = Pairs(rows.GroupBy(r => r[0].Split('-')[1]));
        var found = Pairs(rows.GroupBy(r => r[1]));
        var correct = Pairs(rows.GroupBy(r => r[1] + "|" + r[0].Split('-')[1]));
        return (found == 0 ? 0 : correct / (double)found, correct / (double)truth, rows.Count);
    }

    [Theory]
    [InlineData("dataset1.csv", 1_000, 0.98, 0.96)] // measured 1.000 and 0.984
    [InlineData("dataset2.csv", 5_000, 0.98, 0.96)] // measured 1.000 and 0.987
    public async Task Febrl_DedupeThroughTheCommand_PairwisePrecisionAndRecallFloors(string file, int records, double precisionFloor, double recallFloor)
    {
        using var files = new CaseFiles();
        var clusters = files.PathOf("clusters.csv");

        var run = await CliRunner.RunAsync("linkage", "dedupe", TestData.Path("febrl", file), "--schema", Schema, "--out", clusters);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal("record_id,cluster_id", File.ReadLines(clusters).First());
        var (precision, recall, count) = Quality(clusters);
        Assert.Equal(records, count);
        Assert.True(precision >= precisionFloor && recall >= recallFloor, $"precision {precision:F3}, recall {recall:F3}");
        Assert.Contains("date_of_birth (date)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Deduplicated " + records.ToString(CultureInfo.InvariantCulture) + " record(s)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairsAndModel_ExplainEachScore_AndStatedComparisonsAreUsed()
    {
        using var files = new CaseFiles();
        var schema = files.Write("schema.json", """
            { "id": "rec_id",
              "fields": [ { "name": "given_name", "tokens": "bigrams", "hashes": 15 }, { "name": "surname", "tokens": "bigrams", "hashes": 15 },
                          { "name": "date_of_birth", "tokens": "bigrams", "hashes": 10 } ],
              "blocking": [ [ { "field": "surname", "transform": "soundex" } ], [ { "field": "date_of_birth", "transform": "exact" } ] ],
              "comparisons": [ { "field": "given_name", "type": "name" }, { "field": "surname", "type": "name", "thresholds": [0.9, 0.8] },
                               { "field": "date_of_birth", "type": "date" }, { "field": "soc_sec_id", "type": "distance", "thresholds": [1, 2] },
                               { "field": "postcode", "type": "exact", "termFrequency": true } ] }
            """);
        var (clusters, pairs, model) = (files.PathOf("c.csv"), files.PathOf("p.csv"), files.PathOf("m.json"));

        var run = await CliRunner.RunAsync("linkage", "dedupe", TestData.Path("febrl", "dataset1.csv"), "--schema", schema, "--out", clusters,
            "--pairs", pairs, "--model", model, "--threshold", "0.5");

        Assert.True(run.Exit == 0, run.Error);
        var (precision, recall, _) = Quality(clusters);
        Assert.True(precision >= 0.98 && recall >= 0.96, $"precision {precision:F3}, recall {recall:F3}");
        var lines = File.ReadAllLines(pairs);
        Assert.Equal("record_id_l,record_id_r,match_probability,match_weight,cluster_l,cluster_r,given_name_level,given_name_weight,surname_level,surname_weight,"
            + "date_of_birth_level,date_of_birth_weight,soc_sec_id_level,soc_sec_id_weight,postcode_level,postcode_weight", lines[0]);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(model));
        var prior = json.RootElement.GetProperty("priorWeight").GetDouble();
        var levels = json.RootElement.GetProperty("comparisons")[1].GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("level").GetString()).ToList();
        Assert.Equal(["exact", "jw>=0.9", "jw>=0.8", "soundex", "else"], levels);
        Assert.Contains("soc_sec_id (distance)", run.Output, StringComparison.Ordinal);
        foreach (var line in lines.Skip(1).Take(200))
        {
            var cells = line.Split(',');
            var weights = Enumerable.Range(0, 5).Sum(k => double.Parse(cells[7 + 2 * k], CultureInfo.InvariantCulture));
            // The waterfall adds up: prior + each comparison's weight = the match weight (to the written precision).
            Assert.Equal(double.Parse(cells[3], CultureInfo.InvariantCulture), prior + weights, 0.01);
            Assert.InRange(double.Parse(cells[2], CultureInfo.InvariantCulture), 0.01, 1.0);
        }
    }

    [Fact]
    public async Task BadInput_Exit2NamingTheFileRowOrProperty_NothingWritten()
    {
        using var files = new CaseFiles();
        var input = files.Write("a.csv", "rec_id,surname\nr1,miller\nr1,muller\n");
        var schema = files.Write("schema.json", "{\"id\":\"rec_id\",\"fields\":[{\"name\":\"surname\",\"tokens\":\"bigrams\",\"hashes\":10}]}");
        var badType = files.Write("type.json", "{\"id\":\"rec_id\",\"fields\":[{\"name\":\"surname\",\"tokens\":\"bigrams\",\"hashes\":10}],\"comparisons\":[{\"field\":\"surname\",\"type\":\"fuzzy\"}]}");
        var badThresholds = files.Write("th.json", "{\"id\":\"rec_id\",\"fields\":[{\"name\":\"surname\",\"tokens\":\"bigrams\",\"hashes\":10}],\"comparisons\":[{\"field\":\"surname\",\"type\":\"name\",\"thresholds\":[0.7,0.9]}]}");
        var missingColumn = files.Write("col.json", "{\"id\":\"rec_id\",\"fields\":[{\"name\":\"surname\",\"tokens\":\"bigrams\",\"hashes\":10}],\"comparisons\":[{\"field\":\"dob\",\"type\":\"date\"}]}");
        var output = files.PathOf("out.csv");

        var duplicateId = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", schema, "--out", output);
        var type = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", badType, "--out", output);
        var thresholds = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", badThresholds, "--out", output);
        var column = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", missingColumn, "--out", output);
        var threshold = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", schema, "--out", output, "--threshold", "1.5");

        Assert.All(new[] { duplicateId, type, thresholds, column, threshold }, r => Assert.Equal(2, r.Exit));
        Assert.Contains("a.csv: row 3, column rec_id: 'r1' is also the id of row 2", duplicateId.Error, StringComparison.Ordinal);
        Assert.Contains("type.json: comparisons[0].type: 'fuzzy' is not name, text, date, exact or distance", type.Error, StringComparison.Ordinal);
        Assert.Contains("th.json: comparisons[0].thresholds:", thresholds.Error, StringComparison.Ordinal);
        Assert.Contains("a.csv: row 1: no column 'dob'", column.Error, StringComparison.Ordinal);
        Assert.Contains("--threshold: 1.5", threshold.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Transliterated_CyrillicAndLatinRecordsOfOnePersonFormOneCluster()
    {
        using var files = new CaseFiles();
        var rows = new List<string> { "id,given_name,surname,date_of_birth" };
        string[] given = ["anna", "olga", "irina", "elena", "maria", "natalia", "svetlana", "tatiana", "oksana", "daria"];
        string[] surnames = ["petrova", "smirnova", "kuznetsova", "popova", "sokolova", "lebedeva", "kozlova", "novikova", "morozova", "volkova", "pavlova", "semenova"];
        for (var i = 0; i < 120; i++)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"p{i},{given[i % given.Length]},{surnames[i * 7 % surnames.Length]}{(i >= 12 ? (char)('a' + i % 26) : "")},19{60 + i % 40}{1 + i % 12:00}{1 + i % 28:00}"));
        }
        rows.Add("x1,Ирина,Иванова,19850412");
        rows.Add("x2,Irina,Ivanova,1985-04-12");
        var input = files.Write("people.csv", string.Join("\n", rows) + "\n");
        var schema = files.Write("schema.json", """
            { "id": "id", "fields": [ { "name": "given_name", "tokens": "bigrams", "hashes": 15 }, { "name": "surname", "tokens": "bigrams", "hashes": 15 },
                                       { "name": "date_of_birth", "tokens": "bigrams", "hashes": 10 } ],
              "blocking": [ [ { "field": "surname", "transform": "soundex" } ] ] }
            """);

        var run = await CliRunner.RunAsync("linkage", "dedupe", input, "--schema", schema, "--out", files.PathOf("c.csv"));

        Assert.True(run.Exit == 0, run.Error);
        var cluster = File.ReadAllLines(files.PathOf("c.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);
        Assert.Equal(cluster["x1"], cluster["x2"]);
        Assert.Equal(122, cluster.Count);
    }
}
