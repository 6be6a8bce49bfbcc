namespace Ariadne.Analytics.Finance;

/// <summary>Whole-graph algorithms on plain arrays (no per-node objects). Vertices are 0..n−1.</summary>
public static class GraphAlgorithms
{
    /// <summary>
    /// Weakly connected components by union-find (union by size, path halving): the component of each vertex as a
    /// dense label 0..k−1 in order of first vertex, and k. O(m α(n)); one pass over the edge arrays.
    /// </summary>
    public static (int[] Component, int Count) WeaklyConnectedComponents(int vertexCount, ReadOnlySpan<int> source, ReadOnlySpan<int> target)
    {
        var parent = new int[vertexCount];
        var size = new int[vertexCount];
        for (var v = 0; v < vertexCount; v++)
        {
            parent[v] = v;
            size[v] = 1;
        }
        for (var e = 0; e < source.Length; e++)
        {
            var a = Find(parent, source[e]);
            var b = Find(parent, target[e]);
            if (a == b)
            {
                continue;
            }
            if (size[a] < size[b])
            {
                (a, b) = (b, a);
            }
            parent[b] = a;
            size[a] += size[b];
        }
        // Reuse size[] as root → label.
        Array.Fill(size, -1);
        var count = 0;
        for (var v = 0; v < vertexCount; v++)
        {
            var root = Find(parent, v);
            if (size[root] < 0)
            {
                size[root] = count++;
            }
            parent[v] = root;
        }
        for (var v = 0; v < vertexCount; v++)
        {
            parent[v] = size[parent[v]];
        }
        return (parent, count);
    }

    private static int Find(int[] parent, int v)
    {
        while (parent[v] != v)
        {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    /// <summary>
    /// Strongly connected components by Tarjan's algorithm, iterative (an explicit stack: no recursion depth limit):
    /// the component of each vertex (labels 0..k−1 in the order Tarjan completes them, a reverse topological order) and k.
    /// <paramref name="next"/> maps an adjacency entry to its head vertex.
    /// </summary>
    public static (int[] Component, int Count) StronglyConnectedComponents(int vertexCount, int[] offsets, int[] adjacency, Func<int, int>? next = null)
    {
        var index = new int[vertexCount];
        var low = new int[vertexCount];
        var component = new int[vertexCount];
        Array.Fill(index, -1);
        var onStack = new bool[vertexCount];
        var stack = new int[vertexCount];
        var stackTop = 0;
        var callVertex = new int[vertexCount];
        var callEdge = new int[vertexCount];
        var counter = 0;
        var count = 0;
        for (var root = 0; root < vertexCount; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            var depth = 0;
            callVertex[0] = root;
            callEdge[0] = offsets[root];
            index[root] = low[root] = counter++;
            stack[stackTop++] = root;
            onStack[root] = true;
            while (depth >= 0)
            {
                var v = callVertex[depth];
                if (callEdge[depth] < offsets[v + 1])
                {
                    var entry = adjacency[callEdge[depth]++];
                    var w = next is null ? entry : next(entry);
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack[stackTop++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = offsets[w];
                    }
                    else if (onStack[w] && index[w] < low[v])
                    {
                        low[v] = index[w];
                    }
                    continue;
                }
                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack[--stackTop];
                        onStack[w] = false;
                        component[w] = count;
                    }
                    while (w != v);
                    count++;
                }
                depth--;
                if (depth >= 0)
                {
                    var parent = callVertex[depth];
                    if (low[v] < low[parent])
                    {
                        low[parent] = low[v];
                    }
                }
            }
        }
        return (component, count);
    }

    /// <summary>
    /// PageRank by power iteration on the out-adjacency (parallel edges count once each; dangling vertices spread
    /// their rank evenly), until the L1 change is below <paramref name="tolerance"/> or after <paramref name="maxIterations"/>.
    /// Ranks sum to 1.
    /// </summary>
    public static double[] PageRank(int vertexCount, int[] outOffsets, int[] outAdjacency, Func<int, int> head, double damping = 0.85, int maxIterations = 50, double tolerance = 1e-8)
    {
        var rank = new double[vertexCount];
        var next = new double[vertexCount];
        if (vertexCount == 0)
        {
            return rank;
        }
        Array.Fill(rank, 1.0 / vertexCount);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var dangling = 0.0;
            Array.Clear(next);
            for (var v = 0; v < vertexCount; v++)
            {
                var degree = outOffsets[v + 1] - outOffsets[v];
                if (degree == 0)
                {
                    dangling += rank[v];
                    continue;
                }
                var share = rank[v] / degree;
                for (var i = outOffsets[v]; i < outOffsets[v + 1]; i++)
                {
                    next[head(outAdjacency[i])] += share;
                }
            }
            var teleport = (1 - damping + damping * dangling) / vertexCount;
            var change = 0.0;
            for (var v = 0; v < vertexCount; v++)
            {
                var value = teleport + damping * next[v];
                change += Math.Abs(value - rank[v]);
                rank[v] = value;
            }
            if (change < tolerance)
            {
                break;
            }
        }
        return rank;
    }

    /// <summary>
    /// Louvain community detection (Blondel et al. 2008) on an undirected weighted graph given as an edge list
    /// (parallel edges add up; self-loops allowed): local moving until no move raises modularity, then aggregation,
    /// repeated while the number of communities falls. The community of each vertex (dense labels) and the modularity
    /// reached. Deterministic: vertices are visited in id order.
    /// </summary>
    public static (int[] Community, double Modularity) Louvain(int vertexCount, ReadOnlySpan<int> source, ReadOnlySpan<int> target, ReadOnlySpan<double> weight)
    {
        var membership = new int[vertexCount];
        for (var v = 0; v < vertexCount; v++)
        {
            membership[v] = v;
        }
        var (n, src, dst, w) = (vertexCount, source.ToArray(), target.ToArray(), weight.ToArray());
        while (true)
        {
            var (offsets, neighbours, weights, loops) = Undirected(n, src, dst, w);
            var level = LocalMoving(n, offsets, neighbours, weights, loops);
            var communities = level.Max() + 1;
            for (var v = 0; v < vertexCount; v++)
            {
                membership[v] = level[membership[v]];
            }
            if (communities == n)
            {
                break;
            }
            for (var e = 0; e < src.Length; e++)
            {
                src[e] = level[src[e]];
                dst[e] = level[dst[e]];
            }
            n = communities;
        }
        return (membership, Modularity(vertexCount, source, target, weight, membership));
    }

    /// <summary>Newman–Girvan modularity of a partition of an undirected weighted edge list.</summary>
    public static double Modularity(int vertexCount, ReadOnlySpan<int> source, ReadOnlySpan<int> target, ReadOnlySpan<double> weight, int[] community)
    {
        var total = 0.0;
        var inside = new Dictionary<int, double>();
        var degree = new Dictionary<int, double>();
        for (var e = 0; e < source.Length; e++)
        {
            var (a, b) = (community[source[e]], community[target[e]]);
            total += weight[e];
            degree[a] = degree.GetValueOrDefault(a) + weight[e];
            degree[b] = degree.GetValueOrDefault(b) + weight[e];
            if (a == b)
            {
                inside[a] = inside.GetValueOrDefault(a) + weight[e];
            }
        }
        if (total == 0)
        {
            return 0;
        }
        var q = 0.0;
        foreach (var (c, d) in degree)
        {
            q += inside.GetValueOrDefault(c) / total - d / (2 * total) * (d / (2 * total));
        }
        return q;
    }

    private static (int[] Offsets, int[] Neighbours, double[] Weights, double[] Loops) Undirected(int n, int[] src, int[] dst, double[] w)
    {
        var offsets = new int[n + 1];
        var loops = new double[n];
        for (var e = 0; e < src.Length; e++)
        {
            if (src[e] == dst[e])
            {
                loops[src[e]] += w[e];
                continue;
            }
            offsets[src[e] + 1]++;
            offsets[dst[e] + 1]++;
        }
        for (var v = 0; v < n; v++)
        {
            offsets[v + 1] += offsets[v];
        }
        var neighbours = new int[offsets[n]];
        var weights = new double[offsets[n]];
        var fill = (int[])offsets.Clone();
        for (var e = 0; e < src.Length; e++)
        {
            if (src[e] == dst[e])
            {
                continue;
            }
            neighbours[fill[src[e]]] = dst[e];
            weights[fill[src[e]]++] = w[e];
            neighbours[fill[dst[e]]] = src[e];
            weights[fill[dst[e]]++] = w[e];
        }
        return (offsets, neighbours, weights, loops);
    }

    private static int[] LocalMoving(int n, int[] offsets, int[] neighbours, double[] weights, double[] loops)
    {
        var community = new int[n];
        var degree = new double[n];
        var total = new double[n];
        var twoM = 0.0;
        for (var v = 0; v < n; v++)
        {
            community[v] = v;
            degree[v] = 2 * loops[v];
            for (var i = offsets[v]; i < offsets[v + 1]; i++)
            {
                degree[v] += weights[i];
            }
            total[v] = degree[v];
            twoM += degree[v];
        }
        if (twoM == 0)
        {
            return community;
        }
        var linkTo = new double[n];
        var touched = new List<int>();
        bool moved;
        var rounds = 0;
        do
        {
            moved = false;
            for (var v = 0; v < n; v++)
            {
                var own = community[v];
                touched.Clear();
                for (var i = offsets[v]; i < offsets[v + 1]; i++)
                {
                    var c = community[neighbours[i]];
                    if (linkTo[c] == 0)
                    {
                        touched.Add(c);
                    }
                    linkTo[c] += weights[i];
                }
                total[own] -= degree[v];
                var best = own;
                var bestGain = linkTo[own] - total[own] * degree[v] / twoM;
                foreach (var c in touched)
                {
                    var gain = linkTo[c] - total[c] * degree[v] / twoM;
                    if (gain > bestGain + 1e-12)
                    {
                        (best, bestGain) = (c, gain);
                    }
                }
                total[best] += degree[v];
                if (best != own)
                {
                    community[v] = best;
                    moved = true;
                }
                foreach (var c in touched)
                {
                    linkTo[c] = 0;
                }
                linkTo[own] = 0;
            }
        }
        while (moved && ++rounds < 100);
        var label = new int[n];
        Array.Fill(label, -1);
        var next = 0;
        for (var v = 0; v < n; v++)
        {
            if (label[community[v]] < 0)
            {
                label[community[v]] = next++;
            }
            community[v] = label[community[v]];
        }
        return community;
    }
}
