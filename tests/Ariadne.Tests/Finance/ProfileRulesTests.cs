using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;

namespace Ariadne.Tests.Finance;

/// <summary>
/// The rules on optional columns and lists (R3, R5, R11, R14, R15, R17, R18): a planted positive and a near miss each,
/// on hand-made stores (no app); list files refused by line; the generic layout's new columns read into the store.
/// </summary>
public sealed class ProfileRulesTests : IDisposable
{
    private const long Day = 86_400;
    private const long Hour = 3_600;
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finrules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FinanceAnalysisResult Run(TransactionStoreBuilder builder, RuleSet? rules = null) => FinanceAnalysis.Run(builder.Build(), rules ?? new RuleSet());

    private static FinanceAlert[] Of(FinanceAnalysisResult result, string rule) => [.. result.Alerts.Where(a => a.Rule == rule)];

    [Fact]
    public void R3Funnel_CashInHereCashOutElsewhereWithin48h_Alerts_LaterOrSamePlaceOrSmall_DoesNot()
    {
        var b = new TransactionStoreBuilder();
        // Positive: 1,000 in at North, 900 out at South 30 h later.
        b.Add(1, "f", "f", 100_000, 0, Channel.CashIn, place: "North");
        b.Add(2, "f", "f", 90_000, 30 * Hour, Channel.CashOut, place: "South");
        // Near misses: out after 50 h; out at the same place; out elsewhere but only 70 %; an ordinary transfer (not a wire).
        b.Add(3, "g", "g", 100_000, 0, Channel.CashIn, place: "North");
        b.Add(4, "g", "g", 90_000, 50 * Hour, Channel.CashOut, place: "South");
        b.Add(5, "h", "h", 100_000, 0, Channel.CashIn, place: "North");
        b.Add(6, "h", "h", 90_000, 10 * Hour, Channel.CashOut, place: "North");
        b.Add(7, "i", "i", 100_000, 0, Channel.CashIn, place: "North");
        b.Add(8, "i", "i", 70_000, 10 * Hour, Channel.CashOut, place: "South");
        b.Add(9, "j", "j", 100_000, 0, Channel.CashIn, place: "North");
        b.Add(10, "j", "k", 95_000, 10 * Hour, Channel.Transfer, place: "South");
        var store = b.Build();
        var alert = Assert.Single(Of(FinanceAnalysis.Run(store, new RuleSet()), "R3"));
        Assert.Equal("funnel_region", alert.Typology);
        Assert.Equal([1L, 2L], alert.Transactions.Select(e => store.Ids[e]));
        Assert.Contains("at North left within 48 h from South", alert.Explanation, StringComparison.Ordinal);
        Assert.Contains("FIN-2020-A008 typology 3", alert.Source, StringComparison.Ordinal);

        // Configurable: a 72 h window catches g as well.
        var g = new TransactionStoreBuilder();
        g.Add(3, "g", "g", 100_000, 0, Channel.CashIn, place: "North");
        g.Add(4, "g", "g", 90_000, 50 * Hour, Channel.CashOut, place: "South");
        Assert.Single(Of(FinanceAnalysis.Run(g.Build(), new RuleSet { Funnel = new FunnelRule(WindowHours: 72) }), "R3"));
    }

    [Fact]
    public void R18Hopping_ThreePlacesInAWeek_Alerts_ThreePlacesOverThreeWeeks_DoesNot()
    {
        var b = new TransactionStoreBuilder();
        string[] places = ["North", "South", "East"];
        for (var i = 0; i < 3; i++)
        {
            b.Add(i + 1, "h", "m" + i, 5_000, i * 2 * Day, Channel.Card, merchantCategory: 5411, place: places[i]);
            b.Add(i + 11, "n", "n", 5_000, i * 10 * Day, Channel.CashOut, place: places[i]);
            // Received payments do not count: the payer's place is not the account holder's.
            b.Add(i + 21, "x" + i, "r", 5_000, i * Day, Channel.Transfer, place: places[i]);
        }
        var store = b.Build();
        var alert = Assert.Single(Of(FinanceAnalysis.Run(store, new RuleSet()), "R18"));
        Assert.Equal("geo_hopping", alert.Typology);
        Assert.Contains("3 places (East, North, South)", alert.Explanation, StringComparison.Ordinal);
        Assert.Equal("h", store.Accounts[Assert.Single(alert.Accounts)]);
    }

    [Fact]
    public void R5Payrolls_ThreeEmployersInAMonth_Alerts_TwoOrSpreadOut_DoNot()
    {
        var b = new TransactionStoreBuilder();
        for (var i = 0; i < 3; i++)
        {
            b.Add(i + 1, "emp" + i, "w", 200_000, i * 5 * Day, Channel.Ach, kind: "payroll");
            b.Add(i + 11, "emp" + i, "v", 200_000, i * 40 * Day, Channel.Ach, kind: "PAYROLL");
            b.Add(i + 21, "emp" + i, "u", 200_000, i * Day, Channel.Ach, kind: "TRANSFER");
        }
        var result = Run(b);
        var alert = Assert.Single(Of(result, "R5"));
        Assert.Equal("many_payrolls", alert.Typology);
        Assert.Equal(4, alert.Accounts.Length);
        Assert.Contains("3 different originators", alert.Explanation, StringComparison.Ordinal);
        // Payroll runs are left out of the typology graph: three employers paying three accounts is no fan.
        Assert.DoesNotContain(result.Alerts, a => a.Typology is "fan_out" or "fan_in");
        // The payroll types are configurable.
        Assert.Empty(Of(FinanceAnalysis.Run(BuildPayroll(), new RuleSet { Payrolls = new PayrollRule { PayrollTypes = ["SALARY"] } }), "R5"));
    }

    private static TransactionStore BuildPayroll()
    {
        var b = new TransactionStoreBuilder();
        for (var i = 0; i < 3; i++)
        {
            b.Add(i + 1, "emp" + i, "w", 200_000, i * 5 * Day, Channel.Ach, kind: "PAYROLL");
        }
        return b.Build();
    }

    [Fact]
    public void R11BusinessWithoutPayroll_CashIntensiveRevenueNoWages_Alerts_WithWagesOrOtherTypeOrSmall_DoNot()
    {
        var b = new TransactionStoreBuilder();
        b.DescribeAccount("salon", AccountKind.Business, "US", "nail_salon");
        b.DescribeAccount("bar", AccountKind.Business, "US", "5813");
        b.DescribeAccount("consultant", AccountKind.Business, "US", "consulting");
        b.DescribeAccount("kiosk", AccountKind.Business, "US", "7230");
        for (var i = 0; i < 30; i++)
        {
            foreach (var account in new[] { "salon", "bar", "consultant" })
            {
                b.Add(i * 10 + account.Length, account, account, 200_000, i * Day, Channel.CashIn);
            }
            b.Add(1_000 + i, "kiosk", "kiosk", 10_000, i * Day, Channel.CashIn);
        }
        // The bar pays wages: 5 % of revenue.
        b.Add(2_000, "bar", "staff", 300_000, 31 * Day, Channel.Ach, kind: "PAYROLL");
        var alert = Assert.Single(Of(Run(b), "R11"));
        Assert.Equal("business_no_payroll", alert.Typology);
        Assert.Contains("business of type NAIL_SALON received 60000.00 in 30 credits and paid 0.00", alert.Explanation, StringComparison.Ordinal);
        Assert.Equal(30, alert.Transactions.Length);
    }

    [Fact]
    public void R14R15R17_ListDrivenRules_FireOnListedAccounts_NotWithoutListsOrWithBeneficiaryOrLicensed()
    {
        var b = new TransactionStoreBuilder();
        b.DescribeAccount("agency-x", AccountKind.Business, "US", "7361");
        b.DescribeAccount("agency-ok", AccountKind.Business, "US", "RECRUITMENT_AGENCY");
        for (var i = 0; i < 3; i++)
        {
            b.Add(i + 1, "p", "paypro", 5_000, i * Day, Channel.Transfer);
            b.Add(i + 11, "q", "paypro", 5_000, i * Day, Channel.Transfer, flags: TransactionFlags.HasBeneficiary);
            b.Add(i + 21, "s", "paypro", 5_000, i * 20 * Day, Channel.Transfer);
        }
        b.Add(31, "c", "bc1qdark", 5_000, Day, Channel.Crypto);
        b.Add(32, "d", "bc1qclean", 5_000, Day, Channel.Crypto);
        b.Add(41, "e", "agency-x", 50_000, Day, Channel.Transfer);
        b.Add(42, "f", "agency-ok", 50_000, Day, Channel.Transfer);
        b.Add(43, "g", "shop", 50_000, Day, Channel.Card, merchantCategory: 7361);
        var store = b.Build();
        Assert.DoesNotContain(FinanceAnalysis.Run(store, new RuleSet()).Alerts, a => a.Rule is "R14" or "R15" or "R17");

        var rules = new RuleSet
        {
            ThirdPartyProcessors = new ProcessorRule { Entries = ["paypro"] },
            TaggedAddresses = new TaggedAddressRule { Entries = ["bc1qdark"] },
            RecruitmentAgencies = new RecruitmentAgencyRule { Register = ["agency-ok"] },
        };
        var result = FinanceAnalysis.Run(store, rules);
        var processor = Assert.Single(Of(result, "R14"));
        Assert.Equal("p", store.Accounts[Assert.Single(processor.Accounts)]);
        Assert.Contains("3 payments without beneficiary data", processor.Explanation, StringComparison.Ordinal);
        var tagged = Assert.Single(Of(result, "R15"));
        Assert.Equal("c", store.Accounts[Assert.Single(tagged.Accounts)]);
        var agencies = Of(result, "R17");
        Assert.Equal(2, agencies.Length);
        Assert.Equal(["e", "agency-x"], agencies[0].Accounts.Select(a => store.Accounts[a]));
        Assert.Equal(["g", "shop"], agencies[1].Accounts.Select(a => store.Accounts[a]));
        Assert.Contains("not on the licensed-agency register", agencies[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleLists_ReadEntriesRelativeToTheRulesFile_BadLinesNamed()
    {
        File.WriteAllLines(Path.Combine(_folder, "tagged.csv"), ["account_id", "# darknet markets, feed of 2026-12-01", "bc1qdark,market A", "", "bc1qother"]);
        File.WriteAllLines(Path.Combine(_folder, "register.csv"), ["agency-1", ",no id", "agency-1", "has space"]);
        var rulesPath = Path.Combine(_folder, "rules.json");
        var (ok, none) = RuleLists.Load(new RuleSet { TaggedAddresses = new TaggedAddressRule { ListFile = "tagged.csv", Entries = ["inline"] } }, rulesPath);
        Assert.Empty(none);
        Assert.Equal(["inline", "bc1qdark", "bc1qother"], ok!.TaggedAddresses.Entries);

        var (bad, errors) = RuleLists.Load(new RuleSet
        {
            RecruitmentAgencies = new RecruitmentAgencyRule { RegisterFile = "register.csv" },
            ThirdPartyProcessors = new ProcessorRule { ListFile = "missing.csv" },
        }, rulesPath);
        Assert.Null(bad);
        Assert.Equal(
        [
            "rules.json, line 0, column thirdPartyProcessors.listFile: the list file 'missing.csv' does not exist",
            "register.csv, line 2, column entry: empty entry (the first field is the account id or address)",
            "register.csv, line 3, column entry: 'agency-1' is listed twice (first on line 1)",
            "register.csv, line 4, column entry: 'has space' contains white space; an entry is one account id or address",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void GenericLayout_RegionCityPurposeBeneficiaryAndBusinessType_ReachTheStore()
    {
        File.WriteAllLines(Path.Combine(_folder, "tx.csv"),
        [
            "ref;from;to;eur;when;kind;state;town;why;ben",
            "1;a;b;10.00;2025-01-01T00:00:00Z;ACH;BY;Munich;salary;",
            "2;a;b;10.00;2025-01-02T00:00:00Z;ACH;;Berlin;;Jane Doe",
            "3;a;b;10.00;2025-01-03T00:00:00Z;ACH;HH;;;",
        ]);
        File.WriteAllLines(Path.Combine(_folder, "accounts.csv"), ["acct_id,type,business_type", "b,O,Nail_Salon"]);
        File.WriteAllText(Path.Combine(_folder, "map.json"), """
            { "columns": { "id": "ref", "source": "from", "target": "to", "amount": "eur", "timestamp": "when", "channel": "kind",
                           "region": "state", "city": "town", "purpose": "why", "beneficiary": "ben" } }
            """);
        var (store, errors) = TransactionFiles.Read(TransactionLayout.Generic, Path.Combine(_folder, "tx.csv"), Path.Combine(_folder, "accounts.csv"), Path.Combine(_folder, "map.json"));
        Assert.Empty(errors);
        Assert.Equal(["BY/Munich", "Berlin", "HH"], store!.Place.Select(p => store.Places[p]));
        Assert.Equal(["SALARY", "ACH", "ACH"], store.Kind.Select(k => store.Kinds[k]));
        Assert.Equal([0, TransactionFlags.HasBeneficiary, 0], store.Flags.Select(f => (int)f));
        Assert.Equal("NAIL_SALON", store.BusinessTypes[store.AccountBusinessType[Array.IndexOf(store.Accounts, "b")]]);
    }
}
