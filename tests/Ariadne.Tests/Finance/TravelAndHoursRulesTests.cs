using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;

namespace Ariadne.Tests.Finance;

/// <summary>
/// R10 travel for third parties and R12 out-of-hours business cash on hand-made stores (no app): each fires at its
/// threshold and not just below it; the opening-hours grammar; the optional columns read from files, bad values named by
/// file, line and column, and the passenger's name never kept.
/// </summary>
public sealed class TravelAndHoursRulesTests : IDisposable
{
    private const long Day = 86_400;
    private const long Hour = 3_600;
    /// <summary>2025-01-06T00:00:00Z, a Monday.</summary>
    private const long Monday = 1_736_121_600;
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finrules2-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FinanceAlert[] Of(TransactionStore store, string rule, RuleSet? rules = null) =>
        [.. FinanceAnalysis.Run(store, rules ?? new RuleSet()).Alerts.Where(a => a.Rule == rule)];

    [Fact]
    public void OpeningHours_Grammar_KnownAnswers_BadTextsNamed()
    {
        var (hours, problem) = OpeningHours.Parse("Mo-Fr 09:00-18:00; Sa 09:00-13:00");
        Assert.Null(problem);
        Assert.Equal(5 * 540 + 240, hours!.OpenMinutesPerWeek());
        Assert.True(hours.IsOpen(0, 9 * 60));
        Assert.False(hours.IsOpen(0, 18 * 60));
        Assert.False(hours.IsOpen(4, 8 * 60 + 59));
        Assert.True(hours.IsOpen(5, 12 * 60 + 59));
        Assert.False(hours.IsOpen(6, 12 * 60));
        Assert.True(hours.IsOpen(new DateTime(2025, 1, 11, 10, 0, 0, DateTimeKind.Unspecified)));

        // Past midnight into the next day (Saturday night into Sunday), lists of days and ranges, 24:00, "off", 24/7.
        var bar = OpeningHours.Parse("Fr-Sa 18:00-02:00; Mo,We 08:00-12:00,14:00-24:00; We off").Hours!;
        Assert.True(bar.IsOpen(5, 60));
        Assert.True(bar.IsOpen(6, 119));
        Assert.False(bar.IsOpen(6, 120));
        Assert.True(bar.IsOpen(0, 23 * 60 + 59));
        Assert.False(bar.IsOpen(2, 9 * 60));
        Assert.Equal(7 * 1440, OpeningHours.Parse("24/7").Hours!.OpenMinutesPerWeek());

        Assert.Equal("'Mon-Fri' is not a day list (Mo Tu We Th Fr Sa Su, ranges with '-', lists with ',')", OpeningHours.Parse("Mon-Fri 09:00-18:00").Problem);
        Assert.Equal("'9:00-18:00' is not a time range (HH:MM-HH:MM, 00:00 to 24:00, start and end different)", OpeningHours.Parse("Mo 9:00-18:00").Problem);
        Assert.Equal("'09:00-25:00' is not a time range (HH:MM-HH:MM, 00:00 to 24:00, start and end different)", OpeningHours.Parse("Mo 09:00-25:00").Problem);
        Assert.Equal("'Mo-Fr' is not a rule: days, a space, then times (e.g. Mo-Fr 09:00-18:00)", OpeningHours.Parse("Mo-Fr").Problem);
        Assert.Equal("empty opening hours", OpeningHours.Parse(" ").Problem);
    }

    [Fact]
    public void R10_TwoTicketsForOthersWithin30Days_Alerts_OwnTicketsOneTicketOrSpreadOut_DoNot()
    {
        var b = new TransactionStoreBuilder();
        foreach (var account in new[] { "p", "own", "one", "spread", "nobody-known" })
        {
            b.DescribeHolder(account, "holder-" + account);
        }
        b.DescribeHolder("p", "second-holder-p");
        // Positive: two tickets within 30 days for a passenger who is not among p's two holders (an airline MCC and a TICKET row).
        b.Add(1, "p", "air", 30_000, Monday, Channel.Card, merchantCategory: 3058, passenger: "traveller-1", flags: TransactionFlags.OneWay);
        b.Add(2, "p", "agency", 30_000, Monday + 20 * Day, Channel.Transfer, kind: "ticket", passenger: "traveller-1", flags: TransactionFlags.Return);
        // The holders' own tickets (either holder of a joint account), however many.
        b.Add(3, "p", "air", 30_000, Monday + Day, Channel.Card, merchantCategory: 4511, passenger: "second-holder-p");
        for (var i = 0; i < 4; i++)
        {
            b.Add(10 + i, "own", "air", 30_000, Monday + i * Day, Channel.Card, merchantCategory: 4511, passenger: "holder-own");
        }
        // One ticket for somebody else; two 31 days apart; a bus ticket with no passenger; a hotel (not a ticket) for someone.
        b.Add(20, "one", "bus", 5_000, Monday, Channel.Card, merchantCategory: 4131, passenger: "traveller-2", flags: TransactionFlags.OneWay);
        b.Add(21, "spread", "bus", 5_000, Monday, Channel.Card, merchantCategory: 4131, passenger: "traveller-3");
        b.Add(22, "spread", "bus", 5_000, Monday + 31 * Day, Channel.Card, merchantCategory: 4131, passenger: "traveller-3");
        b.Add(23, "one", "bus", 5_000, Monday + Day, Channel.Card, merchantCategory: 4131);
        b.Add(24, "one", "hotel", 5_000, Monday + Day, Channel.Card, merchantCategory: 7011, passenger: "traveller-4");
        // An account whose holder is unknown says nothing.
        b.Add(30, "unknown", "air", 30_000, Monday, Channel.Card, merchantCategory: 4511, passenger: "traveller-5");
        b.Add(31, "unknown", "air", 30_000, Monday + Day, Channel.Card, merchantCategory: 4511, passenger: "traveller-6");
        var store = b.Build();
        var alert = Assert.Single(Of(store, "R10"));
        Assert.Equal(("third_party_travel", "p"), (alert.Typology, store.Accounts[Assert.Single(alert.Accounts)]));
        Assert.Equal([1L, 2L], alert.Transactions.Select(e => store.Ids[e]));
        Assert.Equal("2 tickets (1 one-way) within 30 days for 1 passenger other than the account holder (weighted count 2.5; one-way weight 1.5, minimum 2)", alert.Explanation);
        Assert.DoesNotContain("traveller", alert.Explanation, StringComparison.Ordinal);

        // The one-way weight: at a minimum of 3, two one-way tickets (1.5 each) fire, two return tickets do not.
        var w = new TransactionStoreBuilder();
        w.DescribeHolder("a", "holder-a");
        w.DescribeHolder("r", "holder-r");
        for (var i = 0; i < 2; i++)
        {
            w.Add(i, "a", "air", 30_000, Monday + i * Day, Channel.Card, merchantCategory: 4511, passenger: "t" + i, flags: TransactionFlags.OneWay);
            w.Add(10 + i, "r", "air", 30_000, Monday + i * Day, Channel.Card, merchantCategory: 4511, passenger: "t" + i, flags: TransactionFlags.Return);
        }
        var weighted = w.Build();
        var one = Assert.Single(Of(weighted, "R10", new RuleSet { ThirdPartyTravel = new ThirdPartyTravelRule { MinTickets = 3 } }));
        Assert.Equal("a", weighted.Accounts[one.Accounts[0]]);
        Assert.Contains("for 2 passengers", one.Explanation, StringComparison.Ordinal);

        // Without holders (no parties) or without passengers the rule is silent.
        var none = new TransactionStoreBuilder();
        none.Add(1, "p", "air", 30_000, Monday, Channel.Card, merchantCategory: 4511, passenger: "x");
        none.Add(2, "p", "air", 30_000, Monday + Day, Channel.Card, merchantCategory: 4511, passenger: "y");
        Assert.Empty(Of(none.Build(), "R10"));
    }

    [Fact]
    public void R12_ShareOutsideHoursOrALargeDeposit_Alerts_BelowTheShareTooFewOrNoHours_DoNot()
    {
        var hours = OpeningHours.Parse("Mo-Fr 09:00-18:00").Hours!;
        var b = new TransactionStoreBuilder();
        var id = 0L;
        void Deposit(string account, long at, long amount = 10_000) => b.Add(++id, account, account, amount, at, Channel.CashIn);
        foreach (var account in new[] { "share", "below", "few", "large", "normal", "berlin" })
        {
            b.DescribeOpeningHours(account, hours, account == "berlin" ? "Europe/Berlin" : null);
        }
        // share: 2 of 5 outside (40 % > 30 %): Monday 20:00 and Sunday noon.
        for (var i = 0; i < 3; i++)
        {
            Deposit("share", Monday + i * Day + 10 * Hour);
        }
        Deposit("share", Monday + 20 * Hour);
        Deposit("share", Monday + 6 * Day + 12 * Hour);
        // below: 1 of 5 outside (20 %); few: 4 deposits, all outside (minimum 5).
        for (var i = 0; i < 4; i++)
        {
            Deposit("below", Monday + i * Day + 10 * Hour);
            Deposit("few", Monday + i * Day + 22 * Hour);
        }
        Deposit("below", Monday + 5 * Day + 10 * Hour);
        // large: 5 inside of 100.00 and one outside of 600.00 (> 5 × the median 100.00); normal: the same with 400.00.
        for (var i = 0; i < 5; i++)
        {
            Deposit("large", Monday + i * Day + 11 * Hour);
            Deposit("normal", Monday + i * Day + 11 * Hour);
        }
        Deposit("large", Monday + 7 * Day + 23 * Hour, 60_000);
        Deposit("normal", Monday + 7 * Day + 23 * Hour, 40_000);
        // berlin: 08:30 UTC in January is 09:30 in Berlin (inside); in UTC (the default zone) it would be outside.
        for (var i = 0; i < 5; i++)
        {
            Deposit("berlin", Monday + i * Day + 8 * Hour + 30 * 60);
        }
        // No declared hours: never looked at, however late.
        for (var i = 0; i < 5; i++)
        {
            Deposit("nohours", Monday + i * Day + 23 * Hour);
        }
        var store = b.Build();
        var alerts = Of(store, "R12");
        Assert.Equal(["large", "share"], alerts.Select(a => store.Accounts[a.Accounts[0]]).Order());
        var share = alerts.Single(a => store.Accounts[a.Accounts[0]] == "share");
        Assert.Equal("out_of_hours_cash", share.Typology);
        Assert.Equal("2 of 5 cash deposits (40 %) outside the declared opening hours (Mo-Fr 09:00-18:00, time zone UTC); 0 of them larger than 5 × the median deposit 100.00 (limits: share above 30 % or any such large deposit, at least 5 deposits)",
            share.Explanation);
        Assert.Equal(2, share.Transactions.Length);
        var large = alerts.Single(a => store.Accounts[a.Accounts[0]] == "large");
        Assert.Contains("1 of 6 cash deposits (17 %)", large.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 of them larger than 5 × the median deposit 100.00", large.Explanation, StringComparison.Ordinal);

        // The default zone is a setting: in Berlin time the "berlin" deposits are inside, in New York time everything is outside.
        var newYork = Of(store, "R12", new RuleSet { OutOfHoursCash = new OutOfHoursCashRule { TimeZone = "America/New_York" } });
        Assert.DoesNotContain(newYork, a => store.Accounts[a.Accounts[0]] == "berlin");
        Assert.Contains(newYork, a => store.Accounts[a.Accounts[0]] == "below");
    }

    [Fact]
    public void Files_PassengerTripOpeningHoursTimeZone_ReachTheStore_NamesNeverKept_BadValuesNamed()
    {
        var transactions = Path.Combine(_folder, "transactions.csv");
        var accounts = Path.Combine(_folder, "accounts.csv");
        File.WriteAllLines(transactions,
        [
            "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,mcc,passenger,trip",
            "1,A1,AIR,CARD,300.00,2025-01-06T10:00:00Z,4511,Synthetic Traveller,one-way",
            "2,A1,AIR,CARD,300.00,2025-01-07T10:00:00Z,4511,\"HOLDER, Synthetic\",return",
            "3,A1,AIR,CARD,300.00,2025-01-08T10:00:00Z,4511,synthetic  traveller,",
            "4,S1,S1,CASH-IN,100.00,2025-01-09T10:00:00Z,,,",
        ]);
        File.WriteAllLines(accounts, ["acct_id,type,opening_hours,time_zone", "A1,I,,", "S1,O,Mo-Fr 09:00-18:00,Europe/Berlin", "AIR,O,,"]);
        PartyRow[] holders = [new(2, "A1", "Holder Synthetic", null, null, null, null)];
        var (store, errors) = TransactionFiles.Read(TransactionLayout.AmlSim, transactions, accounts, holders: holders);
        Assert.Empty(errors);
        Assert.Equal([TransactionFlags.OneWay, TransactionFlags.Return, 0, 0], store!.Flags.Select(f => (int)f));
        // One key for the traveller (normalised: case and spacing), another for the holder, none for the deposit.
        Assert.Equal(store.Passenger[0], store.Passenger[2]);
        Assert.True(store.IsHolder(Array.IndexOf(store.Accounts, "A1"), store.Passenger[1]));
        Assert.False(store.IsHolder(Array.IndexOf(store.Accounts, "A1"), store.Passenger[0]));
        Assert.Equal(0, store.Passenger[3]);
        Assert.DoesNotContain(store.NameKeys, k => k.Contains("TRAVELLER", StringComparison.OrdinalIgnoreCase) || k.Contains("HOLDER", StringComparison.OrdinalIgnoreCase));
        var s1 = Array.IndexOf(store.Accounts, "S1");
        Assert.Equal(("Mo-Fr 09:00-18:00", "Europe/Berlin"), (store.Schedules[store.AccountOpeningHours[s1]]!.Text, store.TimeZones[store.AccountTimeZone[s1]]));
        var alert = Assert.Single(Of(store, "R10"));
        Assert.Equal([1L, 3L], alert.Transactions.Select(e => store.Ids[e]));

        File.WriteAllLines(transactions,
        [
            "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,mcc,passenger,trip",
            "1,A1,AIR,CARD,300.00,2025-01-06T10:00:00Z,4511,Synthetic Traveller,both ways",
        ]);
        File.WriteAllLines(accounts, ["acct_id,type,opening_hours,time_zone", "A1,O,Mo-Fr 9-18,", "AIR,O,,Mars/Olympus"]);
        (store, errors) = TransactionFiles.Read(TransactionLayout.AmlSim, transactions, accounts);
        Assert.Null(store);
        Assert.Equal(
        [
            "accounts.csv, line 2, column opening_hours: '9-18' is not a time range (HH:MM-HH:MM, 00:00 to 24:00, start and end different) (e.g. Mo-Fr 09:00-18:00; Sa 09:00-13:00)",
            "accounts.csv, line 3, column time_zone: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin)",
            "transactions.csv, line 2, column trip: 'both ways' is not a trip: one-way or return (or empty)",
        ], errors.Select(e => e.ToString()));

        // The rule set's own values: a bad merchant category range and an unknown default zone are named by setting.
        var problems = FinanceAnalysis.Check(new RuleSet
        {
            ThirdPartyTravel = new ThirdPartyTravelRule { MerchantCategories = ["3299-3000"] },
            OutOfHoursCash = new OutOfHoursCashRule { TimeZone = "Nowhere/Else" },
        });
        Assert.Equal(["thirdPartyTravel.merchantCategories", "outOfHoursCash.timeZone"], problems.Select(p => p.Setting));
        Assert.Empty(FinanceAnalysis.Check(new RuleSet()));
    }
}
