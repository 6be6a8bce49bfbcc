namespace Ariadne.Analytics.Statistics;

/// <summary>One dimension of a <see cref="CrossTable"/>: its categories, followed by the total at index <c>Labels.Count</c>.</summary>
/// <param name="Name">The column the dimension counts.</param>
/// <param name="Labels">The categories in report order (without the total).</param>
/// <param name="IsMultiValued">
/// True when a person may fall in several categories: the total then counts each person once and is not the sum of
/// the categories.
/// </param>
public sealed record TableDimension(string Name, IReadOnlyList<string> Labels, bool IsMultiValued)
{
    /// <summary>The index of the total (one past the last category).</summary>
    public int TotalIndex => Labels.Count;

    /// <summary>The number of positions along this dimension: the categories and the total.</summary>
    public int Size => Labels.Count + 1;

    public string Label(int index) => index == TotalIndex ? CrossTable.TotalLabel : Labels[index];
}

/// <summary>
/// A table of person counts over one or more dimensions with every subtotal and the grand total: along each dimension
/// the last position is the total. Cells are stored row-major (the last dimension varies fastest).
/// Along a single-valued dimension the total is the sum of the categories; along a multi-valued one (see
/// <see cref="CountingRule"/>) it counts each person once.
/// </summary>
public sealed class CrossTable
{
    /// <summary>The label of a total position.</summary>
    public const string TotalLabel = "Total";

    private readonly int[] _strides;

    public CrossTable(IReadOnlyList<TableDimension> dimensions, long[] cells, string countingRule)
    {
        Dimensions = dimensions;
        _strides = new int[dimensions.Count];
        var size = 1L;
        for (var d = dimensions.Count - 1; d >= 0; d--)
        {
            _strides[d] = checked((int)size);
            size *= dimensions[d].Size;
        }
        if (cells.Length != size)
        {
            throw new ArgumentException($"The dimensions have {size} cells, the array {cells.Length}.", nameof(cells));
        }
        Cells = cells;
        CountingRule = countingRule;
    }

    public IReadOnlyList<TableDimension> Dimensions { get; }

    /// <summary>The counts, row-major, totals included.</summary>
    public long[] Cells { get; }

    /// <summary>How persons were counted, to be stated with every published table.</summary>
    public string CountingRule { get; }

    /// <summary>The grand total: every dimension at its total.</summary>
    public long GrandTotal => Cells[^1];

    public int Stride(int dimension) => _strides[dimension];

    public long this[params ReadOnlySpan<int> indices] => Cells[IndexOf(indices)];

    public int IndexOf(ReadOnlySpan<int> indices)
    {
        if (indices.Length != Dimensions.Count)
        {
            throw new ArgumentException($"{Dimensions.Count} indices are needed.", nameof(indices));
        }
        var index = 0;
        for (var d = 0; d < indices.Length; d++)
        {
            if ((uint)indices[d] >= (uint)Dimensions[d].Size)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[d]} is outside dimension '{Dimensions[d].Name}'.");
            }
            index += indices[d] * _strides[d];
        }
        return index;
    }

    /// <summary>The position of cell <paramref name="index"/> along every dimension.</summary>
    public int[] Coordinates(int index)
    {
        var result = new int[Dimensions.Count];
        for (var d = 0; d < result.Length; d++)
        {
            result[d] = index / _strides[d] % Dimensions[d].Size;
        }
        return result;
    }

    /// <summary>The count at the given labels (<see cref="TotalLabel"/> for a total), e.g. <c>Count("female", "Total")</c>.</summary>
    public long Count(params string[] labels)
    {
        var indices = new int[Dimensions.Count];
        for (var d = 0; d < indices.Length; d++)
        {
            var dimension = Dimensions[d];
            indices[d] = labels[d] == TotalLabel ? dimension.TotalIndex : IndexOfLabel(dimension, labels[d]);
        }
        return this[indices];
    }

    private static int IndexOfLabel(TableDimension dimension, string label)
    {
        for (var i = 0; i < dimension.Labels.Count; i++)
        {
            if (string.Equals(dimension.Labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new ArgumentException($"Dimension '{dimension.Name}' has no category '{label}'.", nameof(label));
    }
}
