using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.GoAml;
using Microsoft.EntityFrameworkCore;
using StoredAlert = Ariadne.Core.Finance.Data.FinanceAlert;

namespace Ariadne.Core.Finance;

/// <summary>
/// What the investigator gives for a goAML report of a stored alert (the page's form, the API's body): the header fields
/// the generic profile requires and the alert cannot supply. Empty values take the defaults of <see cref="GoAmlHeader"/>
/// (STR); the reporting person is the signed-in user.
/// </summary>
public sealed record GoAmlInput(
    int? RentityId = null,
    string? ReportCode = null,
    string? EntityReference = null,
    string? CurrencyCodeLocal = null,
    string? InstitutionName = null,
    string? Address = null,
    string? City = null,
    string? CountryCode = null,
    string? Reason = null);

/// <summary>A written goAML report: the XML bytes and the file name <c>str-&lt;alert code&gt;.xml</c>.</summary>
public sealed record GoAmlFile(string FileName, byte[] Content)
{
    public const string MediaType = "application/xml";
}

public sealed partial class FinanceService
{
    /// <summary>
    /// A goAML report of a stored alert, as <c>ariadne finance goaml</c> writes one from files: the dataset's transactions
    /// loaded as the analysis loads them, the alert mapped to the builder's, the shipped generic FIU profile, the header
    /// from <paramref name="input"/> and the services' clock as submission date. A report that breaks the profile is not
    /// returned: every problem is a field error named by its element path (code <c>GoAml</c>). Audited as
    /// <see cref="AuditActions.FinanceAlert"/> with event <c>goaml-report</c>.
    /// </summary>
    public async Task<Result<GoAmlFile>> GoAmlAsync(Guid alertId, GoAmlInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var alert = await db.Set<StoredAlert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return Problem.NotFound();
        }
        var store = await LoadStoreAsync(alert.DatasetId, cancellationToken);
        // Stored indexes are the store's account indexes and transaction sequence numbers (LoadStoreAsync keeps the order).
        var reported = new GoAmlAlert(alert.Code, alert.Rule, alert.Typology, [.. Indexes(alert.AccountIndexes).Select(a => store.Accounts[a])],
            [.. Indexes(alert.TransactionSeqs).Select(s => store.Ids[s])], ExplanationText(alert));
        var header = Header(input, auditContext.Actor.Name);
        var profile = FiuProfile.Generic();
        var report = GoAmlBuilder.Build(store, reported, header, profile, time.GetUtcNow());
        var problems = profile.Validate(report);
        if (problems.Count > 0)
        {
            return Problem.Invalid([.. problems.Select(p => new FieldError(p.Path, "GoAml", p.ToString()))]);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceAlert, AuditOutcomes.Success, "finance-alert", alertId.ToString(),
            Details: new Dictionary<string, string> { ["event"] = "goaml-report", ["reportCode"] = report.ReportCode }), cancellationToken);
        return new GoAmlFile($"str-{alert.Code}.xml", GoAmlWriter.ToBytes(report, profile.DateFormat));
    }

    /// <summary>The header from the form; the reporting person's name split at its last space (first name, last name).</summary>
    internal static GoAmlHeader Header(GoAmlInput input, string reporterName)
    {
        var name = reporterName.Trim();
        var space = name.LastIndexOf(' ');
        return new GoAmlHeader
        {
            RentityId = input.RentityId,
            ReportCode = Blank(input.ReportCode)?.ToUpperInvariant() ?? "STR",
            EntityReference = Blank(input.EntityReference),
            CurrencyCodeLocal = Blank(input.CurrencyCodeLocal)?.ToUpperInvariant() ?? "",
            InstitutionName = Blank(input.InstitutionName),
            ReportingPerson = new GoAmlPerson { FirstName = space > 0 ? name[..space] : name, LastName = space > 0 ? name[(space + 1)..] : name },
            Location = Blank(input.Address) is null && Blank(input.City) is null && Blank(input.CountryCode) is null ? null : new GoAmlAddress
            {
                AddressType = "B",
                Address = Blank(input.Address) ?? "",
                City = Blank(input.City) ?? "",
                CountryCode = Blank(input.CountryCode)?.ToUpperInvariant() ?? "",
            },
            Reason = Blank(input.Reason),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
