using Ariadne.Analytics.Anonymisation;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// The optimal k-anonymisation (k = 11, at most 5 % of records suppressed) of UCI Adult (30,162 records) with all 9
/// columns as quasi-identifiers and ARX's 9 hierarchies: 12,960 generalisations. Target ≤ 2 s.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class KAnonymityBenchmark
{
    private string[] _columns = [];
    private List<string[]> _rows = [];
    private Dictionary<string, GeneralisationHierarchy> _hierarchies = [];

    [GlobalSetup]
    public void GlobalSetup()
    {
        var folder = TestDataFolder("adult");
        var lines = File.ReadAllLines(Path.Combine(folder, "adult.csv"));
        _columns = lines[0].Split(';');
        _rows = [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';'))];
        _hierarchies = _columns.ToDictionary(c => c, c =>
        {
            using var reader = new StreamReader(Path.Combine(folder, $"adult_hierarchy_{c}.csv"));
            return GeneralisationHierarchy.Parse(reader);
        });
        var result = KAnonymity.Anonymise(_columns, _rows, _hierarchies, new KAnonymityOptions());
        Console.WriteLine($"// levels {string.Join(",", result.QuasiIdentifiers.Zip(result.Levels, (n, l) => $"{n}={l}"))}; suppressed {result.SuppressedRecords}; loss {result.InformationLoss:F4}; evaluated {result.NodesEvaluated} of {result.NodesInLattice}");
    }

    [Benchmark(Baseline = true, Description = "k = 11 over Adult, 9 quasi-identifiers, optimal search")]
    public int Optimal() => KAnonymity.Anonymise(_columns, _rows, _hierarchies, new KAnonymityOptions()).SuppressedRecords;

    /// <summary>A folder of the repository's test data (<c>tests/data/NAME</c>); the repository stands alone.</summary>
    internal static string TestDataFolder(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "data", name);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(folder.FullName, "Ariadne.slnx")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No tests/data/{name} in the repository above {AppContext.BaseDirectory}.");
    }
}
