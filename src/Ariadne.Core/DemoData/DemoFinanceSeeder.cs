using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The demo's financial flows: a generated bank export (1,000 accounts, 10,000 transactions, synthetic holders of which
/// two groups of three unrelated holders share a phone) imported and analysed as <c>demo-investigator</c>; the three
/// highest-scoring alerts assigned to them, one shared-phone alert disposed as true positive and linked to a case of the
/// police, one structuring alert disposed as false positive — so that every finance page shows something.
/// </summary>
public sealed class DemoFinanceSeeder(AppDbContext db, FinanceService finance)
{
    public const string DatasetName = "Demo bank export (synthetic)";
    public const string Investigator = "demo-investigator";

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
            FinanceFiles.WriteGenerated(folder, data);
            var parties = Path.Combine(folder, FinancePartyGenerator.FileName);
            FinancePartyGenerator.Write(parties, FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 17, sharedGroups: 2, variantPersons: 10).Parties);
            using (AuditActorOverride.Use(new AuditActor(user.Id, Investigator, user.OrganisationId)))
            {
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

    private static T Check<T>(Common.Result<T> result) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"The demo's financial flows were refused: {result.Problem}.");
}
