using Ariadne.Analytics.Statistics;

namespace Ariadne.Statistics;

/// <summary>Reads chart series out of a released table (dimension columns, then one value column), with labels in the UI language.</summary>
public static class ChartData
{
    /// <summary>The categories of <paramref name="column"/> at the total of every other dimension column (those whose code <paramref name="keep"/> accepts, when given).</summary>
    public static IReadOnlyList<(string Label, ChartValue Value)> Along(ShownRelease release, string column, StatisticsLabels labels, string valueColumn = "persons", Func<string, bool>? keep = null) =>
        [.. AlongCodes(release, column, labels, valueColumn).Where(p => keep is null || keep(p.Code)).Select(p => (labels.Category(column, p.Code), p.Value))];

    /// <summary>
    /// The categories of <paramref name="column"/> at the total of every other dimension column, by their codes as released
    /// (e.g. alpha-2 country codes, "Unknown"); the first row wins should a code repeat.
    /// </summary>
    public static IReadOnlyDictionary<string, ChartValue> ByCode(ShownRelease release, string column, StatisticsLabels labels, string valueColumn = "persons") =>
        AlongCodes(release, column, labels, valueColumn).DistinctBy(p => p.Code, StringComparer.Ordinal).ToDictionary(p => p.Code, p => p.Value, StringComparer.Ordinal);

    private static IEnumerable<(string Code, ChartValue Value)> AlongCodes(ShownRelease release, string column, StatisticsLabels labels, string valueColumn)
    {
        var table = release.Table;
        var at = release.Column(column);
        var value = release.Column(valueColumn);
        var others = Enumerable.Range(0, table.Columns.Count).Where(c => c != at && c != value && labels.IsDimension(table.Columns[c])).ToArray();
        return table.Rows
            .Where(r => r[at] != CrossTable.TotalLabel && others.All(c => r[c] == CrossTable.TotalLabel))
            .Select(r => (r[at], ChartValue.Parse(r[value])));
    }

    /// <summary>
    /// A two-way view: the categories of <paramref name="groupColumn"/> by those of <paramref name="seriesColumn"/>
    /// (totals left out); series that are zero everywhere are dropped.
    /// </summary>
    public static (IReadOnlyList<string> Groups, IReadOnlyList<string> Series, IReadOnlyList<ChartValue[]> Values) Cross(
        ShownRelease release, string groupColumn, string seriesColumn, StatisticsLabels labels, string valueColumn = "persons", Func<string[], bool>? where = null)
    {
        var g = release.Column(groupColumn);
        var s = release.Column(seriesColumn);
        var v = release.Column(valueColumn);
        var rows = release.Table.Rows.Where(r => r[g] != CrossTable.TotalLabel && r[s] != CrossTable.TotalLabel && (where is null || where(r))).ToList();
        var groups = rows.Select(r => r[g]).Distinct(StringComparer.Ordinal).ToList();
        var series = rows.Select(r => r[s]).Distinct(StringComparer.Ordinal)
            .Where(name => rows.Any(r => r[s] == name && r[v] != "0"))
            .ToList();
        var cells = rows.GroupBy(r => (r[g], r[s])).ToDictionary(x => x.Key, x => ChartValue.Parse(x.First()[v]));
        var values = groups.Select(group => series.Select(name => cells.TryGetValue((group, name), out var c) ? c : new ChartValue(0, "0")).ToArray()).ToList();
        return ([.. groups.Select(x => labels.Category(groupColumn, x))], [.. series.Select(x => labels.Category(seriesColumn, x))], values);
    }
}
