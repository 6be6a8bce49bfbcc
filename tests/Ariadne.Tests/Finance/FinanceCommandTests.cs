using System.Globalization;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>The command contract of <c>ariadne finance</c>, run in process on generated files (no database, no app).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FinanceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finance-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task GenerateAnalyseEvaluate_PlantedTypologies_RecallAndPrecisionFloors()
    {
        var gen = PathOf("gen");
        var run = PathOf("run");
        var (exit, output, error) = await CliRunner.RunAsync("finance", "generate", "--accounts", "3000", "--transactions", "30000", "--seed", "11", "--out", gen);
        Assert.True(exit == 0, error);
        Assert.Contains("3000 accounts, 30000 transactions", output, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", Path.Combine(gen, "transactions.csv"),
            "--accounts", Path.Combine(gen, "accounts.csv"), "--rules", Path.Combine(gen, "rules.json"), "--parties", Path.Combine(gen, "parties.csv"), "--out", run);
        Assert.True(exit == 0, error);

        // Every account once; flagged is 0/1; a flagged account has reasons.
        var accounts = File.ReadAllLines(Path.Combine(run, "accounts.csv"));
        Assert.Equal("account_id,score,flagged,reasons", accounts[0]);
        Assert.Equal(3000, accounts.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
        Assert.All(accounts.Skip(1), line =>
        {
            var cells = line.Split(',', 4);
            Assert.Contains(cells[2], new[] { "0", "1" });
            Assert.True(cells[2] == "0" || cells[3].Length > 0, line);
        });
        var alerts = File.ReadAllLines(Path.Combine(run, "alerts.csv"));
        Assert.Equal("alert_id,rule,typology,accounts,transactions,score,explanation,source", alerts[0]);
        Assert.Contains(alerts, a => a.Contains(",R20,cycle,", StringComparison.Ordinal) && a.Contains("each payment later than the one before", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Contains(",R1,structuring,", StringComparison.Ordinal) && a.Contains("US threshold 10000", StringComparison.Ordinal));

        (exit, output, error) = await CliRunner.RunAsync("finance", "evaluate", "--out", run, "--labels", Path.Combine(gen, "labels.csv"));
        Assert.True(exit == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(c => c[0]);
        double Value(string typology, int column) => double.Parse(rows[typology][column], CultureInfo.InvariantCulture);
        // Recall floors of the typologies the rules define (column 3) and precision floors of their alerts (column 5).
        // The rules on places, payroll types, business types and the generated list files (rules.json) included.
        // With the parties file, R10 (ticket passengers) and R12 (opening hours) too; their decoys must not lower precision.
        string[] profile = ["funnel_region", "geo_hopping", "many_payrolls", "business_no_payroll", "processor", "tagged_address", "unlicensed_agency", "third_party_travel", "out_of_hours_cash"];
        foreach (var typology in (string[])["fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "ad_site", "lodging", "multi_branch_cash", "structuring", "funnel", .. profile])
        {
            Assert.True(Value(typology, 3) >= 0.9, $"recall of {typology}: {rows[typology][3]}");
        }
        foreach (var typology in (string[])["fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "structuring", .. profile])
        {
            Assert.True(Value(typology, 5) >= 0.8, $"precision of {typology} alerts: {rows[typology][5]}");
        }
        Assert.True(Value("overall", 5) >= 0.8, output);
        Assert.True(Value("overall", 3) >= 0.8, output);
    }

    [Fact]
    public async Task Analyse_ShuffledLabels_SameOutput_BadRow_NamesFileLineColumnAndWritesNothing()
    {
        const string Header = "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id";
        string[] rows =
        [
            "1,a,b,TRANSFER,100.00,2025-01-01T00:00:00Z", "2,b,c,TRANSFER,95.00,2025-01-02T00:00:00Z", "3,c,a,TRANSFER,90.00,2025-01-03T00:00:00Z",
            "4,d,e,TRANSFER,50.00,2025-01-04T00:00:00Z", "5,e,d,TRANSFER,40.00,2025-03-04T00:00:00Z",
        ];
        File.WriteAllLines(PathOf("labelled.csv"), [Header, .. rows.Select((r, i) => r + (i < 3 ? ",True,7" : ",False,-1"))]);
        File.WriteAllLines(PathOf("shuffled.csv"), [Header, .. rows.Select((r, i) => r + (i % 2 == 0 ? ",False,3" : ",True,-1"))]);

        var first = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", PathOf("labelled.csv"), "--out", PathOf("r1"));
        var second = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", PathOf("shuffled.csv"), "--out", PathOf("r2"));

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        Assert.Equal(File.ReadAllText(PathOf("r1/accounts.csv")), File.ReadAllText(PathOf("r2/accounts.csv")));
        Assert.Equal(File.ReadAllText(PathOf("r1/alerts.csv")), File.ReadAllText(PathOf("r2/alerts.csv")));
        Assert.Contains(",R20,cycle,a;b;c,1;2;3,", File.ReadAllText(PathOf("r1/alerts.csv")), StringComparison.Ordinal);

        File.WriteAllLines(PathOf("bad.csv"), [Header, rows[0] + ",False,-1", "2,b,c,TRANSFER,lots,2025-01-02T00:00:00Z,False,-1", "3,c,,TRANSFER,1,yesterday,False,-1"]);
        var bad = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", PathOf("bad.csv"), "--out", PathOf("r3"));

        Assert.Equal(2, bad.Exit);
        Assert.Contains("bad.csv, line 3, column base_amt: 'lots' is not a non-negative amount", bad.Error, StringComparison.Ordinal);
        Assert.Contains("bad.csv, line 4, column bene_acct: empty account", bad.Error, StringComparison.Ordinal);
        Assert.Contains("bad.csv, line 4, column tran_timestamp: 'yesterday' is not a time", bad.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(PathOf("r3")));
    }

    [Fact]
    public async Task Analyse_IbmGenericAndAmlSim2019Layouts_ReadTheSameCycle()
    {
        // IBM: two columns named Account; accounts are BANK:ACCOUNT; Is Laundering is never read.
        File.WriteAllLines(PathOf("ibm.csv"),
        [
            "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering",
            "2022/09/01 00:20,10,8000A,20,8000B,100.00,US Dollar,100.00,US Dollar,ACH,0",
            "2022/09/02 00:20,20,8000B,30,8000C,99.00,US Dollar,99.00,US Dollar,ACH,1",
            "2022/09/03 00:20,30,8000C,10,8000A,98.00,US Dollar,98.00,US Dollar,Wire,0",
        ]);
        File.WriteAllLines(PathOf("generic.csv"), ["when;from;to;eur;label", "01.09.2022;x;y;100.5;1", "02.09.2022;y;z;99;0", "03.09.2022;z;x;98;1"]);
        File.WriteAllText(PathOf("mapping.json"), """{ "columns": { "source": "from", "target": "to", "amount": "eur", "timestamp": "when" }, "timestampFormat": "dd.MM.yyyy", "delimiter": ";" }""");
        File.WriteAllLines(PathOf("nodes-tx.csv"), ["sourceNodeId,targetNodeId,value,time", "1,2,10,1", "2,3,10,2", "3,1,10,3"]);
        File.WriteAllLines(PathOf("nodes.csv"), ["nodeid,isFraud,init_balance,fraudStep", "1,1,100,3", "2,0,100,0", "3,0,100,0", "4,0,100,0"]);
        File.WriteAllText(PathOf("labelled-mapping.json"), """{ "columns": { "source": "from", "target": "to", "amount": "eur", "timestamp": "when", "id": "Is Laundering" } }""");

        var ibm = await CliRunner.RunAsync("finance", "analyse", "--format", "ibm", "--transactions", PathOf("ibm.csv"), "--out", PathOf("ibm"));
        var generic = await CliRunner.RunAsync("finance", "analyse", "--format", "generic", "--transactions", PathOf("generic.csv"), "--mapping", PathOf("mapping.json"), "--out", PathOf("generic"));
        var sample = await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", PathOf("nodes-tx.csv"), "--accounts", PathOf("nodes.csv"), "--out", PathOf("sample"));
        var refused = await CliRunner.RunAsync("finance", "analyse", "--format", "generic", "--transactions", PathOf("generic.csv"), "--mapping", PathOf("labelled-mapping.json"), "--out", PathOf("refused"));

        Assert.True(ibm.Exit == 0, ibm.Error);
        Assert.Contains(",R20,cycle,10:8000A;20:8000B;30:8000C,1;2;3,", File.ReadAllText(PathOf("ibm/alerts.csv")), StringComparison.Ordinal);
        Assert.True(generic.Exit == 0, generic.Error);
        Assert.Contains(",R20,cycle,x;y;z,1;2;3,", File.ReadAllText(PathOf("generic/alerts.csv")), StringComparison.Ordinal);
        Assert.True(sample.Exit == 0, sample.Error);
        Assert.Contains(",R20,cycle,1;2;3,1;2;3,", File.ReadAllText(PathOf("sample/alerts.csv")), StringComparison.Ordinal);
        Assert.Contains("4,0,0,", File.ReadAllText(PathOf("sample/accounts.csv")), StringComparison.Ordinal);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("labelled-mapping.json, line 0, column columns.id: 'Is Laundering' is a label column; analysis never reads labels", refused.Error, StringComparison.Ordinal);
    }
}
