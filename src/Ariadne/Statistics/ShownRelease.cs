using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Statistics;

/// <summary>A release as a statistics page shows it: the logged release, its table, and the id and caption of its section.</summary>
public sealed record ShownRelease(string Id, string Caption, StatisticsRelease Release, ReleaseTable Table)
{
    /// <summary>The page of a cross-tabulation's rows shown (1-based; see <see cref="CrossTab.RowsPerPage"/>).</summary>
    public int RowPage { get; init; } = 1;

    /// <summary>The link to another page of the rows; null when the table is shown whole (no pager).</summary>
    public Func<int, string>? PageLink { get; init; }

    private CrossTab? _crossTab;
    private bool _crossTabDone;

    /// <summary><see cref="CrossTab()"/>, computed once per shown release (the table, its chart and its pager share it).</summary>
    public CrossTab? Cross
    {
        get
        {
            if (!_crossTabDone)
            {
                _crossTab = CrossTab();
                _crossTabDone = true;
            }
            return _crossTab;
        }
    }

    /// <summary>The rows whose cells in <paramref name="columns"/> are all "Total" and whose other dimension cells are not.</summary>
    public IEnumerable<string[]> RowsAtTotal(params int[] columns) =>
        Table.Rows.Where(r => columns.All(c => r[c] == Analytics.Statistics.CrossTable.TotalLabel));

    public int Column(string name) => Table.Columns.ToList().IndexOf(name);

    /// <summary>The link that downloads this release again in <paramref name="format"/> (same parameters, seed included).</summary>
    public string DownloadLink(string format) => $"/Statistics?handler=Download&release={Release.Id}&format={format}";

    /// <summary>
    /// The table as a cross-tabulation when it has two or more dimension columns followed by a single value column: the
    /// last dimension's categories (and its total) become columns, the other dimensions label the rows. Rows and columns
    /// whose every cell is 0 are left out (the downloads hold them). Null for any other shape.
    /// </summary>
    public CrossTab? CrossTab()
    {
        var columns = Table.Columns;
        if (columns.Count < 3 || columns[^1] != "persons")
        {
            return null;
        }
        var across = columns.Count - 2;
        var order = new List<string>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, (string[] Labels, Dictionary<string, string> Cells)>(StringComparer.Ordinal);
        var rowOrder = new List<string>();
        foreach (var row in Table.Rows)
        {
            var labels = row[..across];
            var key = string.Join('\u001f', labels);
            if (!rows.TryGetValue(key, out var entry))
            {
                entry = (labels, new Dictionary<string, string>(StringComparer.Ordinal));
                rows.Add(key, entry);
                rowOrder.Add(key);
            }
            entry.Cells[row[across]] = row[^1];
            if (seenColumns.Add(row[across]))
            {
                order.Add(row[across]);
            }
        }
        var kept = order.Where(c => rowOrder.Any(k => rows[k].Cells.GetValueOrDefault(c, "0") != "0")).ToList();
        var result = rowOrder.Select(k => rows[k])
            .Where(r => kept.Any(c => r.Cells.GetValueOrDefault(c, "0") != "0"))
            .Select(r => new CrossTabRow(r.Labels, [.. kept.Select(c => r.Cells.GetValueOrDefault(c, "0"))]))
            .ToList();
        return new CrossTab([.. columns.Take(across)], columns[across], kept, result, order.Count - kept.Count + (rowOrder.Count - result.Count) > 0);
    }
}

/// <summary>A table with the categories of <paramref name="ColumnDimension"/> across.</summary>
/// <param name="RowDimensions">The dimensions that label the rows, in order.</param>
/// <param name="ColumnDimension">The dimension across.</param>
/// <param name="ColumnLabels">Its categories as released (the total last).</param>
/// <param name="Rows">The rows: their labels and one released cell per column.</param>
/// <param name="LeftOut">Whether rows or columns of zeros were left out.</param>
public sealed record CrossTab(IReadOnlyList<string> RowDimensions, string ColumnDimension, IReadOnlyList<string> ColumnLabels, IReadOnlyList<CrossTabRow> Rows, bool LeftOut)
{
    /// <summary>
    /// Rows per page on the statistics page: a wide table (about 200 citizenships by 200 countries) stays a page of
    /// well under 300 KB. The disclosure control applies to the whole table (one release); pages only cut its rows.
    /// </summary>
    public const int RowsPerPage = 25;

    public int PageCount => Math.Max(1, (Rows.Count + RowsPerPage - 1) / RowsPerPage);

    /// <summary>Page <paramref name="page"/> (1-based, clamped to the pages there are) of the rows.</summary>
    public IReadOnlyList<CrossTabRow> PageRows(int page) =>
        [.. Rows.Skip((Math.Clamp(page, 1, PageCount) - 1) * RowsPerPage).Take(RowsPerPage)];
}

/// <summary>One row of a <see cref="CrossTab"/>.</summary>
public sealed record CrossTabRow(string[] Labels, string[] Cells);
