namespace Ariadne.Tests.Pages;

/// <summary>
/// Every page shows a date in the one format of its language (<c>Format.Date</c>: 2026-06-15 in English, 15.06.2026 in
/// German; an instant through <c>Format.DateTimeUtc</c>), never in the culture's short date or general pattern ("6/15/2026",
/// "6/15/2026 10:00 AM" for English), and reads "now" from the injected
/// <see cref="TimeProvider"/>, so that a page printed in a test or a journey shows the day the clock says.
/// </summary>
public sealed class PageDateFormatTests
{
    [Fact]
    public void NoPage_UsesTheCulturesShortDatePattern_OrTheSystemClock()
    {
        var pages = Path.Combine(TestData.RepositoryRoot, "src", "Ariadne", "Pages");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(pages, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("ToString(\"d\"", StringComparison.Ordinal) || lines[i].Contains("ToString(\"g\"", StringComparison.Ordinal)
                    || lines[i].Contains("ToShortDateString", StringComparison.Ordinal)
                    || lines[i].Contains("DateTime.UtcNow", StringComparison.Ordinal) || lines[i].Contains("DateTimeOffset.UtcNow", StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetRelativePath(pages, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        Assert.True(offenders.Count == 0, "Dates through Format.Date and the injected TimeProvider:\n" + string.Join('\n', offenders));
    }
}
