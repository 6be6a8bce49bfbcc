namespace Ariadne.Analytics.Finance;

/// <summary>
/// One entity that spans several accounts: the accounts, how many distinct holder names (names that are equal or that a
/// fuzzy name link joins count once), the kinds of identifier that tie it together, and the fuzzy name links inside it.
/// </summary>
public sealed record SharedIdentifierEntity(int[] Accounts, int Parties, int DistinctNames, IReadOnlyDictionary<string, int> SharedKeys)
{
    public IReadOnlyList<NameLink> NameLinks { get; init; } = [];
}

/// <summary>
/// Exact entity resolution of account holders on opaque identifier keys (blind indexes: nothing here sees a phone number
/// or an address) and rule R6 (FIN-2014-A008, FATF/APG 2018: unrelated accounts sharing a phone, e-mail, address or
/// document). Two parties are one entity when they share any key of any kind (connected components over key buckets, so sharing
/// is transitive: A shares a phone with B, B an address with C). An entity is reported when it spans at least
/// <c>minAccounts</c> accounts and its parties carry at least two different names (the same person holding several
/// accounts is not suspicious by itself; different people behind one phone are).
/// </summary>
public static class SharedIdentifiers
{
    /// <param name="partyAccount">Per party, its account (dense id).</param>
    /// <param name="partyName">Per party, an opaque key of its normalised name, or null.</param>
    /// <param name="keys">Per kind of identifier (phone, email, …), per party, an opaque key or null.</param>
    /// <param name="minAccounts">The fewest accounts an entity must span to be reported.</param>
    /// <param name="nameLinks">Fuzzy links (<see cref="SimilarNames.Link"/>): the same holder under name variants; they join entities like a shared key, and the two names count as one.</param>
    public static IReadOnlyList<SharedIdentifierEntity> Resolve(int[] partyAccount, string?[] partyName, IReadOnlyDictionary<string, string?[]> keys, int minAccounts = 2,
        IReadOnlyList<NameLink>? nameLinks = null)
    {
        var n = partyAccount.Length;
        nameLinks ??= [];
        // One edge from each party to the first party seen with the same key, and one per name link; components are the entities.
        var source = new List<int>(nameLinks.Select(l => l.A));
        var target = new List<int>(nameLinks.Select(l => l.B));
        foreach (var (_, values) in keys)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                if (values[i] is not { } key)
                {
                    continue;
                }
                if (first.TryGetValue(key, out var other))
                {
                    source.Add(i);
                    target.Add(other);
                }
                else
                {
                    first.Add(key, i);
                }
            }
        }
        var (component, count) = GraphAlgorithms.WeaklyConnectedComponents(n, source.ToArray(), target.ToArray());
        var groups = new List<int>[count];
        for (var i = 0; i < n; i++)
        {
            (groups[component[i]] ??= []).Add(i);
        }
        var linksOf = nameLinks.ToLookup(l => component[l.A]);
        var result = new List<SharedIdentifierEntity>();
        for (var c = 0; c < count; c++)
        {
            var members = groups[c];
            var accounts = members.Select(p => partyAccount[p]).Distinct().Order().ToArray();
            var links = linksOf[c].ToList();
            var names = DistinctNames(members, partyName, links);
            if (accounts.Length < minAccounts || names < 2)
            {
                continue;
            }
            var shared = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (kind, values) in keys)
            {
                var sharedValues = members.Select(p => values[p]).OfType<string>().GroupBy(v => v, StringComparer.Ordinal).Count(g => g.Count() > 1);
                if (sharedValues > 0)
                {
                    shared[kind] = sharedValues;
                }
            }
            result.Add(new SharedIdentifierEntity(accounts, members.Count, names, shared) { NameLinks = links });
        }
        return result;
    }

    /// <summary>The number of different holders by name: equal name keys are one, and a name link makes its two parties' names one.</summary>
    private static int DistinctNames(List<int> members, string?[] partyName, List<NameLink> links)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }
            return x;
        }
        foreach (var name in members.Select(p => partyName[p]).OfType<string>())
        {
            parent.TryAdd(name, name);
        }
        foreach (var link in links)
        {
            if (partyName[link.A] is { } a && partyName[link.B] is { } b)
            {
                parent[Find(a)] = Find(b);
            }
        }
        return parent.Keys.Count(k => Find(k) == k);
    }
}
