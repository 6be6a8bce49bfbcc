namespace Ariadne.Tests;

/// <summary>
/// Locates the team's shared folder (reference data such as GLOTIP and the CTDC data dictionary), which lives beside
/// the repository or one of its worktrees rather than inside it.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="parts"/> inside the shared folder, e.g. <c>Path("data", "ctdc", "x.xlsx")</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor of the test binaries contains <c>shared/data</c>.</exception>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var shared = System.IO.Path.Combine(folder.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(shared, "data")))
            {
                return shared;
            }
        }
        throw new DirectoryNotFoundException(
            $"No 'shared/data' folder in {AppContext.BaseDirectory} or any of its parents; these tests need the shared reference data next to the repository.");
    }
}
