namespace Ariadne.Core.DemoData;

/// <summary>A fixed discrete distribution: picks an item with probability proportional to its weight.</summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    /// <summary>Items with a weight of zero or less are left out; the table may end up empty (see <see cref="IsEmpty"/>).</summary>
    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var kept = entries.Where(e => e.Weight > 0).ToList();
        _items = [.. kept.Select(e => e.Item)];
        _cumulative = new double[kept.Count];
        var running = 0.0;
        for (var i = 0; i < kept.Count; i++)
        {
            running += kept[i].Weight;
            _cumulative[i] = running;
        }
    }

    public bool IsEmpty => _items.Length == 0;

    public IReadOnlyList<T> Items => _items;

    public T Pick(Random random)
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("Cannot pick from an empty table.");
        }
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        // BinarySearch returns the complement of the first larger element when the exact value is absent.
        index = index < 0 ? ~index : index + 1;
        return _items[Math.Min(index, _items.Length - 1)];
    }

    /// <summary>Up to <paramref name="count"/> distinct items, each drawn by weight among those not yet drawn.</summary>
    public List<T> PickDistinct(Random random, int count)
    {
        var chosen = new List<T>(count);
        var remaining = _items.Select((item, i) => (Item: item, Weight: _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]))).ToList();
        while (chosen.Count < count && remaining.Count > 0)
        {
            var total = remaining.Sum(r => r.Weight);
            var target = random.NextDouble() * total;
            var index = 0;
            for (var acc = remaining[0].Weight; acc <= target && index < remaining.Count - 1; acc += remaining[index].Weight)
            {
                index++;
            }
            chosen.Add(remaining[index].Item);
            remaining.RemoveAt(index);
        }
        return chosen;
    }
}
