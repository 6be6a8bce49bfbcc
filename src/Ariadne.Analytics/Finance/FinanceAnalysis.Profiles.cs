using System.Globalization;

namespace Ariadne.Analytics.Finance;

/// <summary>
/// The rules that need optional columns or user-supplied lists (docs/finance.md, "Rules"): places per transaction
/// (R3 funnel by place, R18 geographic hopping), transaction type text (R5 payrolls, R11 business without payroll),
/// account business types (R11, R17) and lists (R14 processors, R15 tagged addresses, R17 agency register). Each does
/// nothing when its data is absent, so the layouts without these columns give the same alerts as before.
/// </summary>
public static partial class FinanceAnalysis
{
    private static void ProfileAndListRules(TransactionStore store, RuleSet rules, List<FinanceAlert> alerts)
    {
        var hasPlaces = store.Places.Length > 1;
        if (rules.Funnel.Enabled && hasPlaces)
        {
            Funnel(store, rules.Funnel, alerts, rules);
        }
        if (rules.GeographicHopping.Enabled && hasPlaces)
        {
            GeographicHopping(store, rules.GeographicHopping, alerts, rules);
        }
        var payroll = KindSet(store, rules.Payrolls.PayrollTypes);
        if (rules.Payrolls.Enabled && payroll.Length > 0)
        {
            Payrolls(store, rules.Payrolls, payroll, alerts, rules);
        }
        if (rules.BusinessWithoutPayroll.Enabled && store.BusinessTypes.Length > 1)
        {
            BusinessWithoutPayroll(store, rules.BusinessWithoutPayroll, payroll, alerts, rules);
        }
        if (rules.ThirdPartyProcessors.Enabled && rules.ThirdPartyProcessors.Entries.Length > 0)
        {
            var processors = AccountSet(store, rules.ThirdPartyProcessors.Entries);
            ListPayments(store, rules.ThirdPartyProcessors, e => processors[store.Target[e]] && (store.Flags[e] & TransactionFlags.HasBeneficiary) == 0,
                "R14", "processor", "FIN-2020-A008 #9 (third-party payment processors hiding the parties)", "payments without beneficiary data through listed third-party payment processors", alerts, rules);
        }
        if (rules.TaggedAddresses.Enabled && rules.TaggedAddresses.Entries.Length > 0)
        {
            var tagged = AccountSet(store, rules.TaggedAddresses.Entries);
            ListPayments(store, rules.TaggedAddresses, e => tagged[store.Target[e]],
                "R15", "tagged_address", "FIN-2020-A008 #8 (virtual currency to darknet markets and high-risk services)", "payments to accounts or addresses on the tag list", alerts, rules);
        }
        if (rules.RecruitmentAgencies.Enabled && rules.RecruitmentAgencies.Register.Length > 0)
        {
            RecruitmentAgencies(store, rules.RecruitmentAgencies, alerts, rules);
        }
    }

    /// <summary>
    /// R3: for each cash deposit with a place, the same account's cash withdrawals and outgoing payments at other places in
    /// the next WindowHours; the deposit is funnelled when they reach OutFraction of it. One alert per account and run
    /// of funnelled deposits (deposits whose windows overlap).
    /// </summary>
    private static void Funnel(TransactionStore store, FunnelRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var (offsets, items) = ByAccount(store, e => store.Place[e] != 0 ? store.Source[e] : -1);
        var hold = rule.WindowHours * 3600L;
        var min = (long)(rule.MinAmount * 100);
        var deposits = new List<int>();
        var related = new Dictionary<int, int[]>();
        for (var a = 0; a < store.AccountCount; a++)
        {
            deposits.Clear();
            related.Clear();
            var (from, to) = (offsets[a], offsets[a + 1]);
            for (var i = from; i < to; i++)
            {
                var c = items[i];
                if (!IsCashDeposit(store, c) || store.Amount[c] == 0 || store.Amount[c] < min)
                {
                    continue;
                }
                long sum = 0;
                List<int>? outs = null;
                for (var j = i + 1; j < to && store.Time[items[j]] - store.Time[c] <= hold; j++)
                {
                    var o = items[j];
                    if (store.Time[o] > store.Time[c] && IsOutflow(store, o) && store.Place[o] != store.Place[c])
                    {
                        sum += store.Amount[o];
                        (outs ??= []).Add(o);
                    }
                }
                if (outs is not null && sum >= store.Amount[c] * rule.OutFraction)
                {
                    deposits.Add(c);
                    related[c] = [.. outs];
                }
            }
            foreach (var run in Windows(store, [.. deposits], hold, 1))
            {
                int[] tx = [.. run.SelectMany(c => related[c].Prepend(c)).Distinct().Order()];
                var inPlaces = string.Join(", ", run.Select(c => store.Places[store.Place[c]]).Distinct().Order(StringComparer.Ordinal));
                var outPlaces = string.Join(", ", run.SelectMany(c => related[c]).Select(o => store.Places[store.Place[o]]).Distinct().Order(StringComparer.Ordinal));
                var cashIn = run.Sum(c => store.Amount[c]);
                var cashOut = run.SelectMany(c => related[c]).Distinct().Sum(o => store.Amount[o]);
                Add(alerts, "R3", "funnel_region", "FIN-2014-A008; FIN-2020-A008 typology 3 (funnel accounts)", [a], tx,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{run.Length} cash deposits ({Major(cashIn)}) at {inPlaces} left within {rule.WindowHours} h from {outPlaces} ({Major(cashOut)}; at least {rule.OutFraction:P0} of each deposit, other place)"), rules);
            }
        }
    }

    private static bool IsCashDeposit(TransactionStore store, int e) =>
        store.Source[e] == store.Target[e] && store.Channel[e] is Channel.CashIn or Channel.Cash;

    /// <summary>Money leaving the account as the reference's R3 says: a cash withdrawal, or a wire (or crypto payment) to another account; ordinary transfers and purchases are not.</summary>
    private static bool IsOutflow(TransactionStore store, int e) =>
        store.Source[e] == store.Target[e] ? store.Channel[e] is Channel.CashOut : store.Channel[e] is Channel.Wire or Channel.Crypto;

    /// <summary>R18: sliding window over the account's own transactions with a place, counting distinct places.</summary>
    private static void GeographicHopping(TransactionStore store, GeographicHoppingRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var (offsets, items) = ByAccount(store, e => store.Place[e] != 0 ? store.Source[e] : -1);
        var counts = new int[store.Places.Length];
        var window = rule.WindowDays * Day;
        for (var a = 0; a < store.AccountCount; a++)
        {
            var (from, to) = (offsets[a], offsets[a + 1]);
            if (to - from < rule.MinPlaces)
            {
                continue;
            }
            var distinct = 0;
            var left = from;
            int runStart = -1, runEnd = -1;
            for (var right = from; right < to; right++)
            {
                if (counts[store.Place[items[right]]]++ == 0)
                {
                    distinct++;
                }
                while (store.Time[items[right]] - store.Time[items[left]] > window)
                {
                    if (--counts[store.Place[items[left]]] == 0)
                    {
                        distinct--;
                    }
                    left++;
                }
                if (distinct >= rule.MinPlaces)
                {
                    if (runStart >= 0 && left > runEnd)
                    {
                        HoppingAlert(store, rule, a, items[runStart..(runEnd + 1)], alerts, rules);
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
                HoppingAlert(store, rule, a, items[runStart..(runEnd + 1)], alerts, rules);
            }
            for (var i = left; i < to; i++)
            {
                counts[store.Place[items[i]]] = 0;
            }
        }
    }

    private static void HoppingAlert(TransactionStore store, GeographicHoppingRule rule, int account, int[] run, List<FinanceAlert> alerts, RuleSet rules)
    {
        var places = run.Select(e => store.Places[store.Place[e]]).Distinct().Order(StringComparer.Ordinal).ToArray();
        Add(alerts, "R18", "geo_hopping", "FIN-2020-A008 #1 (transactions in several cities or states in a short time)", [account], run,
            string.Create(CultureInfo.InvariantCulture, $"{run.Length} transactions at {places.Length} places ({string.Join(", ", places)}), at least {rule.MinPlaces} of them within {rule.WindowDays} days"), rules);
    }

    /// <summary>R5: per receiving account, a sliding window over its payroll credits with a distinct-originator counter.</summary>
    private static void Payrolls(TransactionStore store, PayrollRule rule, bool[] payroll, List<FinanceAlert> alerts, RuleSet rules)
    {
        var window = rule.WindowDays * Day;
        var counts = new int[store.AccountCount];
        foreach (var (account, tx) in Group(store, e => payroll[store.Kind[e]] && store.Source[e] != store.Target[e] ? store.Target[e] : -1))
        {
            if (tx.Length < rule.MinOriginators)
            {
                continue;
            }
            var distinct = 0;
            void Emit(int[] run)
            {
                var originators = run.Select(e => store.Source[e]).Distinct().ToArray();
                Add(alerts, "R5", "many_payrolls", "FATF/APG 2018 (multiple wages paid into one account); FIN-2020-A008", [account, .. originators], run,
                    string.Create(CultureInfo.InvariantCulture, $"payroll credits from {originators.Length} different originators into account {store.Accounts[account]} within {rule.WindowDays} days (threshold {rule.MinOriginators}; payroll types {string.Join(" ", rule.PayrollTypes)})"), rules);
            }
            var left = SlidingRuns(store, tx, window,
                e => distinct += counts[store.Source[e]]++ == 0 ? 1 : 0,
                e => distinct -= --counts[store.Source[e]] == 0 ? 1 : 0,
                () => distinct >= rule.MinOriginators, Emit);
            for (var i = left; i < tx.Length; i++)
            {
                counts[store.Source[tx[i]]] = 0;
            }
        }
    }

    /// <summary>
    /// A sliding window of <paramref name="window"/> seconds over time-ordered transactions: <paramref name="enter"/> and
    /// <paramref name="leave"/> keep the window's state, and each maximal run of transactions in which some window
    /// <paramref name="qualifies"/> is emitted once. Returns the left edge of the last window (the transactions still in it).
    /// </summary>
    private static int SlidingRuns(TransactionStore store, int[] tx, long window, Action<int> enter, Action<int> leave, Func<bool> qualifies, Action<int[]> emit)
    {
        var left = 0;
        int runStart = -1, runEnd = -1;
        for (var right = 0; right < tx.Length; right++)
        {
            enter(tx[right]);
            while (store.Time[tx[right]] - store.Time[tx[left]] > window)
            {
                leave(tx[left]);
                left++;
            }
            if (qualifies())
            {
                if (runStart >= 0 && left > runEnd)
                {
                    emit(tx[runStart..(runEnd + 1)]);
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
            emit(tx[runStart..(runEnd + 1)]);
        }
        return left;
    }

    /// <summary>At most this many credits are listed in an R11 alert (the largest first, then in time order); the explanation gives the full count.</summary>
    private const int MaxListedCredits = 200;

    /// <summary>R11: over all the data, a cash-intensive business's credits against its payroll, tax and insurance debits.</summary>
    private static void BusinessWithoutPayroll(TransactionStore store, BusinessWithoutPayrollRule rule, bool[] payroll, List<FinanceAlert> alerts, RuleSet rules)
    {
        var types = new HashSet<string>(rule.CashIntensiveTypes, StringComparer.OrdinalIgnoreCase);
        var cashIntensive = store.BusinessTypes.Select(t => t.Length > 0 && types.Contains(t)).ToArray();
        var candidate = store.AccountBusinessType.Select(t => cashIntensive[t]).ToArray();
        if (!candidate.Contains(true))
        {
            return;
        }
        var costCategories = rule.CostMerchantCategories.ToHashSet();
        var revenue = new long[store.AccountCount];
        var cost = new long[store.AccountCount];
        var credits = new int[store.AccountCount];
        for (var e = 0; e < store.Count; e++)
        {
            var (s, t) = (store.Source[e], store.Target[e]);
            if (candidate[t] && (s != t || IsCashDeposit(store, e)))
            {
                revenue[t] += store.Amount[e];
                credits[t]++;
            }
            if (candidate[s] && s != t && (payroll.Length > 0 && payroll[store.Kind[e]] || costCategories.Contains(store.MerchantCategory[e])))
            {
                cost[s] += store.Amount[e];
            }
        }
        var min = (long)(rule.MinRevenue * 100);
        var flagged = new List<int>();
        for (var a = 0; a < store.AccountCount; a++)
        {
            if (candidate[a] && revenue[a] >= min && cost[a] <= revenue[a] * rule.MaxCostShare)
            {
                flagged.Add(a);
            }
        }
        if (flagged.Count == 0)
        {
            return;
        }
        var isFlagged = new bool[store.AccountCount];
        foreach (var a in flagged)
        {
            isFlagged[a] = true;
        }
        var listed = Group(store, e => store.Target[e] is var t && isFlagged[t] && (store.Source[e] != t || IsCashDeposit(store, e)) ? t : -1);
        foreach (var a in flagged)
        {
            var tx = listed[a];
            int[] shown = tx.Length <= MaxListedCredits ? tx : [.. tx.OrderByDescending(e => store.Amount[e]).Take(MaxListedCredits).Order()];
            Add(alerts, "R11", "business_no_payroll", "FATF/APG 2018 (revenue without wages or insurance); FIN-2020-A008 typology 1 (front companies)", [a], shown,
                string.Create(CultureInfo.InvariantCulture,
                    $"business of type {store.BusinessTypes[store.AccountBusinessType[a]]} received {Major(revenue[a])} in {credits[a]} credits{(tx.Length > shown.Length ? $" ({shown.Length} largest listed)" : "")} and paid {Major(cost[a])} in payroll, tax and insurance ({(revenue[a] == 0 ? 0 : cost[a] / (double)revenue[a]):P1}; limits: revenue at least {rule.MinRevenue}, costs at most {rule.MaxCostShare:P1})"), rules);
        }
    }

    /// <summary>R14 and R15: per paying account, runs of payments that <paramref name="matches"/> within the window.</summary>
    private static void ListPayments(TransactionStore store, ListRule rule, Func<int, bool> matches, string id, string typology, string source, string what, List<FinanceAlert> alerts, RuleSet rules)
    {
        foreach (var (account, tx) in Group(store, e => store.Source[e] != store.Target[e] && matches(e) ? store.Source[e] : -1))
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinPayments))
            {
                var listedAccounts = string.Join(", ", run.Select(e => store.Accounts[store.Target[e]]).Distinct().Order(StringComparer.Ordinal));
                Add(alerts, id, typology, source, [account], run,
                    string.Create(CultureInfo.InvariantCulture, $"{run.Length} {what} ({listedAccounts}) within {rule.WindowDays} days (minimum {rule.MinPayments}; list of {rule.Entries.Length} entries{(rule.ListFile is null ? "" : " from " + Path.GetFileName(rule.ListFile))})"), rules);
            }
        }
    }

    /// <summary>R17: payments to recruitment agencies (by the payment's MCC or the payee's business type) whose account is not on the register.</summary>
    private static void RecruitmentAgencies(TransactionStore store, RecruitmentAgencyRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var types = new HashSet<string>(rule.AgencyTypes, StringComparer.OrdinalIgnoreCase);
        var agencyType = store.BusinessTypes.Select(t => t.Length > 0 && types.Contains(t)).ToArray();
        var agencyMcc = rule.AgencyTypes.Select(t => short.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : (short)0).Where(m => m > 0).ToHashSet();
        var licensed = AccountSet(store, rule.Register);
        bool Unlicensed(int e) => !licensed[store.Target[e]] && (agencyType[store.AccountBusinessType[store.Target[e]]] || agencyMcc.Contains(store.MerchantCategory[e]));
        foreach (var (account, tx) in Group(store, e => store.Source[e] != store.Target[e] && Unlicensed(e) ? store.Source[e] : -1))
        {
            foreach (var run in Windows(store, tx, rule.WindowDays * Day, rule.MinPayments))
            {
                var agencies = run.Select(e => store.Target[e]).Distinct().ToArray();
                Add(alerts, "R17", "unlicensed_agency", "FIN-2014-A008 (payments to unlicensed recruitment agencies)", [account, .. agencies], run,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{run.Length} payments within {rule.WindowDays} days to recruitment agencies not on the licensed-agency register ({string.Join(", ", agencies.Select(x => store.Accounts[x]).Order(StringComparer.Ordinal))}; register of {rule.Register.Length} entries{(rule.RegisterFile is null ? "" : " from " + Path.GetFileName(rule.RegisterFile))}; minimum {rule.MinPayments})"), rules);
            }
        }
    }

    /// <summary>Which interned transaction types are in <paramref name="types"/> (case-insensitive); empty when none occurs.</summary>
    private static bool[] KindSet(TransactionStore store, string[] types)
    {
        var wanted = new HashSet<string>(types, StringComparer.OrdinalIgnoreCase);
        var set = store.Kinds.Select(k => k.Length > 0 && wanted.Contains(k)).ToArray();
        return set.Contains(true) ? set : [];
    }

    /// <summary>Which dense account ids are on the list (ordinal comparison of the account identifier).</summary>
    private static bool[] AccountSet(TransactionStore store, string[] entries)
    {
        var wanted = new HashSet<string>(entries, StringComparer.Ordinal);
        return [.. store.Accounts.Select(wanted.Contains)];
    }

    /// <summary>
    /// Transactions grouped by the account <paramref name="key"/> gives (−1: skip) in compressed-sparse-row form — two
    /// arrays, no list per account — each group in time order: account a's are <c>items[offsets[a]..offsets[a+1]]</c>.
    /// </summary>
    private static (int[] Offsets, int[] Items) ByAccount(TransactionStore store, Func<int, int> key)
    {
        var offsets = new int[store.AccountCount + 1];
        var keys = new int[store.Count];
        var m = 0;
        for (var e = 0; e < store.Count; e++)
        {
            var k = keys[e] = key(e);
            if (k >= 0)
            {
                offsets[k + 1]++;
                m++;
            }
        }
        for (var a = 0; a < store.AccountCount; a++)
        {
            offsets[a + 1] += offsets[a];
        }
        var items = new int[m];
        var next = (int[])offsets.Clone();
        for (var e = 0; e < store.Count; e++)
        {
            if (keys[e] >= 0)
            {
                items[next[keys[e]]++] = e;
            }
        }
        return (offsets, items);
    }
}
