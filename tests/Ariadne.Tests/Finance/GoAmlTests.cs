using System.Text;
using System.Xml.Linq;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Finance.GoAml;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>The goAML report: builder, writer (order, bytes), FIU profile checks, and the <c>finance goaml</c> command. Pure code except the last test (in-process CLI, no web app).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class GoAmlTests : IDisposable
{
    private static readonly DateTimeOffset Submitted = new(2025, 2, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly string HeaderFile = TestData.Path("finance", "goaml-header.json");
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-goaml-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A cycle a → b → c → a (ids 1–3) and a cash deposit into a (id 4, source = target).</summary>
    private static TransactionStore TinyStore()
    {
        var builder = new TransactionStoreBuilder();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        builder.Add(1, "a", "b", 10_000, t0, Channel.Transfer, "EUR");
        builder.Add(2, "b", "c", 9_500, t0 + 86_400, Channel.Wire, "EUR");
        builder.Add(3, "c", "a", 9_000, t0 + 2 * 86_400, Channel.Transfer, "USD");
        builder.Add(4, "a", "a", 50_050, t0 + 3 * 86_400, Channel.CashIn, "EUR", branch: "BR-7");
        return builder.Build();
    }

    private static GoAmlAlert CycleAlert => new("A000001", "R20", "cycle", ["a", "b", "c"], [1, 2, 3, 4], "3 payments in a cycle, each later than the one before");

    [Fact]
    public void Build_TinyCycle_KnownAnswer_SchemaOrder_RoundTrip_DeterministicBytes()
    {
        var profile = FiuProfile.Generic();
        var report = GoAmlBuilder.Build(TinyStore(), CycleAlert, GoAmlHeader.Load(HeaderFile), profile, Submitted);
        var bytes = GoAmlWriter.ToBytes(report, profile.DateFormat);

        Assert.Equal((byte)'<', bytes[0]);
        Assert.Equal(bytes, GoAmlWriter.ToBytes(report, profile.DateFormat));
        Assert.Empty(profile.Validate(report));
        var root = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal(
            ["rentity_id", "submission_code", "report_code", "entity_reference", "submission_date", "currency_code_local", "reporting_person", "location", "reason", "action",
             "transaction", "transaction", "transaction", "transaction", "report_indicators"],
            root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("4711", root.Element("rentity_id")!.Value);
        Assert.Equal("2025-02-01T09:30:00", root.Element("submission_date")!.Value);
        Assert.Equal("Alert A000001 (R20, cycle): 3 payments in a cycle, each later than the one before", root.Element("reason")!.Value);
        Assert.Equal(["R20-CYCLE"], root.Element("report_indicators")!.Elements("indicator").Select(e => e.Value));

        var transactions = root.Elements("transaction").ToList();
        var first = transactions[0];
        Assert.Equal(["transactionnumber", "date_transaction", "transmode_code", "amount_local", "t_from_my_client", "t_to_my_client"], first.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("1", first.Element("transactionnumber")!.Value);
        Assert.Equal("2025-01-01T00:00:00", first.Element("date_transaction")!.Value);
        Assert.Equal("100.00", first.Element("amount_local")!.Value);
        var from = first.Element("t_from_my_client")!;
        Assert.Equal(["from_funds_code", "from_account", "from_country"], from.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("ACCOUNT", from.Element("from_funds_code")!.Value);
        Assert.Equal(["institution_name", "swift", "account"], from.Element("from_account")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("Synthetic Bank AG", from.Element("from_account")!.Element("institution_name")!.Value);

        // c is marked as not the reporter's client in the header: a plain t_to with its own bank.
        Assert.Equal("WIRE", transactions[1].Element("transmode_code")!.Value);
        Assert.Equal("Other Synthetic Bank", transactions[1].Element("t_to")!.Element("to_account")!.Element("institution_name")!.Value);
        // Another currency than the local one is said, not converted.
        Assert.Equal("Amount in USD as recorded; no exchange rate to EUR applied.", transactions[2].Element("comments")!.Value);
        // A cash deposit: the cash side is the holder in person (known from the header), the account receives it.
        var cash = transactions[3];
        Assert.Equal("CASH", cash.Element("transmode_code")!.Value);
        Assert.Equal("500.50", cash.Element("amount_local")!.Value);
        Assert.Equal("BR-7", cash.Element("transaction_location")!.Value);
        Assert.Equal("CASH", cash.Element("t_from_my_client")!.Element("from_funds_code")!.Value);
        Assert.Equal("Holder A", cash.Element("t_from_my_client")!.Element("from_person")!.Element("last_name")!.Value);
        Assert.Equal("a", cash.Element("t_to_my_client")!.Element("to_account")!.Element("account")!.Value);
    }

    [Fact]
    public void Validate_BrokenReport_NamesEachProblemByElementPath()
    {
        var profile = FiuProfile.Generic() with { MaxTransactions = 3 };
        var report = GoAmlBuilder.Build(TinyStore(), CycleAlert, new GoAmlHeader { RentityId = -5, CurrencyCodeLocal = "euro", ReportCode = "XYZ" }, profile, Submitted);
        report = report with
        {
            Reason = new string('x', 4001),
            Transactions = [report.Transactions[0] with { From = report.Transactions[0].From with { FundsCode = "GOLD" } }, .. report.Transactions.Skip(1)],
        };

        var problems = profile.Validate(report).Select(p => p.ToString()).ToList();

        Assert.Contains("report/reporting_person: required by the profile but missing", problems);
        Assert.Contains("report/location: required by the profile but missing", problems);
        Assert.Contains("report/rentity_id: '-5' does not match the profile's pattern [1-9][0-9]{0,9}", problems);
        Assert.Contains("report/report_code: 'XYZ' is not in the profile's code list (STR, SAR)", problems);
        Assert.Contains("report/currency_code_local: 'euro' does not match the profile's pattern [A-Z]{3}", problems);
        Assert.Contains("report/reason: 4001 characters, at most 4000 allowed", problems);
        Assert.Contains(problems, p => p.StartsWith("report/transaction[1]/t_from_my_client/from_funds_code: 'GOLD' is not in the profile's code list", StringComparison.Ordinal));
        // Without the header, the reporter's institution is unknown: named per transaction and side.
        Assert.Contains("report/transaction[2]/t_from_my_client/from_account/institution_name: required by the profile but missing", problems);
        Assert.Contains("report/transaction: 4 transactions, at most 3 in one report", problems);
        var dated = XDocument.Parse(Encoding.UTF8.GetString(GoAmlWriter.ToBytes(report)));
        dated.Root!.Element("submission_date")!.Value = "01.02.2025";
        Assert.Contains(profile.Validate(dated), p => p is { Path: "report/submission_date", Field: "submission_date" } && p.Message.Contains("not a date", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildActivity_SharedIdentifiers_ReportParties_InSchemaOrder_ProfileAllowsOrRefuses_NamingTheElement()
    {
        var profile = FiuProfile.Generic();
        var alert = new GoAmlAlert("S000001", "R6", "shared_identifier", ["x", "y"], [], "2 accounts whose 2 holders carry 2 different names share identifiers (1 phone)");
        var holder = FinanceService.Person(new FinancePartyIdentity("Doe, Jane", "+99 777 100000", "jane@example.invalid", "1 Synthetic Lane, Flat 2, Demo City", "X9000001", "1980-02-29"))!;
        Assert.Equal(("Jane", "Doe", new DateOnly(1980, 2, 29), "X9000001"), (holder.FirstName, holder.LastName, holder.Birthdate, holder.IdNumber));
        Assert.Equal(("1 Synthetic Lane, Flat 2", "Demo City"), (holder.Addresses[0].Address, holder.Addresses[0].City));
        Assert.Null(FinanceService.Person(new FinancePartyIdentity(null, "+99 1", null, null, null)));
        // y has no known holder: the account stands in for it, with the reporter's institution.
        var report = GoAmlBuilder.BuildActivity(alert, [new GoAmlHolder("x", holder, "DE"), new GoAmlHolder("y", null, null)],
            GoAmlHeader.Load(HeaderFile) with { ReportCode = "SAR" }, profile, Submitted);

        Assert.Empty(profile.Validate(report));
        var root = XDocument.Parse(Encoding.UTF8.GetString(GoAmlWriter.ToBytes(report, profile.DateFormat))).Root!;
        Assert.Equal(
            ["rentity_id", "submission_code", "report_code", "entity_reference", "submission_date", "currency_code_local", "reporting_person", "location", "reason", "action",
             "activity", "report_indicators"],
            root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["R6"], root.Element("report_indicators")!.Elements("indicator").Select(e => e.Value));
        var parties = root.Element("activity")!.Element("report_parties")!.Elements("report_party").ToList();
        Assert.Equal(["person", "significance", "reason", "comments"], parties[0].Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["first_name", "last_name", "birthdate", "id_number", "phones", "addresses", "email"], parties[0].Element("person")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("1980-02-29T00:00:00", parties[0].Element("person")!.Element("birthdate")!.Value);
        Assert.Equal("Holder of account x, one of the 2 accounts of alert S000001 (R6, shared_identifier).", parties[0].Element("reason")!.Value);
        Assert.Equal("Account x (DE)", parties[0].Element("comments")!.Value);
        Assert.Equal(["account", "significance", "reason"], parties[1].Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("Synthetic Bank AG", "y"), (parties[1].Element("account")!.Element("institution_name")!.Value, parties[1].Element("account")!.Element("account")!.Value));

        // An FIU that takes transaction reports only refuses it; a party without a last name and a significance out of range are named by path.
        var transactionsOnly = profile with { Name = "transactions-only", ActivityReports = false, ActivitySignificance = 11 };
        var broken = GoAmlBuilder.BuildActivity(alert, [new GoAmlHolder("x", holder with { LastName = null }, null)], GoAmlHeader.Load(HeaderFile), transactionsOnly, Submitted);
        var problems = transactionsOnly.Validate(broken);
        Assert.Contains(problems, p => p is { Path: "report/activity", Field: "activity" } && p.Message.Contains("does not accept activity reports", StringComparison.Ordinal));
        Assert.Contains("report/activity/report_parties/report_party/person/last_name: required by the profile but missing", problems.Select(p => p.ToString()));
        Assert.Contains(problems, p => p is { Path: "report/activity/report_parties/report_party/significance", Field: "significance" });
        // Neither transactions nor an activity: the choice is named.
        Assert.Contains("report/transaction|activity: required by the profile but missing", profile.Validate(broken with { Activity = null }).Select(p => p.ToString()));
    }

    [Fact]
    public async Task Command_AnalyseThenGoAml_WritesValidReport_RefusesWithoutHeaderNamingProblems()
    {
        var transactions = Path.Combine(_folder, "transactions.csv");
        File.WriteAllLines(transactions,
        [
            "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id",
            "1,a,b,TRANSFER,100.00,2025-01-01T00:00:00Z,True,1", "2,b,c,TRANSFER,95.00,2025-01-02T00:00:00Z,True,1",
            "3,c,a,TRANSFER,90.00,2025-01-03T00:00:00Z,True,1", "4,d,e,TRANSFER,50.00,2025-01-04T00:00:00Z,False,-1",
        ]);
        var run = Path.Combine(_folder, "run");
        var analysed = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", transactions, "--out", run);
        Assert.True(analysed.Exit == 0, analysed.Error);
        var alertId = File.ReadLines(Path.Combine(run, "alerts.csv")).Skip(1).Single(l => l.Contains(",cycle,", StringComparison.Ordinal)).Split(',')[0];
        var xml = Path.Combine(_folder, "str.xml");

        var written = await CliRunner.RunAsync("finance", "goaml", "--format", "amlsim", "--transactions", transactions, "--analysis", run, "--alert", alertId,
            "--header", HeaderFile, "--out", xml);
        var refused = await CliRunner.RunAsync("finance", "goaml", "--format", "amlsim", "--transactions", transactions, "--analysis", run, "--alert", alertId,
            "--out", Path.Combine(_folder, "refused.xml"));
        var unknown = await CliRunner.RunAsync("finance", "goaml", "--format", "amlsim", "--transactions", transactions, "--analysis", run, "--alert", "nope",
            "--header", HeaderFile, "--out", Path.Combine(_folder, "unknown.xml"));

        Assert.True(written.Exit == 0, written.Error);
        var root = XDocument.Load(xml).Root!;
        Assert.Equal(["1", "2", "3"], root.Elements("transaction").Select(t => t.Element("transactionnumber")!.Value));
        Assert.Equal("R20-CYCLE", root.Element("report_indicators")!.Element("indicator")!.Value);
        Assert.Empty(FiuProfile.Generic().Validate(XDocument.Load(xml)));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("report/rentity_id: required by the profile but missing", refused.Error, StringComparison.Ordinal);
        Assert.Contains("report/reporting_person: required by the profile but missing", refused.Error, StringComparison.Ordinal);
        Assert.Contains("no report was written", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "refused.xml")));
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("alerts.csv: no alert 'nope'", unknown.Error, StringComparison.Ordinal);
    }
}
