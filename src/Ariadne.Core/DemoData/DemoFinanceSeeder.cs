using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The demo's financial flows: a generated bank export (1,000 accounts, 10,000 transactions, synthetic holders of which
/// two groups of three unrelated holders share a phone) imported and analysed as <c>demo-investigator</c>; the three
/// highest-scoring alerts assigned to them, one shared-phone alert disposed as true positive and linked to a case of the
/// police, one structuring alert disposed as false positive — so that every finance page shows something. The holder of
/// <see cref="RegistryMatchAccount"/> (in the second shared-phone group, so in an R6 alert) bears the name and date of birth of
/// the person of another police case (<see cref="RegistryMatchCaseAsync"/>): the investigator's search of the case registry
/// finds that case (docs/finance.md, "Finding the holders in the case registry").
/// </summary>
public sealed class DemoFinanceSeeder(AppDbContext db, FinanceService finance, AssetLedgerService assets, IdentityVault vault)
{
    public const string DatasetName = "Demo bank export (synthetic)";
    public const string Investigator = "demo-investigator";

    /// <summary>The account whose (synthetic) holder is the person of a demo police case: the first of the second shared-phone group.</summary>
    public const string RegistryMatchAccount = "A0000002";

    public async Task SeedAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        if (await db.Set<FinanceDataset>().AnyAsync(cancellationToken))
        {
            return;
        }
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == Investigator).Select(u => new { u.Id, u.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return;
        }
        var viewer = new CaseViewer(user.Id, user.OrganisationId, new HashSet<string> { UserRoles.FinancialInvestigator });
        var folder = Directory.CreateTempSubdirectory("ariadne-demo-finance-").FullName;
        try
        {
            var data = FinanceGenerator.Generate(1_000, 10_000, 17);
            var generated = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 17, sharedGroups: 2, variantPersons: 10);
            if (await RegistryMatchCaseAsync(organisations, cancellationToken) is { } person)
            {
                generated = generated with
                {
                    Parties = [.. generated.Parties.Select(p => p.AccountId == RegistryMatchAccount ? p with { Name = person.Name, DateOfBirth = person.DateOfBirth } : p)],
                };
            }
            // With the holders, tickets name their passengers (R10) and the accounts file declares opening hours (R12).
            FinanceFiles.WriteGenerated(folder, data, generated.Parties);
            var parties = Path.Combine(folder, FinancePartyGenerator.FileName);
            FinancePartyGenerator.Write(parties, generated.Parties);
            using (AuditActorOverride.Use(new AuditActor(user.Id, Investigator, user.OrganisationId)))
            {
                await SeedListsAsync(data, generated, viewer, cancellationToken);
                var dataset = Check(await finance.ImportAsync(new FinanceImportRequest(DatasetName, "amlsim", Path.Combine(folder, FinanceFiles.TransactionsFile),
                    Path.Combine(folder, FinanceFiles.AccountsFile), parties), viewer, null, cancellationToken));
                Check(await finance.AnalyseAsync(dataset.Id, null, viewer, null, cancellationToken));
                var top = Check(await finance.AlertsAsync(new AlertQuery(PageSize: 3), viewer, cancellationToken)).Items;
                foreach (var alert in top)
                {
                    Check(await finance.AssignAsync(alert.Id, null, viewer, cancellationToken));
                }
                var shared = Check(await finance.AlertsAsync(new AlertQuery(Rule: "R6", PageSize: 1), viewer, cancellationToken)).Items[0];
                Check(await finance.AssignAsync(shared.Id, null, viewer, cancellationToken));
                Check(await finance.DisposeAsync(shared.Id, nameof(FinanceDisposition.TruePositive), "Three holders, one phone: the same controller (synthetic demo).", viewer, cancellationToken));
                var police = organisations[DemoOrganisations.Police.Name].Id;
                if (await db.Cases.Where(c => c.OrganisationId == police).OrderBy(c => c.CaseCode).Select(c => c.CaseCode).FirstOrDefaultAsync(cancellationToken) is { } code)
                {
                    Check(await finance.LinkCaseAsync(shared.Id, code, viewer, cancellationToken));
                    await SeedAssetsAsync(code, shared.Id, viewer, cancellationToken);
                }
                if ((await finance.AlertsAsync(new AlertQuery(Status: "Open", Rule: "structuring", PageSize: 1), viewer, cancellationToken)).Value?.Items is [var structuring, ..])
                {
                    Check(await finance.DisposeAsync(structuring.Id, nameof(FinanceDisposition.FalsePositive), null, viewer, cancellationToken));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The person whose name and date of birth the holder of <see cref="RegistryMatchAccount"/> bears: of the second police
    /// case (by code; the first is linked to the disposed R6 alert) with a given name and a full date of birth, as
    /// "given family" and <c>yyyy-MM-dd</c>; opened here only to plant the synthetic match. Null without such a case.
    /// </summary>
    private async Task<(string Name, string DateOfBirth)?> RegistryMatchCaseAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        var police = organisations[DemoOrganisations.Police.Name].Id;
        var candidates = await db.Cases.AsNoTracking().Include(c => c.Person).ThenInclude(p => p.Key)
            .Where(c => c.OrganisationId == police && c.Person.NameDobIndex != null).OrderBy(c => c.CaseCode).Take(20).ToListAsync(cancellationToken);
        var first = await db.Cases.Where(c => c.OrganisationId == police).OrderBy(c => c.CaseCode).Select(c => c.CaseCode).FirstOrDefaultAsync(cancellationToken);
        foreach (var candidate in candidates.Where(c => c.CaseCode != first))
        {
            CaseSealing.OpenIdentity(candidate, vault);
            if (candidate.Person.Identity is { GivenName: { Length: > 0 } given, FamilyName: { Length: > 0 } family, DateOfBirth: { } born })
            {
                return ($"{given} {family}", born.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    /// <summary>
    /// The rule lists stored in the product before the analysis, so that it raises R14, R15, R17 and R19 alerts: the
    /// generator's processor list, tag list and licensed-agency register, and an ad-identifier list naming three holders
    /// (synthetic; the licensed-agency register in two versions, to show a history); a withdrawn list retired; two
    /// versions of the rule settings.
    /// </summary>
    private async Task SeedListsAsync(GeneratedData data, GeneratedParties parties, CaseViewer viewer, CancellationToken cancellationToken)
    {
        async Task Upload(string name, string kind, string source, string? legalBasis, string file, string[] lines)
        {
            if (lines.Length < 2)
            {
                return;
            }
            using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            Check(await finance.ImportRuleListAsync(new RuleListUpload(name, kind, source, legalBasis, file, content), viewer, cancellationToken));
        }
        var lists = data.Lists ?? new Dictionary<string, string[]>();
        string[] Entries(string file) => lists.TryGetValue(file, out var entries) ? entries : [];
        await Upload("Demo payment processors", FinanceRuleLists.Processors, "Demo FIU typology bulletin (synthetic)", null, FinanceGenerator.ProcessorList,
            ["account_id", .. Entries(FinanceGenerator.ProcessorList)]);
        await Upload("Demo darknet-market addresses", FinanceRuleLists.TaggedAddresses, "Demo chain-analytics feed (synthetic)", null, FinanceGenerator.TaggedList,
            ["address", .. Entries(FinanceGenerator.TaggedList)]);
        var register = Entries(FinanceGenerator.AgencyRegister);
        await Upload("Demo licensed agencies", FinanceRuleLists.LicensedAgencies, "Demo labour ministry register (synthetic), January", null, FinanceGenerator.AgencyRegister,
            ["account_id", .. register.Take(1)]);
        await Upload("Demo licensed agencies", FinanceRuleLists.LicensedAgencies, "Demo labour ministry register (synthetic), current", null, FinanceGenerator.AgencyRegister,
            ["account_id", .. register]);
        await Upload("Demo ad scrape", FinanceRuleLists.AdIdentifiers, "Demo police OSINT unit, scrape of classified-ad sites (synthetic)",
            "Demo Police Act § 20 (open-source data for the prevention of trafficking in human beings; synthetic)", FinancePartyGenerator.AdListFileName,
            ["identifier", .. FinancePartyGenerator.AdIdentifiers(parties, 3).Identifiers]);
        // A withdrawn list, retired (it stays as history; the analysis does not use it), and two versions of the rule
        // settings (values equal to the defaults, so the demo's alerts are unchanged) to show the history and its changes.
        await Upload("Demo processors 2025 (withdrawn)", FinanceRuleLists.Processors, "Demo FIU typology bulletin 2025 (synthetic)", null, "processors-2025.csv",
            ["account_id", "DEMO-WITHDRAWN-1"]);
        Check(await finance.RetireRuleListAsync("Demo processors 2025 (withdrawn)", "The bulletin was withdrawn by its issuer (synthetic).", viewer, cancellationToken));
        Check(await finance.SetRuleSettingsAsync("""{ "weights": { "R19": 0.6 } }""", viewer, cancellationToken));
        Check(await finance.SetRuleSettingsAsync("""{ "weights": { "R19": 0.6, "R17": 0.5 }, "flagThreshold": 0.5 }""", viewer, cancellationToken));
    }

    /// <summary>The linked police case's asset ledger: the alert's bank account frozen, cash seized, a vehicle confiscated (synthetic).</summary>
    private async Task SeedAssetsAsync(string caseCode, Guid alertId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var caseId = await db.Cases.Where(c => c.CaseCode == caseCode).Select(c => c.Id).SingleAsync(cancellationToken);
        var today = assets.Today;
        var draft = Check(await assets.DraftFromAlertAsync(caseId, alertId, viewer, cancellationToken));
        var account = Check(await assets.AddAsync(caseId, draft with
        {
            // The R6 alert names no transactions, so the draft has no value: the investigator's estimate (synthetic).
            EstimatedValue = draft.EstimatedValue ?? 12_500m,
            Currency = draft.Currency ?? "EUR",
            Description = "Wages of the workers paid into an account the recruiter controls (synthetic demo).",
            On = today.AddDays(-40),
            Authority = "Demo Financial Intelligence Unit",
        }, viewer, cancellationToken));
        Check(await assets.StepAsync(caseId, account.Id, new AssetStepInput(nameof(AssetStatus.Frozen), today.AddDays(-35), "Demo Public Prosecutor's Office", "Freezing order 17/2026"), viewer, cancellationToken));
        Check(await assets.AddAsync(caseId, new AssetInput(nameof(AssetKind.Cash), "Cash found at the flat during the search (synthetic demo).", 18_400m, "EUR", null, null,
            nameof(AssetStatus.Seized), today.AddDays(-30), "Demo City Police, Anti-Trafficking Unit", "Search warrant 3/2026"), viewer, cancellationToken));
        var car = Check(await assets.AddAsync(caseId, new AssetInput(nameof(AssetKind.Vehicle), "Van used to drive the workers to the fields (synthetic demo).", 24_000m, "EUR", "Plate DM-AR 17", null,
            nameof(AssetStatus.Seized), today.AddDays(-90), "Demo City Police, Anti-Trafficking Unit", "Seizure order 9/2026"), viewer, cancellationToken));
        Check(await assets.StepAsync(caseId, car.Id, new AssetStepInput(nameof(AssetStatus.Confiscated), today.AddDays(-10), "Demo District Court", "Judgment 4 KLs 12/26"), viewer, cancellationToken));
    }

    private static T Check<T>(Common.Result<T> result) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"The demo's financial flows were refused: {result.Problem}.");
}
