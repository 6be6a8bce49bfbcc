namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// Clusters linked pairs into persons with a guard against chains.
/// </summary>
/// <remarks>
/// Splink takes the connected components of the links above a threshold. That chains: if A links to B and B to C, A
/// and C end up as one person even when A and C plainly are two people (a common name, a shared address), and in
/// large files such chains grow into giant clusters. Here the links are taken from the most probable down (ties by
/// record index, so the result is deterministic), and two clusters are merged only if <b>every</b> pair across them
/// has an evidence (the match weight without the prior: the pair's own values) of at least
/// <c>guard</c> bits — that is, no two members clearly differ. Pairs across that blocking never compared are scored
/// on the spot. This is complete-linkage's condition applied only at the point of merging, which keeps clusters
/// coherent without demanding that every member link above the threshold to every other (a duplicate with a typo may
/// link strongly to the original and only moderately to another duplicate). A limit on the diameter was not chosen: it
/// would split a family of duplicates that are all alike just because they were found through one another. The guard's
/// default of 0 bits means "the values themselves speak against these two being one person", independent of the
/// file's size (the prior λ, which shrinks with the file, does not enter).
/// </remarks>
public static class PairClustering
{
    /// <param name="count">The number of records.</param>
    /// <param name="links">The pairs above the threshold with their probability.</param>
    /// <param name="evidence">The evidence (bits, no prior) of any pair of records.</param>
    /// <param name="guard">The least evidence between any two members of a merged cluster.</param>
    /// <returns>Each record's cluster id, 0-based, numbered in the order of each cluster's first record.</returns>
    public static int[] Cluster(int count, IReadOnlyList<(int A, int B, double Probability)> links, Func<int, int, double> evidence, double guard)
    {
        var order = links.Select((l, i) => i).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var byProbability = links[y].Probability.CompareTo(links[x].Probability);
            if (byProbability != 0)
            {
                return byProbability;
            }
            var byA = Math.Min(links[x].A, links[x].B).CompareTo(Math.Min(links[y].A, links[y].B));
            return byA != 0 ? byA : Math.Max(links[x].A, links[x].B).CompareTo(Math.Max(links[y].A, links[y].B));
        });
        var root = Enumerable.Range(0, count).ToArray();
        var members = new Dictionary<int, List<int>>();
        List<int> MembersOf(int r) => members.TryGetValue(r, out var list) ? list : [r];
        int Find(int x)
        {
            while (root[x] != x)
            {
                root[x] = root[root[x]];
                x = root[x];
            }
            return x;
        }
        foreach (var index in order)
        {
            var (a, b, _) = links[index];
            var ra = Find(a);
            var rb = Find(b);
            if (ra == rb)
            {
                continue;
            }
            var left = MembersOf(ra);
            var right = MembersOf(rb);
            var coherent = true;
            foreach (var x in left)
            {
                foreach (var y in right)
                {
                    if ((x != a || y != b) && (x != b || y != a) && evidence(x, y) < guard)
                    {
                        coherent = false;
                        break;
                    }
                }
                if (!coherent)
                {
                    break;
                }
            }
            if (!coherent)
            {
                continue;
            }
            if (left.Count < right.Count)
            {
                (ra, rb, left, right) = (rb, ra, right, left);
            }
            root[rb] = ra;
            var merged = members.TryGetValue(ra, out var existing) ? existing : [ra];
            merged.AddRange(right);
            members[ra] = merged;
            members.Remove(rb);
        }
        var cluster = new int[count];
        var ids = new Dictionary<int, int>();
        for (var r = 0; r < count; r++)
        {
            var top = Find(r);
            if (!ids.TryGetValue(top, out var id))
            {
                id = ids.Count;
                ids[top] = id;
            }
            cluster[r] = id;
        }
        return cluster;
    }
}
