using System.Globalization;

namespace Ariadne.Analytics.Finance;

/// <summary>One alert: which rule or typology fired, where the rule comes from, on which accounts and transactions (store indices), and why.</summary>
public sealed record FinanceAlert(string Id, string Rule, string Typology, string Source, int[] Accounts, int[] Transactions, double Score, string Explanation);

/// <summary>An account's score in [0, 1], whether it reaches the flag threshold, and the reasons that make it up.</summary>
public sealed record AccountRisk(int Account, double Score, bool Flagged, IReadOnlyList<string> Reasons);

public sealed record FinanceAnalysisResult(IReadOnlyList<FinanceAlert> Alerts, IReadOnlyList<AccountRisk> Accounts, int Components, int LargestComponent);

/// <summary>
/// Runs the red-flag rules and the network typologies over a store and scores every account. Reads only the store,
/// which has no label columns: what a file says about laundering cannot reach the result. Deterministic.
/// </summary>
public static partial class FinanceAnalysis
{
    private const long Day = 86_400;

    public static FinanceAnalysisResult Run(TransactionStore store, RuleSet rules)
    {
        var alerts = new List<FinanceAlert>();
        // Purchases at merchants (a merchant category on the row) are not transfers between parties: the typology
        // graph leaves them out, so that a shop's many customers are not a fan-in.
        // Payroll runs (transactions typed as payroll, R5's list) are the textbook benign fan-out and are left out too.
        var payrollKinds = KindSet(store, rules.Payrolls.PayrollTypes);
        var graph = new TransactionGraph(store, payrollKinds.Length == 0 ? e => store.MerchantCategory[e] == 0 : e => store.MerchantCategory[e] == 0 && !payrollKinds[store.Kind[e]]);
        var money = CultureInfo.InvariantCulture;

        if (rules.Structuring.Enabled && rules.Thresholds.TryGetValue(rules.Jurisdiction, out var thresholds))
        {
            Structuring(store, rules, thresholds, alerts);
        }
        if (rules.MultiBranchCash.Enabled)
        {
            MultiBranchCash(store, rules.MultiBranchCash, alerts, rules);
        }
        if (rules.PassThrough.Enabled)
        {
            PassThrough(store, rules.PassThrough, alerts, rules);
        }
        if (rules.FanIn.Enabled)
        {
            foreach (var m in TemporalPatterns.Fans(graph, inbound: true, rules.FanIn.MinCounterparties, rules.FanIn.WindowDays * Day))
            {
                Add(alerts, "R7", "fan_in", "FIN-2014-A008 (unrelated senders to one beneficiary); AMLSim fan-in", m.Accounts, m.Transactions,
                    string.Create(money, $"{m.Accounts.Length - 1} distinct senders paid account {store.Accounts[m.Accounts[0]]} within {rules.FanIn.WindowDays} days (threshold {rules.FanIn.MinCounterparties})"), rules);
            }
        }
        if (rules.FanOut.Enabled)
        {
            foreach (var m in TemporalPatterns.Fans(graph, inbound: false, rules.FanOut.MinCounterparties, rules.FanOut.WindowDays * Day))
            {
                Add(alerts, "R20", "fan_out", "AMLSim fan-out typology", m.Accounts, m.Transactions,
                    string.Create(money, $"account {store.Accounts[m.Accounts[0]]} paid {m.Accounts.Length - 1} distinct recipients within {rules.FanOut.WindowDays} days (threshold {rules.FanOut.MinCounterparties})"), rules);
            }
        }
        if (rules.Cycles.Enabled)
        {
            foreach (var m in TemporalPatterns.Cycles(graph, rules.Cycles.MaxLength, rules.Cycles.WindowDays * Day))
            {
                Add(alerts, "R20", "cycle", "AMLSim cycle typology; AMLworld simple cycles", m.Accounts, m.Transactions,
                    string.Create(money, $"funds returned to {store.Accounts[m.Accounts[0]]} through {m.Accounts.Length} accounts, each payment later than the one before, within {(m.End - m.Start) / (double)Day:F1} days (limits: length {rules.Cycles.MaxLength}, {rules.Cycles.WindowDays} days)"), rules);
            }
        }
        if (rules.ScatterGather.Enabled)
        {
            foreach (var m in TemporalPatterns.ScatterGather(graph, rules.ScatterGather.MinCounterparties, rules.ScatterGather.WindowDays * Day))
            {
                Add(alerts, "R20", "scatter_gather", "AMLSim scatter-gather typology", m.Accounts, m.Transactions,
                    string.Create(money, $"{store.Accounts[m.Accounts[0]]} paid {m.Accounts.Length - 2} intermediaries who all paid {store.Accounts[m.Accounts[^1]]} within {rules.ScatterGather.WindowDays} days (threshold {rules.ScatterGather.MinCounterparties})"), rules);
            }
        }
        if (rules.GatherScatter.Enabled)
        {
            foreach (var m in TemporalPatterns.GatherScatter(graph, rules.GatherScatter.MinCounterparties, rules.GatherScatter.WindowDays * Day))
            {
                Add(alerts, "R20", "gather_scatter", "AMLSim gather-scatter typology", m.Accounts, m.Transactions,
                    string.Create(money, $"account {store.Accounts[m.Accounts[0]]} collected from several senders and paid several recipients within {2 * rules.GatherScatter.WindowDays} days (threshold {rules.GatherScatter.MinCounterparties} each side)"), rules);
            }
        }
        if (rules.AdvertisingSites.Enabled)
        {
            MerchantSpend(store, rules.AdvertisingSites, "R8", "ad_site", "FIN-2014-A008; FIN-2020-A008 #7; FATF/APG 2018 (spending on sites that advertise trafficked persons)", alerts, rules);
        }
        if (rules.Lodging.Enabled)
        {
            MerchantSpend(store, rules.Lodging, "R9", "lodging", "FIN-2014-A008; FIN-2020-A008 #2 (lodging and sustenance for others)", alerts, rules);
        }
        if (rules.Prepaid.Enabled)
        {
            Prepaid(store, rules.Prepaid, alerts, rules);
        }
        if (rules.HighRiskWires.Enabled)
        {
            HighRiskWires(store, rules.HighRiskWires, alerts, rules);
        }
        ProfileAndListRules(store, rules, alerts);
        TravelAndHoursRules(store, rules, alerts);

        var (component, components) = GraphAlgorithms.WeaklyConnectedComponents(store.AccountCount, store.Source, store.Target);
        var sizes = new int[components];
        foreach (var c in component)
        {
            sizes[c]++;
        }
        var reasons = new List<string>?[store.AccountCount];
        var hits = new HashSet<string>?[store.AccountCount];
        foreach (var alert in alerts)
        {
            foreach (var a in alert.Accounts)
            {
                if ((hits[a] ??= []).Add(alert.Rule + "/" + alert.Typology))
                {
                    (reasons[a] ??= []).Add($"{alert.Rule} {alert.Typology} ({alert.Id})");
                }
            }
        }
        GraphFeatures(graph, rules, hits, reasons);
        var risks = new AccountRisk[store.AccountCount];
        for (var a = 0; a < store.AccountCount; a++)
        {
            var score = 0.0;
            if (hits[a] is { } h)
            {
                var keep = 1.0;
                foreach (var key in h)
                {
                    var slash = key.IndexOf('/', StringComparison.Ordinal);
                    var weight = rules.Weights.TryGetValue(key[(slash + 1)..], out var w) ? w : rules.Weight(key[..slash]);
                    keep *= 1 - weight;
                }
                score = 1 - keep;
            }
            risks[a] = new AccountRisk(a, Math.Round(score, 4), score >= rules.FlagThreshold && reasons[a] is not null, (IReadOnlyList<string>?)reasons[a] ?? []);
        }
        return new FinanceAnalysisResult(alerts, risks, components, sizes.Length == 0 ? 0 : sizes.Max());
    }

    private static void Add(List<FinanceAlert> alerts, string rule, string typology, string source, int[] accounts, int[] transactions, string explanation, RuleSet rules)
    {
        var weight = rules.Weights.TryGetValue(typology, out var w) ? w : rules.Weight(rule);
        alerts.Add(new FinanceAlert($"A{alerts.Count + 1:D6}", rule, typology, source, accounts, transactions, weight, explanation));
    }

    /// <summary>
    /// Graph features on the accounts around alerts: Louvain communities of the one-hop neighbourhood of alerted
    /// accounts (a member of a community holding at least two other alerted accounts gains "community"), and PageRank
    /// within it (the top 1 % gain "pagerank"). Neither flags an account alone at the default weights.
    /// </summary>
    private static void GraphFeatures(TransactionGraph graph, RuleSet rules, HashSet<string>?[] hits, List<string>?[] reasons)
    {
        var store = graph.Store;
        var local = new Dictionary<int, int>();
        for (var a = 0; a < store.AccountCount; a++)
        {
            if (hits[a] is not null)
            {
                local.TryAdd(a, local.Count);
            }
        }
        if (local.Count < 3)
        {
            return;
        }
        var alerted = local.Keys.ToArray();
        foreach (var a in alerted)
        {
            for (var i = graph.OutOffsets[a]; i < graph.OutOffsets[a + 1]; i++)
            {
                local.TryAdd(store.Target[graph.OutEdges[i]], local.Count);
            }
            for (var i = graph.InOffsets[a]; i < graph.InOffsets[a + 1]; i++)
            {
                local.TryAdd(store.Source[graph.InEdges[i]], local.Count);
            }
        }
        var global = new int[local.Count];
        foreach (var (g, l) in local)
        {
            global[l] = g;
        }
        var src = new List<int>();
        var dst = new List<int>();
        foreach (var (g, l) in local)
        {
            for (var i = graph.OutOffsets[g]; i < graph.OutOffsets[g + 1]; i++)
            {
                if (local.TryGetValue(store.Target[graph.OutEdges[i]], out var t))
                {
                    src.Add(l);
                    dst.Add(t);
                }
            }
        }
        var weights = new double[src.Count];
        Array.Fill(weights, 1.0);
        var (community, _) = GraphAlgorithms.Louvain(local.Count, src.ToArray(), dst.ToArray(), weights);
        var alertedIn = new Dictionary<int, int>();
        var members = new Dictionary<int, int>();
        for (var l = 0; l < community.Length; l++)
        {
            members[community[l]] = members.GetValueOrDefault(community[l]) + 1;
            if (hits[global[l]] is not null)
            {
                alertedIn[community[l]] = alertedIn.GetValueOrDefault(community[l]) + 1;
            }
        }
        for (var l = 0; l < community.Length; l++)
        {
            var others = alertedIn.GetValueOrDefault(community[l]) - (hits[global[l]] is null ? 0 : 1);
            if (others >= 2)
            {
                var a = global[l];
                if ((hits[a] ??= []).Add("community/community"))
                {
                    (reasons[a] ??= []).Add($"community of {members[community[l]]} accounts with {others} other alerted accounts (Louvain)");
                }
            }
        }
        var offsets = new int[local.Count + 1];
        foreach (var s in src)
        {
            offsets[s + 1]++;
        }
        for (var i = 0; i < local.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }
        var heads = new int[src.Count];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < src.Count; i++)
        {
            heads[fill[src[i]]++] = dst[i];
        }
        var rank = GraphAlgorithms.PageRank(local.Count, offsets, heads, x => x);
        var cut = rank.Order().ElementAt(Math.Max(0, rank.Length - 1 - rank.Length / 100));
        for (var l = 0; l < rank.Length; l++)
        {
            if (rank[l] >= cut && rank[l] > 1.0 / rank.Length)
            {
                var a = global[l];
                if ((hits[a] ??= []).Add("pagerank/pagerank"))
                {
                    (reasons[a] ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"PageRank in the top 1 % of the {rank.Length} accounts around alerts ({rank[l] * rank.Length:F1}× the mean)"));
                }
            }
        }
    }

    private static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>R1: per account, sliding windows over its cash deposits (and, separately, its outgoing wires) just below the threshold.</summary>
    private static void Structuring(TransactionStore store, RuleSet rules, JurisdictionThresholds thresholds, List<FinanceAlert> alerts)
    {
        var rule = rules.Structuring;
        foreach (var (isCash, limit) in new[] { (true, thresholds.Cash), (false, thresholds.FundsTransfer) })
        {
            var upper = (long)(limit * 100);
            var lower = (long)(limit * 100 * (decimal)rule.LowerFraction);
            var perAccount = Group(store, e =>
            {
                var c = store.Channel[e];
                var amount = store.Amount[e];
                var kind = isCash ? c is Channel.CashIn or Channel.Cash : c is Channel.Wire;
                return kind && amount >= lower && amount < upper ? (isCash ? store.Target[e] : store.Source[e]) : -1;
            });
            foreach (var (account, tx) in perAccount)
            {
                foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinCount))
                {
                    Add(alerts, "R1", "structuring", "FIN-2014-A008 (USD 3k / 10k); FIN-2020-A008 #10", [account], run,
                        $"{run.Length} {(isCash ? "cash deposits" : "wires")} within {rule.WindowDays} days, each between {Major(lower)} and {Major(upper)} ({rules.Jurisdiction} threshold {limit.ToString(CultureInfo.InvariantCulture)}, minimum {rule.MinCount})", rules);
                }
            }
        }
    }

    private static void MultiBranchCash(TransactionStore store, MultiBranchCashRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var perAccount = Group(store, e => store.Channel[e] is Channel.CashIn or Channel.Cash ? store.Target[e] : -1);
        foreach (var (account, tx) in perAccount)
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinDeposits))
            {
                var branches = run.Select(e => store.Branch[e]).Where(b => b != 0).Distinct().Count();
                if (branches >= rule.MinBranches)
                {
                    Add(alerts, "R2", "multi_branch_cash", "FIN-2014-A008; FATF/APG 2018 (cash deposits in multiple locations); FIN-2020-A008 funnel accounts", [account], run,
                        $"{run.Length} cash deposits at {branches} branches or ATMs within {rule.WindowDays} days (thresholds {rule.MinDeposits} deposits, {rule.MinBranches} branches)", rules);
                }
            }
        }
    }

    /// <summary>R4: for each credit, the account's debits in the following HoldHours; a credit passes through when they reach OutFraction of it.</summary>
    private static void PassThrough(TransactionStore store, PassThroughRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var credits = Group(store, e => store.Channel[e] is Channel.CashOut ? -1 : store.Target[e]);
        var debits = Group(store, e => store.Channel[e] is Channel.CashIn ? -1 : store.Source[e]);
        var hold = rule.HoldHours * 3600L;
        var min = (long)(rule.MinAmount * 100);
        foreach (var (account, ins) in credits)
        {
            if (!debits.TryGetValue(account, out var outs))
            {
                continue;
            }
            var passing = new List<int>();
            var related = new Dictionary<int, int[]>();
            var j = 0;
            foreach (var c in ins)
            {
                if (store.Amount[c] < min || store.Amount[c] == 0)
                {
                    continue;
                }
                while (j < outs.Length && store.Time[outs[j]] <= store.Time[c])
                {
                    j++;
                }
                long sum = 0;
                var k = j;
                for (; k < outs.Length && store.Time[outs[k]] - store.Time[c] <= hold; k++)
                {
                    sum += store.Amount[outs[k]];
                }
                if (sum >= store.Amount[c] * rule.OutFraction)
                {
                    passing.Add(c);
                    related[c] = outs[j..k];
                }
            }
            foreach (var run in Windows(store, [.. passing], rule.WindowDays * Day, rule.MinRepeats))
            {
                int[] tx = [.. run.SelectMany(c => related[c].Prepend(c)).Distinct().Order()];
                Add(alerts, "R4", "pass_through", "FATF/APG 2018 (rapid in/out after wages arrive)", [account], tx,
                    string.Create(CultureInfo.InvariantCulture, $"{run.Length} credits of which at least {rule.OutFraction:P0} left within {rule.HoldHours} h, within {rule.WindowDays} days (minimum {rule.MinRepeats})"), rules);
            }
        }
    }

    private static void MerchantSpend(TransactionStore store, MerchantRule rule, string id, string typology, string source, List<FinanceAlert> alerts, RuleSet rules)
    {
        var categories = rule.MerchantCategories.ToHashSet();
        var spend = Group(store, e => categories.Contains(store.MerchantCategory[e]) && store.Source[e] != store.Target[e] ? store.Source[e] : -1);
        var outflow = rule.MinShareOfOutflow > 0 ? Group(store, e => store.Channel[e] is Channel.CashIn || store.Source[e] == store.Target[e] && store.Channel[e] is not Channel.CashOut ? -1 : store.Source[e]) : null;
        foreach (var (account, tx) in spend)
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinPayments))
            {
                var share = 1.0;
                if (outflow is not null)
                {
                    var (from, to) = (store.Time[run[0]], store.Time[run[^1]]);
                    var total = outflow[account].Where(e => store.Time[e] >= from && store.Time[e] <= to).Sum(e => store.Amount[e]);
                    share = total == 0 ? 0 : run.Sum(e => store.Amount[e]) / (double)total;
                    if (share < rule.MinShareOfOutflow)
                    {
                        continue;
                    }
                }
                var categoriesSeen = string.Join(", ", run.Select(e => store.MerchantCategory[e]).Distinct().Order());
                Add(alerts, id, typology, source, [account], run,
                    string.Create(CultureInfo.InvariantCulture, $"{run.Length} payments to merchants of category {categoriesSeen} within {rule.WindowDays} days (minimum {rule.MinPayments}{(outflow is null ? "" : $"; {share:P0} of outflow, minimum {rule.MinShareOfOutflow:P0}")})"), rules);
            }
        }
    }

    private static void Prepaid(TransactionStore store, PrepaidRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        foreach (var (account, tx) in Group(store, e => store.Channel[e] is Channel.Prepaid ? store.Source[e] : -1))
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinCount))
            {
                Add(alerts, "R13", "prepaid", "FIN-2020-A008 #5 and typology 4 (alternative payment methods)", [account], run,
                    $"{run.Length} prepaid purchases or reloads within {rule.WindowDays} days (minimum {rule.MinCount})", rules);
            }
        }
    }

    private static void HighRiskWires(TransactionStore store, HighRiskWireRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var listed = new HashSet<short>();
        for (short i = 1; i < store.Countries.Length; i++)
        {
            if (rule.Countries.Contains(store.Countries[i], StringComparer.OrdinalIgnoreCase))
            {
                listed.Add(i);
            }
        }
        if (listed.Count == 0)
        {
            return;
        }
        var perAccount = Group(store, e => store.Channel[e] is Channel.Wire or Channel.Transfer or Channel.Ach or Channel.Unknown
            && store.Source[e] != store.Target[e] && listed.Contains(store.Country[e]) && store.Country[e] != store.AccountCountry[store.Source[e]] ? store.Source[e] : -1);
        foreach (var (account, tx) in perAccount)
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinWires))
            {
                var countries = string.Join(", ", run.Select(e => store.Countries[store.Country[e]]).Distinct().Order());
                Add(alerts, "R16", "high_risk_wires", "FIN-2014-A008; FATF/APG 2018 (wires to source or high-risk jurisdictions)", [account, .. run.Select(e => store.Target[e]).Distinct()], run,
                    $"{run.Length} wires to {countries} within {rule.WindowDays} days (minimum {rule.MinWires}; list {string.Join(" ", rule.Countries)})", rules);
            }
        }
    }

    /// <summary>Transactions grouped by the account <paramref name="key"/> gives (−1: skip), each group in time order.</summary>
    private static Dictionary<int, int[]> Group(TransactionStore store, Func<int, int> key)
    {
        var lists = new Dictionary<int, List<int>>();
        for (var e = 0; e < store.Count; e++)
        {
            var k = key(e);
            if (k >= 0)
            {
                if (!lists.TryGetValue(k, out var list))
                {
                    lists[k] = list = [];
                }
                list.Add(e);
            }
        }
        return lists.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>Maximal runs of time-ordered transactions in which some window of <paramref name="window"/> seconds holds at least <paramref name="min"/>; each run is returned once.</summary>
    private static IEnumerable<int[]> Windows(TransactionStore store, int[] tx, long window, int min)
    {
        if (tx.Length < min)
        {
            yield break;
        }
        var left = 0;
        int runStart = -1, runEnd = -1;
        for (var right = 0; right < tx.Length; right++)
        {
            while (store.Time[tx[right]] - store.Time[tx[left]] > window)
            {
                left++;
            }
            if (right - left + 1 >= min)
            {
                if (runStart >= 0 && left > runEnd)
                {
                    yield return tx[runStart..(runEnd + 1)];
                    runStart = -1;
                }
                if (runStart < 0)
                {
                    runStart = left;
                }
                runEnd = right;
            }
        }
        if (runStart >= 0)
        {
            yield return tx[runStart..(runEnd + 1)];
        }
    }
}
