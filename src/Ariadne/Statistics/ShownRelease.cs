using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Statistics;

/// <summary>A release as a statistics page shows it: the logged release, its table, and the id and caption of its section.</summary>
public sealed record ShownRelease(string Id, string Caption, StatisticsRelease Release, ReleaseTable Table)
{
    /// <summary>The rows whose cells in <paramref name="columns"/> are all "Total" and whose other dimension cells are not.</summary>
    public IEnumerable<string[]> RowsAtTotal(params int[] columns) =>
        Table.Rows.Where(r => columns.All(c => r[c] == Analytics.Statistics.CrossTable.TotalLabel));

    public int Column(string name) => Table.Columns.ToList().IndexOf(name);

    /// <summary>The link that downloads this release again in <paramref name="format"/> (same parameters, seed included).</summary>
    public string DownloadLink(string format) => $"/Statistics?handler=Download&release={Release.Id}&format={format}";
}
