namespace Ariadne.Tests;

/// <summary>
/// Locates the reference data the tests read (GLOTIP, the CTDC data dictionary, UCI Adult with its hierarchies),
/// shipped inside the repository under <c>tests/data/</c>, each folder with the <c>SOURCE.md</c> of its files.
/// </summary>
/// <remarks>
/// The repository stands alone: no test may read a folder beside it (<c>StandaloneRepositoryTests</c> guards this).
/// </remarks>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="parts"/> inside <c>tests/data</c>, e.g. <c>Path("ctdc", "x.xlsx")</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor of the test binaries contains <c>tests/data</c>.</exception>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>The repository's root folder (the one holding <c>Ariadne.slnx</c>).</summary>
    public static string RepositoryRoot => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root.Value, "..", ".."));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var data = System.IO.Path.Combine(folder.FullName, "tests", "data");
            if (Directory.Exists(data) && File.Exists(System.IO.Path.Combine(folder.FullName, "Ariadne.slnx")))
            {
                return data;
            }
        }
        throw new DirectoryNotFoundException($"No 'tests/data' folder in the repository above {AppContext.BaseDirectory}.");
    }
}
