using System.Globalization;

namespace Ariadne.Analytics.Finance;

/// <summary>
/// R10 travel for third parties (ticket passengers against the account's holders, both as opaque name keys) and R12
/// out-of-hours business cash (cash deposits against declared opening hours in the account's local time). Both do
/// nothing without their optional columns, so other data gives the same alerts as before; they run after every other
/// rule, so the other alerts keep their ids.
/// </summary>
public static partial class FinanceAnalysis
{
    private static void TravelAndHoursRules(TransactionStore store, RuleSet rules, List<FinanceAlert> alerts)
    {
        if (rules.ThirdPartyTravel.Enabled && store.Passenger.Length > 0 && store.Holders.Length > 0)
        {
            ThirdPartyTravel(store, rules.ThirdPartyTravel, alerts, rules);
        }
        if (rules.OutOfHoursCash.Enabled && store.Schedules.Length > 1)
        {
            OutOfHoursCash(store, rules.OutOfHoursCash, alerts, rules);
        }
    }

    /// <summary>
    /// Problems of the rule set's own values that the JSON types cannot catch (R10's merchant categories, R12's default time
    /// zone), each naming the setting; empty when it is usable.
    /// </summary>
    public static IReadOnlyList<(string Setting, string Problem)> Check(RuleSet rules)
    {
        var problems = new List<(string, string)>();
        try
        {
            rules.ThirdPartyTravel.CategoryLookup();
        }
        catch (ArgumentException e)
        {
            problems.Add(("thirdPartyTravel.merchantCategories", e.Message));
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(rules.OutOfHoursCash.TimeZone, out _))
        {
            problems.Add(("outOfHoursCash.timeZone", $"'{rules.OutOfHoursCash.TimeZone}' is not an IANA time zone (e.g. Europe/Berlin, UTC)"));
        }
        return problems;
    }

    /// <summary>R10: per paying account, a weighted sliding window over its tickets for passengers who are not its holders.</summary>
    private static void ThirdPartyTravel(TransactionStore store, ThirdPartyTravelRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var categories = rule.CategoryLookup();
        var ticketKinds = KindSet(store, rule.TicketTypes);
        bool IsTicket(int e) => store.MerchantCategory[e] is var m && m > 0 && categories[m] || ticketKinds.Length > 0 && ticketKinds[store.Kind[e]];
        double Weight(int e) => (store.Flags[e] & TransactionFlags.OneWay) != 0 ? rule.OneWayWeight : 1.0;
        var window = rule.WindowDays * Day;
        foreach (var (account, tx) in Group(store, e => store.Passenger[e] != 0 && IsTicket(e) && store.HasHolder(store.Source[e]) && !store.IsHolder(store.Source[e], store.Passenger[e]) ? store.Source[e] : -1))
        {
            var sum = 0.0;
            void Emit(int[] run)
            {
                var oneWay = run.Count(e => (store.Flags[e] & TransactionFlags.OneWay) != 0);
                var passengers = run.Select(e => store.Passenger[e]).Distinct().Count();
                var weighted = run.Sum(Weight);
                Add(alerts, "R10", "third_party_travel", "FATF/APG 2018; FIN-2020-A008 (travel paid for others)", [account], run,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{run.Length} tickets ({oneWay} one-way) within {rule.WindowDays} days for {passengers} {(passengers == 1 ? "passenger" : "passengers")} other than the account holder (weighted count {weighted:0.##}; one-way weight {rule.OneWayWeight:0.##}, minimum {rule.MinTickets:0.##})"), rules);
            }
            // A small tolerance: the weights are sums of doubles.
            SlidingRuns(store, tx, window, e => sum += Weight(e), e => sum -= Weight(e), () => sum >= rule.MinTickets - 1e-9, Emit);
        }
    }

    /// <summary>R12: per account with declared opening hours, its cash deposits over all the data in local time.</summary>
    private static void OutOfHoursCash(TransactionStore store, OutOfHoursCashRule rule, List<FinanceAlert> alerts, RuleSet rules)
    {
        var fallback = TimeZoneInfo.FindSystemTimeZoneById(rule.TimeZone);
        var zones = store.TimeZones.Select(z => z.Length == 0 ? fallback : TimeZoneInfo.FindSystemTimeZoneById(z)).ToArray();
        foreach (var (account, tx) in Group(store, e => IsCashDeposit(store, e) && store.AccountOpeningHours[store.Target[e]] != 0 ? store.Target[e] : -1))
        {
            if (tx.Length < rule.MinDeposits)
            {
                continue;
            }
            var hours = store.Schedules[store.AccountOpeningHours[account]]!;
            var zone = zones[store.AccountTimeZone[account]];
            var outside = tx.Where(e => !hours.IsOpen(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(store.Time[e]), zone).DateTime)).ToArray();
            if (outside.Length == 0)
            {
                continue;
            }
            var amounts = tx.Select(e => store.Amount[e]).Order().ToArray();
            var median = amounts.Length % 2 == 1 ? amounts[amounts.Length / 2] : (amounts[amounts.Length / 2 - 1] + amounts[amounts.Length / 2]) / 2.0;
            var large = outside.Count(e => store.Amount[e] > rule.LargeFactor * median);
            var share = outside.Length / (double)tx.Length;
            if (share <= rule.MaxShare && large == 0)
            {
                continue;
            }
            int[] shown = outside.Length <= MaxListedCredits ? outside : [.. outside.OrderByDescending(e => store.Amount[e]).Take(MaxListedCredits).Order()];
            Add(alerts, "R12", "out_of_hours_cash", "FIN-2020-A008 #3 (business cash deposits outside business hours)", [account], shown,
                string.Create(CultureInfo.InvariantCulture,
                    $"{outside.Length} of {tx.Length} cash deposits ({share:P0}) outside the declared opening hours ({hours.Text}, time zone {zone.Id}){(shown.Length < outside.Length ? $" ({shown.Length} largest listed)" : "")}; {large} of them larger than {rule.LargeFactor:0.##} × the median deposit {Major((long)Math.Round(median))} (limits: share above {rule.MaxShare:P0} or any such large deposit, at least {rule.MinDeposits} deposits)"), rules);
        }
    }
}
