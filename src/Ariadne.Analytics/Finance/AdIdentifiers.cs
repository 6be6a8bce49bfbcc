namespace Ariadne.Analytics.Finance;

/// <summary>One ad-identifier list as opaque keys: the blind indexes (hex) of its phone numbers and of its e-mail addresses.</summary>
public sealed record AdIdentifierList(IReadOnlySet<string> Phones, IReadOnlySet<string> Emails);

/// <summary>One hit of R19: the account, the list (its position in the lists given) and the identifier kind that matched ("phone" or "email").</summary>
public sealed record AdIdentifierHit(int Account, int List, string Kind);

/// <summary>
/// R19 identifiers in ads (FIN-2020-A008 #6), on opaque keys only: a party whose phone or e-mail key is on a list is a
/// hit for its account. The keys are blind indexes computed with the same keyed normalisation for the parties and for
/// the lists, so no identifier is compared (or known) in plain.
/// </summary>
public static class AdIdentifiers
{
    /// <summary>The hits, each (account, list, kind) once, ordered by account, list and kind.</summary>
    /// <param name="accounts">The party's account index, per party.</param>
    /// <param name="phoneKeys">The party's phone key, per party (null without one).</param>
    /// <param name="emailKeys">The party's e-mail key, per party (null without one).</param>
    /// <param name="lists">The lists, each as its phone and e-mail keys.</param>
    public static IReadOnlyList<AdIdentifierHit> Match(int[] accounts, string?[] phoneKeys, string?[] emailKeys, IReadOnlyList<AdIdentifierList> lists)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(phoneKeys);
        ArgumentNullException.ThrowIfNull(emailKeys);
        ArgumentNullException.ThrowIfNull(lists);
        var hits = new SortedSet<(int Account, int List, string Kind)>();
        for (var p = 0; p < accounts.Length; p++)
        {
            for (var l = 0; l < lists.Count; l++)
            {
                if (phoneKeys[p] is { } phone && lists[l].Phones.Contains(phone))
                {
                    hits.Add((accounts[p], l, "phone"));
                }
                if (emailKeys[p] is { } email && lists[l].Emails.Contains(email))
                {
                    hits.Add((accounts[p], l, "email"));
                }
            }
        }
        return [.. hits.Select(h => new AdIdentifierHit(h.Account, h.List, h.Kind))];
    }
}
