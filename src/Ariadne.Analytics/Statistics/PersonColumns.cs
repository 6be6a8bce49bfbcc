namespace Ariadne.Analytics.Statistics;

/// <summary>
/// One dictionary-encoded column of a <see cref="PersonRecords"/> set: a code per person indexing
/// <see cref="Labels"/> (single-valued), or a bit set per person over <see cref="Labels"/> (multi-valued, at most 32
/// labels, such as forms of exploitation).
/// </summary>
public sealed class PersonColumn
{
    internal PersonColumn(string name, IReadOnlyList<string> labels, ushort[]? codes, uint[]? masks)
    {
        Name = name;
        Labels = labels;
        Codes = codes;
        Masks = masks;
    }

    public string Name { get; }

    /// <summary>The category labels in report order; a code or bit position indexes this list.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>True when a person may hold several categories at once (one bit per category).</summary>
    public bool IsMultiValued => Masks is not null;

    internal ushort[]? Codes { get; }

    internal uint[]? Masks { get; }

    internal int Length => Codes?.Length ?? Masks!.Length;

    /// <summary>A single-valued column over existing codes (each below <c>labels.Count</c>); the array is used, not copied.</summary>
    public static PersonColumn FromCodes(string name, IReadOnlyList<string> labels, ushort[] codes)
    {
        CheckLabels(name, labels, ushort.MaxValue);
        var max = labels.Count;
        foreach (var code in codes)
        {
            if (code >= max)
            {
                throw new ArgumentException($"Column '{name}' has code {code} but only {max} labels.", nameof(codes));
            }
        }
        return new PersonColumn(name, labels, codes, null);
    }

    /// <summary>
    /// A multi-valued column over existing bit sets (bit i set: the person holds <c>labels[i]</c>); every person needs
    /// at least one bit, so that a person is never lost from a table (use an "Unknown" label). The array is used, not copied.
    /// </summary>
    public static PersonColumn FromMasks(string name, IReadOnlyList<string> labels, uint[] masks)
    {
        CheckLabels(name, labels, 32);
        var allowed = labels.Count == 32 ? uint.MaxValue : (1u << labels.Count) - 1;
        foreach (var mask in masks)
        {
            if (mask == 0 || (mask & ~allowed) != 0)
            {
                throw new ArgumentException($"Column '{name}' has a person with no category or a category beyond its {labels.Count} labels.", nameof(masks));
            }
        }
        return new PersonColumn(name, labels, null, masks);
    }

    private static void CheckLabels(string name, IReadOnlyList<string> labels, int max)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (labels.Count == 0 || labels.Count > max)
        {
            throw new ArgumentException($"Column '{name}' needs 1 to {max} labels, not {labels.Count}.", nameof(labels));
        }
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new ArgumentException($"Column '{name}' has a label twice.", nameof(labels));
        }
    }
}

/// <summary>
/// Builds a dictionary-encoded column value by value. Labels given up front keep their order (e.g. age bands in
/// ascending order); values not seen before are appended. A null or empty value becomes <see cref="UnknownLabel"/>.
/// </summary>
public sealed class PersonColumnBuilder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _labels = [];
    private readonly List<ushort> _codes = [];
    private readonly List<uint> _masks = [];

    public PersonColumnBuilder(string name, bool multiValued = false, IEnumerable<string>? labels = null, string unknownLabel = "Unknown")
    {
        Name = name;
        IsMultiValued = multiValued;
        UnknownLabel = unknownLabel;
        foreach (var label in labels ?? [])
        {
            Code(label);
        }
    }

    public string Name { get; }

    public bool IsMultiValued { get; }

    public string UnknownLabel { get; }

    /// <summary>Adds one person's value to a single-valued column.</summary>
    public void Add(string? value)
    {
        if (IsMultiValued)
        {
            throw new InvalidOperationException($"Column '{Name}' is multi-valued: add a set of values.");
        }
        _codes.Add(checked((ushort)Code(string.IsNullOrEmpty(value) ? UnknownLabel : value)));
    }

    /// <summary>Adds one person's values to a multi-valued column; duplicates count once, no value counts as unknown.</summary>
    public void Add(IEnumerable<string> values)
    {
        if (!IsMultiValued)
        {
            throw new InvalidOperationException($"Column '{Name}' is single-valued: add one value.");
        }
        var mask = 0u;
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                mask |= 1u << Code(value);
            }
        }
        _masks.Add(mask == 0 ? 1u << Code(UnknownLabel) : mask);
    }

    public PersonColumn Build() => IsMultiValued
        ? new PersonColumn(Name, _labels.ToArray(), null, _masks.ToArray())
        : new PersonColumn(Name, _labels.ToArray(), _codes.ToArray(), null);

    private int Code(string label)
    {
        if (_index.TryGetValue(label, out var code))
        {
            return code;
        }
        code = _labels.Count;
        if (code >= (IsMultiValued ? 32 : ushort.MaxValue))
        {
            throw new InvalidOperationException($"Column '{Name}' has too many distinct values.");
        }
        _index.Add(label, code);
        _labels.Add(label);
        return code;
    }
}

/// <summary>
/// Persons as columns: each column dictionary-encoded, all of the same length. Compact (2 bytes a value, 4 for a
/// multi-valued column) so that ten million persons fit in memory and are counted in a single pass.
/// A record may stand for several persons with the same values (<see cref="Weights"/>): counts grouped in the
/// database are counted as if each person were a record of its own.
/// </summary>
public sealed class PersonRecords
{
    private readonly Dictionary<string, PersonColumn> _columns;

    /// <param name="columns">The columns, all of the same length.</param>
    /// <param name="weights">
    /// Null when every record is one person; otherwise the number of persons each record stands for (each at least 1),
    /// one per record. The array is used, not copied.
    /// </param>
    public PersonRecords(IEnumerable<PersonColumn> columns, int[]? weights = null)
    {
        _columns = new Dictionary<string, PersonColumn>(StringComparer.OrdinalIgnoreCase);
        var count = -1;
        foreach (var column in columns)
        {
            if (!_columns.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' is given twice.", nameof(columns));
            }
            if (count >= 0 && column.Length != count)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} values, the others {count}.", nameof(columns));
            }
            count = column.Length;
        }
        Count = Math.Max(count, 0);
        if (weights is not null)
        {
            if (weights.Length != Count)
            {
                throw new ArgumentException($"There are {weights.Length} weights for {Count} records.", nameof(weights));
            }
            if (Array.Exists(weights, w => w < 1))
            {
                throw new ArgumentException("Every weight must be 1 or more.", nameof(weights));
            }
        }
        Weights = weights;
    }

    /// <summary>The number of records (persons, or groups of persons when <see cref="Weights"/> is set).</summary>
    public int Count { get; }

    /// <summary>The number of persons each record stands for; null when each record is one person.</summary>
    public int[]? Weights { get; }

    public IEnumerable<PersonColumn> Columns => _columns.Values;

    /// <exception cref="ArgumentException">No column of that name (names are case-insensitive).</exception>
    public PersonColumn this[string name] => _columns.TryGetValue(name, out var column)
        ? column
        : throw new ArgumentException($"No column '{name}'; there are: {string.Join(", ", _columns.Keys)}.", nameof(name));

    public bool Contains(string name) => _columns.ContainsKey(name);
}
