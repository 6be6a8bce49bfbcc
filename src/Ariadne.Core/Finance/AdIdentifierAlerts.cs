using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ariadne.Analytics.Finance;

namespace Ariadne.Core.Finance;

/// <summary>
/// R19 (identifiers in ads, FIN-2020-A008 #6) as alerts, the same for the product's run (stored lists, the installation's
/// blind indexes) and for <c>finance analyse --parties FILE --ad-list FILE</c> (<see cref="AdListFiles"/>: keyed hashes
/// under a random key of the run): one alert per account and list, ids I000001 … in the order of
/// <see cref="AdIdentifiers.Match"/>, and each account's score raised by the R19 weight with the reason
/// "R19 ad_identifier ID". The explanation names the identifier kind and the list, never the identifier.
/// </summary>
public static class AdIdentifierAlerts
{
    /// <summary>A list as an explanation names it: its name and, for a stored list, its version, source and legal basis.</summary>
    public sealed record Label(string Name, int? Version = null, string? Source = null, string? LegalBasis = null);

    public static List<FinanceAlert> Build(IReadOnlyList<Label> lists, IReadOnlyList<AdIdentifierHit> hits, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(rules);
        var alerts = new List<FinanceAlert>();
        foreach (var group in hits.GroupBy(h => (h.Account, h.List)))
        {
            var list = lists[group.Key.List];
            var kinds = string.Join(" and ", group.Select(h => h.Kind == "phone" ? "phone number" : "e-mail address"));
            var about = list.Version is { } version
                ? string.Create(CultureInfo.InvariantCulture, $"version {version}; source: {list.Source}; legal basis: {list.LegalBasis}")
                : "a file of this run";
            alerts.Add(new FinanceAlert(string.Create(CultureInfo.InvariantCulture, $"I{alerts.Count + 1:D6}"), "R19", "ad_identifier",
                "FIN-2020-A008 #6 (phone numbers and e-mail addresses in online advertisements)", [group.Key.Account], [], rules.Weight("R19"),
                $"The holder's {kinds} {(group.Count() > 1 ? "are" : "is")} on the ad-identifier list '{list.Name}' ({about}); matched on blind indexes, the identifier is not shown"));
        }
        return alerts;
    }

    /// <summary>The result with the R19 alerts added and the scores of their accounts raised as the product's run raises them (weight R19, flag threshold).</summary>
    public static FinanceAnalysisResult AddTo(FinanceAnalysisResult result, IReadOnlyList<FinanceAlert> alerts, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(rules);
        if (alerts.Count == 0)
        {
            return result;
        }
        var accounts = result.Accounts.ToArray();
        foreach (var alert in alerts)
        {
            foreach (var a in alert.Accounts)
            {
                var risk = accounts[a];
                var score = Math.Round(1 - (1 - risk.Score) * (1 - rules.Weight("R19")), 4);
                accounts[a] = risk with { Score = score, Flagged = score >= rules.FlagThreshold, Reasons = [.. risk.Reasons, $"R19 ad_identifier {alert.Id}"] };
            }
        }
        return result with { Alerts = [.. result.Alerts, .. alerts], Accounts = accounts };
    }
}

/// <summary>
/// The ad-identifier lists of <c>finance analyse --ad-list FILE</c> (repeatable): the upload's file format and
/// normalisation (<see cref="RuleLists.ReadIdentifiers"/>), each identifier reduced at once to a keyed hash under a
/// random key of this run (the same input form as the installation's blind index, "phone|digits" or "email|address";
/// the key is never written and the hashes mean nothing after the run), and the parties' phones and e-mails reduced the
/// same way as the product reduces them (<see cref="FinanceService.NormalisePhone"/>, e-mail trimmed and lower-cased).
/// </summary>
public sealed class AdListFiles
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly List<(AdIdentifierAlerts.Label Label, AdIdentifierList Keys)> _lists = [];

    private AdListFiles()
    {
    }

    /// <summary>The lists read, all or nothing: null with every bad line named (file, line, column entry; never the identifier) in <paramref name="errors"/>.</summary>
    public static AdListFiles? Read(IReadOnlyList<string> paths, List<FileError> errors)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(errors);
        var files = new AdListFiles();
        var start = errors.Count;
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var before = errors.Count;
            var keys = RuleLists.ReadIdentifiers(name, File.ReadLines(path), errors);
            if (errors.Count == before && keys.Count == 0)
            {
                errors.Add(new FileError(name, 0, "entry", "the file holds no entry"));
            }
            var hashed = keys.Select(k => (Kind: k.Key[..k.Key.IndexOf('|', StringComparison.Ordinal)], Hash: files.Hash(k.Key))).ToList();
            files._lists.Add((new AdIdentifierAlerts.Label(name),
                new AdIdentifierList(hashed.Where(h => h.Kind == "phone").Select(h => h.Hash).ToHashSet(StringComparer.Ordinal),
                    hashed.Where(h => h.Kind == "email").Select(h => h.Hash).ToHashSet(StringComparer.Ordinal))));
        }
        return errors.Count > start ? null : files;
    }

    /// <summary>The R19 alerts of the parties (account ids of <paramref name="store"/>) against the lists, added to <paramref name="result"/>.</summary>
    public FinanceAnalysisResult Apply(FinanceAnalysisResult result, TransactionStore store, IReadOnlyList<PartyRow> parties, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(rules);
        if (!rules.AdIdentifiers.Enabled || _lists.Count == 0)
        {
            return result;
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < store.Accounts.Length; a++)
        {
            index.TryAdd(store.Accounts[a], a);
        }
        var known = parties.Where(p => index.ContainsKey(p.AccountId)).ToList();
        var hits = AdIdentifiers.Match([.. known.Select(p => index[p.AccountId])],
            [.. known.Select(p => FinanceService.NormalisePhone(p.Phone) is { Length: > 0 } digits ? Hash("phone|" + digits) : null)],
            [.. known.Select(p => p.Email?.Trim().ToLowerInvariant() is { Length: > 0 } email ? Hash("email|" + email) : null)],
            [.. _lists.Select(l => l.Keys)]);
        return AdIdentifierAlerts.AddTo(result, AdIdentifierAlerts.Build([.. _lists.Select(l => l.Label)], hits, rules), rules);
    }

    private string Hash(string key) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(key)));
}
