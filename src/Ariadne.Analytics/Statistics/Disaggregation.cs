namespace Ariadne.Analytics.Statistics;

/// <summary>A restriction of the persons counted: only those whose <paramref name="Column"/> holds one of <paramref name="Values"/>.</summary>
public sealed record PersonFilter(string Column, IReadOnlyCollection<string> Values);

/// <summary>
/// Counts persons over any combination of columns, with every subtotal and the grand total, in one pass over the
/// columns (split over the processor cores) followed by a summation of the margins.
/// </summary>
/// <remarks>
/// Counting rule for a multi-valued column (forms of exploitation): a person is counted once under each category
/// they hold and once in the total, so the categories may add up to more than the total. At most one multi-valued
/// column per table, so that every other total stays a plain sum.
/// </remarks>
public static class Disaggregation
{
    /// <summary>The dense table size above which a request is refused (a table this large is mostly empty cells).</summary>
    public const long MaxCells = 1L << 26;

    public const string SingleValuedRule = "Each person is counted once in each cell; totals are sums of their categories.";

    /// <summary>Counts <paramref name="records"/> over <paramref name="dimensions"/> (column names), after the filters.</summary>
    /// <exception cref="ArgumentException">
    /// An unknown column, a column given twice, more than one multi-valued column, or a table above <see cref="MaxCells"/>.
    /// </exception>
    public static CrossTable Count(PersonRecords records, IReadOnlyList<string> dimensions, IReadOnlyList<PersonFilter>? filters = null, int? maxDegreeOfParallelism = null)
    {
        var columns = dimensions.Select(name => records[name]).ToArray();
        if (columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Length)
        {
            throw new ArgumentException("A column is given twice.", nameof(dimensions));
        }
        var multi = Array.FindIndex(columns, c => c.IsMultiValued);
        if (multi >= 0 && Array.FindLastIndex(columns, c => c.IsMultiValued) != multi)
        {
            throw new ArgumentException("At most one multi-valued column (such as forms of exploitation) per table.", nameof(dimensions));
        }
        var tableDimensions = columns.Select(c => new TableDimension(c.Name, c.Labels, c.IsMultiValued)).ToArray();
        var size = 1L;
        foreach (var dimension in tableDimensions)
        {
            size *= dimension.Size;
            if (size > MaxCells)
            {
                throw new ArgumentException($"The table would have more than {MaxCells:N0} cells; use fewer or coarser dimensions.", nameof(dimensions));
            }
        }
        var table = new CrossTable(tableDimensions, new long[size], multi >= 0
            ? $"A person with several values of '{columns[multi].Name}' is counted once under each of them and once in its total, so its categories may add up to more than the total; every other total is the sum of its categories."
            : SingleValuedRule);

        var plan = new CountPlan(table, columns, multi, CompileFilters(records, filters), records.Weights);
        var workers = Math.Clamp(maxDegreeOfParallelism ?? Environment.ProcessorCount, 1, 64);
        var chunk = (records.Count + workers - 1) / Math.Max(workers, 1);
        if (workers == 1 || records.Count < 100_000)
        {
            plan.Count(0, records.Count, table.Cells);
        }
        else
        {
            var partials = new long[workers][];
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var cells = new long[size];
                plan.Count(w * chunk, Math.Min(records.Count, (w + 1) * chunk), cells);
                partials[w] = cells;
            });
            var target = table.Cells;
            foreach (var cells in partials)
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    target[i] += cells[i];
                }
            }
        }
        SumMargins(table);
        return table;
    }

    /// <summary>An origin → destination matrix (e.g. citizenship → country of exploitation) with row and column totals.</summary>
    public static CrossTable Flows(PersonRecords records, string origin, string destination, IReadOnlyList<PersonFilter>? filters = null) =>
        Count(records, [origin, destination], filters);

    /// <summary>Counts per year (or any time column) with the persons of unknown time and the total.</summary>
    public static IReadOnlyList<(string Period, long Persons)> Trend(PersonRecords records, string timeColumn, IReadOnlyList<PersonFilter>? filters = null)
    {
        var table = Count(records, [timeColumn], filters);
        var dimension = table.Dimensions[0];
        return [.. Enumerable.Range(0, dimension.Size).Select(i => (dimension.Label(i), table.Cells[i]))];
    }

    private static (ushort[]? Codes, uint[]? Masks, bool[] Allowed)[] CompileFilters(PersonRecords records, IReadOnlyList<PersonFilter>? filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return [];
        }
        return [.. filters.Select(f =>
        {
            var column = records[f.Column];
            var allowed = new bool[column.Labels.Count];
            var wanted = f.Values.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < allowed.Length; i++)
            {
                allowed[i] = wanted.Contains(column.Labels[i]);
            }
            return (column.Codes, column.Masks, allowed);
        })];
    }

    /// <summary>
    /// Fills in every total from the counted categories, one dimension after the other: after dimension d, every cell
    /// with a total in d holds the sum over d. A multi-valued dimension is skipped: its total was counted directly.
    /// </summary>
    internal static void SumMargins(CrossTable table)
    {
        var cells = table.Cells;
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            var dimension = table.Dimensions[d];
            if (dimension.IsMultiValued)
            {
                continue;
            }
            var stride = table.Stride(d);
            var block = stride * dimension.Size;
            for (var start = 0; start < cells.Length; start += block)
            {
                for (var offset = 0; offset < stride; offset++)
                {
                    var first = start + offset;
                    var sum = 0L;
                    for (var k = 0; k < dimension.Labels.Count; k++)
                    {
                        sum += cells[first + k * stride];
                    }
                    cells[first + dimension.TotalIndex * stride] = sum;
                }
            }
        }
    }

    private sealed class CountPlan(CrossTable table, PersonColumn[] columns, int multi, (ushort[]? Codes, uint[]? Masks, bool[] Allowed)[] filters, int[]? weights)
    {
        public void Count(int from, int to, long[] cells)
        {
            var singles = new List<(ushort[] Codes, int Stride)>();
            for (var d = 0; d < columns.Length; d++)
            {
                if (d != multi)
                {
                    singles.Add((columns[d].Codes!, table.Stride(d)));
                }
            }
            // Specialised loops for the common shapes keep the per-person cost to a few loads and one increment.
            if (filters.Length == 0 && multi < 0 && singles.Count == 3 && weights is null)
            {
                var (a, sa) = singles[0];
                var (b, sb) = singles[1];
                var (c, sc) = singles[2];
                for (var r = from; r < to; r++)
                {
                    cells[a[r] * sa + b[r] * sb + c[r] * sc]++;
                }
                return;
            }
            var codes = singles.Select(s => s.Codes).ToArray();
            var strides = singles.Select(s => s.Stride).ToArray();
            var masks = multi >= 0 ? columns[multi].Masks : null;
            var multiStride = multi >= 0 ? table.Stride(multi) : 0;
            var multiTotal = multi >= 0 ? table.Dimensions[multi].TotalIndex * multiStride : 0;
            for (var r = from; r < to; r++)
            {
                if (!Passes(r))
                {
                    continue;
                }
                var index = 0;
                for (var d = 0; d < codes.Length; d++)
                {
                    index += codes[d][r] * strides[d];
                }
                var weight = weights is null ? 1 : weights[r];
                if (masks is null)
                {
                    cells[index] += weight;
                    continue;
                }
                var mask = masks[r];
                while (mask != 0)
                {
                    var bit = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    cells[index + bit * multiStride] += weight;
                    mask &= mask - 1;
                }
                cells[index + multiTotal] += weight;
            }
        }

        private bool Passes(int r)
        {
            foreach (var (codes, masks, allowed) in filters)
            {
                if (codes is not null)
                {
                    if (!allowed[codes[r]])
                    {
                        return false;
                    }
                    continue;
                }
                var mask = masks![r];
                var any = false;
                while (mask != 0 && !any)
                {
                    any = allowed[System.Numerics.BitOperations.TrailingZeroCount(mask)];
                    mask &= mask - 1;
                }
                if (!any)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
