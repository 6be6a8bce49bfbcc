using System.Numerics;

namespace Ariadne.Analytics.Anonymisation;

public sealed record KAnonymityOptions
{
    /// <summary>Every released combination of quasi-identifier values is shared by at least K records (CTDC: 11).</summary>
    public int K { get; init; } = 11;

    /// <summary>The largest share of records that may be suppressed (all their quasi-identifiers set to "*").</summary>
    public double MaxSuppression { get; init; } = 0.05;

    /// <summary>
    /// Distinct ℓ-diversity: every released class also holds at least L different values of <see cref="SensitiveColumn"/>
    /// (1 = off). A class with fewer is suppressed like a class smaller than k.
    /// </summary>
    public int L { get; init; } = 1;

    /// <summary>The sensitive attribute ℓ-diversity is measured on (required when <see cref="L"/> &gt; 1; not a quasi-identifier).</summary>
    public string? SensitiveColumn { get; init; }
}

/// <summary>The outcome of a k-anonymisation: the chosen generalisation and the released records.</summary>
/// <param name="QuasiIdentifiers">The quasi-identifier columns, in the order of <paramref name="Levels"/>.</param>
/// <param name="Levels">The generalisation level chosen for each quasi-identifier (0 = original values).</param>
/// <param name="Rows">The released records, same columns and order as the input; suppressed records have "*" in every quasi-identifier.</param>
/// <param name="SuppressedRecords">The number of suppressed records.</param>
/// <param name="InformationLoss">The loss under <see cref="KAnonymity.MetricDescription"/>, from 0 (nothing lost) to 1.</param>
/// <param name="NodesInLattice">The number of generalisations (lattice nodes) searched over.</param>
/// <param name="NodesEvaluated">How many of them had to be checked against the data (the rest were pruned or tagged).</param>
public sealed record AnonymisationResult(
    IReadOnlyList<string> QuasiIdentifiers,
    IReadOnlyList<int> Levels,
    IReadOnlyList<string[]> Rows,
    int SuppressedRecords,
    double InformationLoss,
    int NodesInLattice,
    int NodesEvaluated);

/// <summary>
/// k-anonymity by full-domain generalisation and record suppression, the optimum over the whole generalisation
/// lattice under <see cref="MetricDescription"/>.
/// </summary>
/// <remarks>
/// With ℓ-diversity on, a record is suppressed when its class is smaller than k or holds fewer than ℓ distinct
/// sensitive values. Both rules stay monotone: classes only merge under generalisation, and a merged class fails only
/// if every class merged into it failed, so the number of suppressed records never grows going up the lattice.
/// The search follows ARX's Flash in its two pruning rules, both sound because merging equivalence classes can only
/// shrink the number of records in classes smaller than k: a node found anonymous (within the suppression limit)
/// tags every generalisation of it anonymous, a node found not anonymous tags every specialisation not anonymous
/// (predictive tagging). Nodes are visited by ascending generalisation loss (a lower bound of the full loss, since
/// suppression only adds to it); an untagged node is resolved by a binary search along a path from it to the top of
/// the lattice, which tags whole regions with a few checks. The visit stops as soon as the lower bound reaches the
/// best loss found, so the result is optimal. A check groups the distinct original combinations (not the records)
/// under one packed 64-bit key per combination.
/// </remarks>
public static class KAnonymity
{
    public const string MetricDescription =
        "Generalisation loss (Sweeney's precision): for each record and quasi-identifier, the level reached divided by the " +
        "height of its hierarchy minus one; a suppressed record counts 1 for each; averaged over records and quasi-identifiers.";

    public static AnonymisationResult Anonymise(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows,
        IReadOnlyDictionary<string, GeneralisationHierarchy> quasiIdentifiers, KAnonymityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.L, 1);
        if (options.MaxSuppression is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The suppression limit is a share between 0 and 1.");
        }
        var names = quasiIdentifiers.Keys.ToArray();
        var q = names.Length;
        var columnIndex = names.Select(n =>
        {
            var i = columns.ToList().FindIndex(c => string.Equals(c, n, StringComparison.Ordinal));
            return i >= 0 ? i : throw new ArgumentException($"No column '{n}'.", nameof(quasiIdentifiers));
        }).ToArray();
        var hierarchies = names.Select(n => quasiIdentifiers[n]).ToArray();
        var heights = hierarchies.Select(h => h.Height).ToArray();
        var sensitive = -1;
        if (options.L > 1)
        {
            sensitive = columns.ToList().FindIndex(c => string.Equals(c, options.SensitiveColumn, StringComparison.Ordinal));
            if (sensitive < 0)
            {
                throw new ArgumentException($"ℓ-diversity needs a sensitive column; there is no column '{options.SensitiveColumn}'.", nameof(options));
            }
            if (columnIndex.Contains(sensitive))
            {
                throw new ArgumentException($"The sensitive column '{options.SensitiveColumn}' cannot also be a quasi-identifier.", nameof(options));
            }
        }
        var space = new Space(rows, columnIndex, hierarchies, sensitive, options.L);
        var limit = (int)Math.Floor(options.MaxSuppression * rows.Count);
        var search = new Search(space, heights, options.K, limit);
        var best = search.Run();
        if (best is null)
        {
            throw new InvalidOperationException(options.L > 1
                ? $"No generalisation reaches k = {options.K} and ℓ = {options.L} within the suppression limit."
                : $"No generalisation reaches k = {options.K} within the suppression limit.");
        }
        var levels = search.Levels(best.Value.Node);
        var (released, suppressed) = space.Release(rows, columnIndex, levels, options.K);
        return new AnonymisationResult(names, levels, released, suppressed, best.Value.Loss, search.NodeCount, search.Evaluated);
    }

    /// <summary>The records as distinct original combinations with counts, and per attribute and level the generalised codes.</summary>
    private sealed class Space
    {
        public Space(IReadOnlyList<string[]> rows, int[] columnIndex, GeneralisationHierarchy[] hierarchies, int sensitiveColumn, int l)
        {
            L = l;
            SensitiveColumn = sensitiveColumn;
            var sensitiveCodes = new Dictionary<string, int>(StringComparer.Ordinal);
            var sensitiveOf = new List<int>();
            var q = columnIndex.Length;
            Map = new int[q][][];
            Domain = new int[q][];
            var valueCodes = new Dictionary<string, int>[q];
            for (var a = 0; a < q; a++)
            {
                var h = hierarchies[a];
                var values = h.Values.ToArray();
                valueCodes[a] = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
                Map[a] = new int[h.Height][];
                Domain[a] = new int[h.Height];
                for (var level = 0; level < h.Height; level++)
                {
                    var labels = new Dictionary<string, int>(StringComparer.Ordinal);
                    Map[a][level] = [.. values.Select(v =>
                    {
                        var label = h.Generalise(v, level);
                        if (!labels.TryGetValue(label, out var code))
                        {
                            labels[label] = code = labels.Count;
                        }
                        return code;
                    })];
                    Domain[a][level] = labels.Count;
                }
            }
            var combos = new Dictionary<string, int>(StringComparer.Ordinal);
            var codes = new List<int[]>();
            var counts = new List<int>();
            RowClass = new int[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                var tuple = new int[q];
                for (var a = 0; a < q; a++)
                {
                    var value = rows[r][columnIndex[a]];
                    if (!valueCodes[a].TryGetValue(value, out tuple[a]))
                    {
                        throw new ArgumentException($"Record {r + 1}: the value '{value}' is not in the hierarchy of its column.", nameof(rows));
                    }
                }
                var key = string.Join('\u001f', tuple);
                var sensitive = 0;
                if (sensitiveColumn >= 0)
                {
                    // With ℓ-diversity a combination is also told apart by its sensitive value.
                    var value = rows[r][sensitiveColumn];
                    if (!sensitiveCodes.TryGetValue(value, out sensitive))
                    {
                        sensitiveCodes[value] = sensitive = sensitiveCodes.Count;
                    }
                    key += "\u001e" + sensitive.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                if (!combos.TryGetValue(key, out var id))
                {
                    combos[key] = id = codes.Count;
                    codes.Add(tuple);
                    counts.Add(0);
                    sensitiveOf.Add(sensitive);
                }
                counts[id]++;
                RowClass[r] = id;
            }
            Codes = new int[q][];
            for (var a = 0; a < q; a++)
            {
                Codes[a] = [.. codes.Select(t => t[a])];
            }
            Counts = [.. counts];
            Sensitive = [.. sensitiveOf];
            Hierarchies = hierarchies;
            Bottom = new Classes(Codes, Counts);
            // A fixed mixed radix over the original domains: a class key is a sum of per-attribute parts, exact in 64 bits.
            Part = new long[q][][];
            long radix = 1;
            for (var a = 0; a < q; a++)
            {
                Part[a] = [.. Map[a].Select(level => level.Select(code => code * radix).ToArray())];
                radix = checked(radix * Domain[a][0]);
            }
        }

        /// <summary>The original combinations and their counts.</summary>
        public Classes Bottom { get; }

        /// <summary>Part[attribute][level][original code] = generalised code times the attribute's radix.</summary>
        public long[][][] Part { get; }

        public GeneralisationHierarchy[] Hierarchies { get; }

        /// <summary>Map[attribute][level][original code] = generalised code.</summary>
        public int[][][] Map { get; }

        public int[][] Domain { get; }

        /// <summary>Codes[attribute][combination] = original code.</summary>
        public int[][] Codes { get; }

        public int[] Counts { get; }

        public int[] RowClass { get; }

        /// <summary>Sensitive[combination] = code of its sensitive value (0 when ℓ-diversity is off).</summary>
        public int[] Sensitive { get; }

        public int L { get; }

        public int SensitiveColumn { get; }

        /// <summary>Roll-up from cached classes loses the sensitive values, so it is only used without ℓ-diversity.</summary>
        public bool CanRollUp => L <= 1;

        private long[] _keys = [];
        private int[] _sizes = [];
        private int[] _first = [];

        /// <summary>
        /// The number of records in classes smaller than k under <paramref name="levels"/>, counted from the classes
        /// of <paramref name="source"/> (any node below, or the original combinations), and the classes at these levels.
        /// </summary>
        public (int Suppressed, Classes Classes) Suppressed(int[] levels, int k, Classes source)
        {
            var n = source.Counts.Length;
            var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
            if (_keys.Length < capacity)
            {
                _keys = new long[capacity];
                _sizes = new int[capacity];
                _first = new int[capacity];
            }
            var keys = _keys.AsSpan(0, capacity);
            keys.Fill(-1L);
            var sizes = _sizes.AsSpan(0, capacity);
            sizes.Clear();
            var first = _first;
            var mask = capacity - 1;
            var q = levels.Length;
            var key = new long[n];
            for (var a = 0; a < q; a++)
            {
                var part = Part[a][levels[a]];
                var codes = source.Codes[a];
                for (var c = 0; c < n; c++)
                {
                    key[c] += part[codes[c]];
                }
            }
            var slots = new int[n];
            var classes = 0;
            for (var c = 0; c < n; c++)
            {
                var kc = key[c];
                var slot = (int)(unchecked((ulong)kc * 0x9E3779B97F4A7C15UL) >> 40) & mask;
                while (keys[slot] != -1 && keys[slot] != kc)
                {
                    slot = (slot + 1) & mask;
                }
                if (keys[slot] == -1)
                {
                    keys[slot] = kc;
                    first[slot] = c;
                    classes++;
                }
                sizes[slot] += source.Counts[c];
                slots[c] = slot;
            }
            int[]? distinct = null;
            if (L > 1)
            {
                // Source is always the original combinations here, each with one sensitive value.
                distinct = new int[capacity];
                var seen = new HashSet<long>();
                for (var c = 0; c < n; c++)
                {
                    if (seen.Add(((long)slots[c] << 32) | (uint)Sensitive[c]))
                    {
                        distinct[slots[c]]++;
                    }
                }
            }
            var suppressed = 0;
            var repCodes = new int[q][];
            for (var a = 0; a < q; a++)
            {
                repCodes[a] = new int[classes];
            }
            var counts = new int[classes];
            var next = 0;
            for (var c = 0; c < n; c++)
            {
                var slot = slots[c];
                var size = sizes[slot];
                if (size < k || (distinct is not null && distinct[slot] < L))
                {
                    suppressed += source.Counts[c];
                }
                if (first[slot] == c)
                {
                    for (var a = 0; a < q; a++)
                    {
                        repCodes[a][next] = source.Codes[a][c];
                    }
                    counts[next++] = size;
                }
            }
            return (suppressed, new Classes(repCodes, counts));
        }

        public (IReadOnlyList<string[]> Rows, int Suppressed) Release(IReadOnlyList<string[]> rows, int[] columnIndex, int[] levels, int k)
        {
            // Class sizes per combination under the chosen levels.
            var size = new Dictionary<string, int>(StringComparer.Ordinal);
            var values = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
            var keys = new string[Counts.Length];
            for (var c = 0; c < Counts.Length; c++)
            {
                keys[c] = string.Join('\u001f', Enumerable.Range(0, levels.Length).Select(a => Map[a][levels[a]][Codes[a][c]]));
                size[keys[c]] = size.GetValueOrDefault(keys[c]) + Counts[c];
                if (!values.TryGetValue(keys[c], out var set))
                {
                    values[keys[c]] = set = [];
                }
                set.Add(Sensitive[c]);
            }
            var released = new List<string[]>(rows.Count);
            var suppressed = 0;
            for (var r = 0; r < rows.Count; r++)
            {
                var row = (string[])rows[r].Clone();
                var key = keys[RowClass[r]];
                var hide = size[key] < k || values[key].Count < L;
                suppressed += hide ? 1 : 0;
                for (var a = 0; a < columnIndex.Length; a++)
                {
                    row[columnIndex[a]] = hide ? "*" : Hierarchies[a].Generalise(rows[r][columnIndex[a]], levels[a]);
                }
                released.Add(row);
            }
            return (released, suppressed);
        }
    }

    /// <summary>Equivalence classes: a representative's original codes per attribute, and the class sizes.</summary>
    private sealed record Classes(int[][] Codes, int[] Counts);

    private sealed class Search(Space space, int[] heights, int k, int limit)
    {
        // Classes of checked nodes, reused to check the nodes above them ("roll-up"); bounded in memory.
        private const long CacheBudget = 40_000_000;
        private readonly Dictionary<int, Classes> _cache = [];
        private long _cached;

        private const byte Unknown = 0, Anonymous = 1, NotAnonymous = 2;

        private readonly int _q = heights.Length;
        private readonly int[] _stride = Strides(heights);
        private byte[] _tag = [];
        private int[] _suppressed = [];

        public int NodeCount { get; private set; }

        public int Evaluated { get; private set; }

        private static int[] Strides(int[] heights)
        {
            var strides = new int[heights.Length];
            var s = 1;
            for (var a = heights.Length - 1; a >= 0; a--)
            {
                strides[a] = s;
                s = checked(s * heights[a]);
            }
            return strides;
        }

        public int[] Levels(int node)
        {
            var levels = new int[_q];
            for (var a = 0; a < _q; a++)
            {
                levels[a] = node / _stride[a] % heights[a];
            }
            return levels;
        }

        private double LowerBound(int node)
        {
            var sum = 0.0;
            for (var a = 0; a < _q; a++)
            {
                var height = heights[a];
                sum += height > 1 ? (double)(node / _stride[a] % height) / (height - 1) : 0;
            }
            return sum / _q;
        }

        public (int Node, double Loss)? Run()
        {
            NodeCount = _stride[0] * heights[0];
            _tag = new byte[NodeCount];
            _suppressed = Enumerable.Repeat(-1, NodeCount).ToArray();
            var total = space.Counts.Sum();
            var order = Enumerable.Range(0, NodeCount).Select(n => (n, lb: LowerBound(n))).OrderBy(p => p.lb).ThenBy(p => p.n).ToArray();
            (int Node, double Loss)? best = null;
            foreach (var (node, lb) in order)
            {
                if (best is { } b && lb >= b.Loss)
                {
                    break;
                }
                if (_tag[node] == Unknown)
                {
                    Resolve(node);
                }
                if (_tag[node] != Anonymous)
                {
                    continue;
                }
                var suppressed = Check(node);
                var loss = lb + (double)suppressed / total * (1 - lb);
                if (best is null || loss < best.Value.Loss)
                {
                    best = (node, loss);
                }
            }
            return best;
        }

        /// <summary>Binary search for the anonymity boundary on a path from <paramref name="node"/> to the top, tagging as it goes.</summary>
        private void Resolve(int node)
        {
            var path = new List<int> { node };
            var levels = Levels(node);
            while (true)
            {
                // Raise the attribute with the most levels left: a path through the middle of the lattice.
                var pick = -1;
                for (var a = 0; a < _q; a++)
                {
                    if (levels[a] < heights[a] - 1 && (pick < 0 || heights[a] - levels[a] > heights[pick] - levels[pick]))
                    {
                        pick = a;
                    }
                }
                if (pick < 0)
                {
                    break;
                }
                levels[pick]++;
                path.Add(path[^1] + _stride[pick]);
            }
            int low = 0, high = path.Count - 1;
            while (low <= high && _tag[path[low]] == Unknown)
            {
                var mid = (low + high) / 2;
                var m = path[mid];
                if (_tag[m] == Unknown)
                {
                    Check(m);
                }
                if (_tag[m] == Anonymous)
                {
                    high = mid - 1;
                }
                else
                {
                    low = mid + 1;
                }
            }
            if (_tag[node] == Unknown)
            {
                Check(node);
            }
        }

        private int Check(int node)
        {
            if (_suppressed[node] >= 0)
            {
                return _suppressed[node];
            }
            Evaluated++;
            var levels = Levels(node);
            var source = space.Bottom;
            foreach (var (other, classes) in space.CanRollUp ? _cache : [])
            {
                if (classes.Counts.Length < source.Counts.Length && Below(other, levels))
                {
                    source = classes;
                }
            }
            var (suppressed, result) = space.Suppressed(levels, k, source);
            var cost = (long)result.Counts.Length * (levels.Length + 1);
            if (space.CanRollUp && _cached + cost <= CacheBudget && result.Counts.Length < space.Bottom.Counts.Length / 2)
            {
                _cache[node] = result;
                _cached += cost;
            }
            _suppressed[node] = suppressed;
            if (suppressed <= limit)
            {
                Tag(node, Anonymous, +1);
            }
            else
            {
                Tag(node, NotAnonymous, -1);
            }
            return suppressed;
        }

        private bool Below(int node, int[] levels)
        {
            for (var a = 0; a < _q; a++)
            {
                if (node / _stride[a] % heights[a] > levels[a])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Tags the node and every node above (direction +1) or below (-1) it.</summary>
        private void Tag(int node, byte tag, int direction)
        {
            var stack = new Stack<int>();
            if (_tag[node] == tag)
            {
                return;
            }
            _tag[node] = tag;
            stack.Push(node);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                for (var a = 0; a < _q; a++)
                {
                    var level = n / _stride[a] % heights[a];
                    var next = level + direction;
                    if (next < 0 || next >= heights[a])
                    {
                        continue;
                    }
                    var neighbour = n + direction * _stride[a];
                    if (_tag[neighbour] != tag)
                    {
                        _tag[neighbour] = tag;
                        stack.Push(neighbour);
                    }
                }
            }
        }
    }
}
