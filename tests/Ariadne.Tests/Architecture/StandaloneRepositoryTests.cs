using System.Text.RegularExpressions;

namespace Ariadne.Tests.Architecture;

/// <summary>
/// The repository stands alone: a fresh clone passes <c>./test.sh</c> with nothing beside it. No code, test, benchmark
/// or script may read the team's <c>shared</c> folder; the data a test needs is copied into <c>tests/data/</c> with
/// the <c>SOURCE.md</c> of its files.
/// </summary>
public sealed partial class StandaloneRepositoryTests
{
    /// <summary>A string literal that names a <c>shared</c> path segment: <c>"../shared"</c>, <c>"shared/data"</c>, <c>"shared"</c>.</summary>
    [GeneratedRegex("""["'](?:[^"'\n]*[/\\])?shared(?:[/\\][^"'\n]*)?["']""", RegexOptions.IgnoreCase)]
    private static partial Regex SharedPathLiteral();

    [Fact]
    public void NoSourceFile_ReadsTheSharedFolder()
    {
        var root = TestData.RepositoryRoot;
        var offenders = new List<string>();
        foreach (var top in new[] { "src", "tests", "bench", "scripts" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, top), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.StartsWith("tests/data/", StringComparison.Ordinal) || relative.EndsWith(nameof(StandaloneRepositoryTests) + ".cs", StringComparison.Ordinal) || relative.Contains("/bin/") || relative.Contains("/obj/")
                    || Path.GetExtension(file) is not (".cs" or ".py" or ".sh" or ".json" or ".csproj" or ".props"))
                {
                    continue;
                }
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (SharedPathLiteral().IsMatch(lines[i]))
                    {
                        offenders.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }
        Assert.True(offenders.Count == 0, "These lines name the shared folder:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void EveryTestDataFolder_HasItsSource()
    {
        var folders = Directory.GetDirectories(TestData.Path());
        Assert.NotEmpty(folders);
        Assert.All(folders, folder => Assert.True(File.Exists(Path.Combine(folder, "SOURCE.md")), $"{folder} has no SOURCE.md"));
    }

    [Fact]
    public void Guard_CatchesTheFormerLookup()
    {
        // The lookup this guard replaced; the guard must fail on it, or it guards nothing.
        Assert.Matches(SharedPathLiteral(), """var shared = System.IO.Path.Combine(folder.FullName, "shared");""");
        Assert.Matches(SharedPathLiteral(), """default="../shared/data/ctdc/data_glotip.xlsx",""");
        Assert.DoesNotMatch(SharedPathLiteral(), """// the ring is shared by every node""");
    }
}
