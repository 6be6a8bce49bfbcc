using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// The evaluation contract of encoded linkage: <c>linkage encode</c> at each agency, <c>linkage match</c> at the
/// operator, on FEBRL 1 split across two agencies; what the encodings file holds; and refused input.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class LinkageCommandTests
{
    private static string Schema => Path.Combine(TestData.RepositoryRoot, "docs", "examples", "febrl-schema.json");

    [Fact]
    public async Task EncodeAtTwoAgencies_MatchAtTheOperator_ClusterFilesPerAgencyWithSharedIds()
    {
        using var files = new CaseFiles();
        var lines = File.ReadAllLines(TestData.Path("febrl", "dataset1.csv"));
        var originals = lines.Skip(1).Where(l => l.Split(',')[0].EndsWith("-org", StringComparison.Ordinal)).ToList();
        var duplicates = lines.Skip(1).Where(l => l.Contains("-dup-", StringComparison.Ordinal)).ToList();
        var police = files.Write("police.csv", string.Join("\n", [lines[0], .. originals]) + "\n");
        var shelter = files.Write("shelter.csv", string.Join("\n", [lines[0], .. duplicates]) + "\n");
        var secret = files.Write("key", "a synthetic secret of the two agencies\n");

        foreach (var (input, output) in new[] { (police, "police.enc"), (shelter, "shelter.enc") })
        {
            var encoded = await CliRunner.RunAsync("linkage", "encode", input, "--schema", Schema, "--secret-file", secret, "--out", Path.Combine(files.Folder, output));
            Assert.True(encoded.Exit == 0, encoded.Error);
        }
        var encodings = File.ReadAllText(Path.Combine(files.Folder, "police.enc"));
        var matched = await CliRunner.RunAsync("linkage", "match", Path.Combine(files.Folder, "police.enc"), Path.Combine(files.Folder, "shelter.enc"),
            "--out-dir", Path.Combine(files.Folder, "out"));

        Assert.True(matched.Exit == 0, matched.Error);
        // No plaintext: each line is the record id, 128 bytes of encoding and 8 bytes per blocking rule, both base64; nothing else.
        var encodingLines = encodings.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("record_id,encoding,blocks", encodingLines[0]);
        Assert.Equal(originals.Select(l => l.Split(',')[0].Trim()), encodingLines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(encodingLines.Skip(1), l =>
        {
            var cells = l.Split(',');
            Assert.Equal(3, cells.Length);
            Assert.Equal(128, Convert.FromBase64String(cells[1]).Length);
            Assert.Equal(5 * 8, Convert.FromBase64String(cells[2]).Length);
        });
        var clusterOf = new Dictionary<string, string>();
        foreach (var name in new[] { "police", "shelter" })
        {
            var result = File.ReadAllLines(Path.Combine(files.Folder, "out", name + ".csv"));
            Assert.Equal("record_id,cluster_id", result[0]);
            Assert.Equal(name == "police" ? originals.Count : duplicates.Count, result.Length - 1);
            foreach (var row in result.Skip(1))
            {
                var parts = row.Split(',');
                clusterOf.Add(parts[0], parts[1]);
            }
        }
        var entities = clusterOf.Keys.GroupBy(id => id.Split('-')[1]).Where(g => g.Count() == 2).ToList();
        var together = entities.Count(g => g.Select(id => clusterOf[id]).Distinct().Count() == 1);
        var wrong = clusterOf.GroupBy(p => p.Value).Count(g => g.Count() == 2 && g.Select(p => p.Key.Split('-')[1]).Distinct().Count() == 2);
        Assert.True(together >= 0.95 * entities.Count, $"{together} of {entities.Count} true pairs linked");
        Assert.True(wrong <= 0.01 * entities.Count, $"{wrong} wrong links");
    }

    [Fact]
    public async Task BadSchemaAndBadEncodings_Exit2NamingThePropertyOrRow()
    {
        using var files = new CaseFiles();
        var input = files.Write("a.csv", "rec_id,surname\nr1,miller\n");
        var secret = files.Write("key", "a synthetic secret of the two agencies");
        var schema = files.Write("schema.json", "{\"id\":\"rec_id\",\"fields\":[{\"name\":\"surname\",\"tokens\":\"trigrams\",\"hashes\":10}]}");
        var shortSecret = files.Write("short", "tiny");
        var encodings = files.Write("x.enc", "record_id,encoding,blocks\nr1,not-base64!,\n");

        var badSchema = await CliRunner.RunAsync("linkage", "encode", input, "--schema", schema, "--secret-file", secret, "--out", Path.Combine(files.Folder, "o.enc"));
        var badSecret = await CliRunner.RunAsync("linkage", "encode", input, "--schema", Schema, "--secret-file", shortSecret, "--out", Path.Combine(files.Folder, "o.enc"));
        var badEncodings = await CliRunner.RunAsync("linkage", "match", encodings, encodings.Replace("x.enc", "x.enc", StringComparison.Ordinal), "--out-dir", files.Folder);
        var other = files.Write("y.enc", "record_id,encoding,blocks\nr1,not-base64!,\n");
        var badRow = await CliRunner.RunAsync("linkage", "match", encodings, other, "--out-dir", files.Folder);

        Assert.Equal(2, badSchema.Exit);
        Assert.Contains("schema.json: fields[0].tokens: 'trigrams' is not bigrams or whole", badSchema.Error, StringComparison.Ordinal);
        Assert.Equal(2, badSecret.Exit);
        Assert.Contains("at least 16", badSecret.Error, StringComparison.Ordinal);
        Assert.Equal(2, badEncodings.Exit);
        Assert.Contains("the same name", badEncodings.Error, StringComparison.Ordinal);
        Assert.Equal(2, badRow.Exit);
        Assert.Contains("x.enc: row 2, column encoding", badRow.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(files.Folder, "o.enc")));
    }
}
