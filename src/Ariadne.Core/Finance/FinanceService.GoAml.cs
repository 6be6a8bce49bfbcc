using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Data;
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
    /// from <paramref name="input"/> and the services' clock as submission date. An alert without transactions (R6,
    /// shared identifiers) gives an activity report of its holders instead (<see cref="ActivityReportAsync"/>; report
    /// code SAR unless the input names one, file <c>sar-&lt;code&gt;.xml</c>), if the profile accepts activity reports. A report that breaks the profile is not
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
        var profile = FiuProfile.Generic();
        var activity = alert.TransactionSeqs.Length == 0;
        var header = Header(input, auditContext.Actor.Name, activity ? "SAR" : "STR");
        GoAmlReport report;
        if (activity)
        {
            report = await ActivityReportAsync(alert, header, profile, cancellationToken);
        }
        else
        {
            var store = await LoadStoreAsync(alert.DatasetId, cancellationToken);
            // Stored indexes are the store's account indexes and transaction sequence numbers (LoadStoreAsync keeps the order).
            var reported = new GoAmlAlert(alert.Code, alert.Rule, alert.Typology, [.. Indexes(alert.AccountIndexes).Select(a => store.Accounts[a])],
                [.. Indexes(alert.TransactionSeqs).Select(s => store.Ids[s])], ExplanationText(alert));
            report = GoAmlBuilder.Build(store, reported, header, profile, time.GetUtcNow());
        }
        var problems = profile.Validate(report);
        if (problems.Count > 0)
        {
            return Problem.Invalid([.. problems.Select(p => new FieldError(p.Path, "GoAml", p.ToString()))]);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceAlert, AuditOutcomes.Success, "finance-alert", alertId.ToString(),
            Details: new Dictionary<string, string> { ["event"] = "goaml-report", ["reportCode"] = report.ReportCode, ["form"] = activity ? "activity" : "transaction" }), cancellationToken);
        return new GoAmlFile($"{(activity ? "sar" : "str")}-{alert.Code}.xml", GoAmlWriter.ToBytes(report, profile.DateFormat));
    }

    /// <summary>
    /// The activity report of an alert without transactions (R6): the holders of its accounts opened for the report only
    /// — audited as <see cref="AuditActions.FinancePartyReveal"/> (purpose <c>goaml-report</c>, the number of parties,
    /// never a value) whether or not the report then passes the profile — and written as report parties.
    /// </summary>
    private async Task<GoAmlReport> ActivityReportAsync(StoredAlert alert, GoAmlHeader header, FiuProfile profile, CancellationToken cancellationToken)
    {
        var indexes = Indexes(alert.AccountIndexes);
        var accounts = await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == alert.DatasetId && indexes.Contains(a.Index))
            .ToDictionaryAsync(a => a.Index, cancellationToken);
        var parties = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == alert.DatasetId && indexes.Contains(p.AccountIndex))
            .ToListAsync(cancellationToken);
        var persons = parties.GroupBy(p => p.AccountIndex).ToDictionary(g => g.Key, g => Person(OpenParty(g.OrderBy(p => p.Id).First())));
        await audit.AppendAsync(new AuditRecord(AuditActions.FinancePartyReveal, AuditOutcomes.Success, "finance-alert", alert.Id.ToString(), Reason: "goAML activity report",
            Details: new Dictionary<string, string> { ["purpose"] = "goaml-report", ["parties"] = persons.Count.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
        var holders = indexes.Where(accounts.ContainsKey)
            .Select(i => new GoAmlHolder(accounts[i].ExternalId, persons.GetValueOrDefault(i), string.IsNullOrEmpty(accounts[i].Country) ? null : accounts[i].Country))
            .ToList();
        var reported = new GoAmlAlert(alert.Code, alert.Rule, alert.Typology, [.. holders.Select(h => h.AccountId)], [], ExplanationText(alert));
        return GoAmlBuilder.BuildActivity(reported, holders, header, profile, time.GetUtcNow());
    }

    /// <summary>
    /// A holder's opened identity as a goAML <c>t_person</c>: the name split into first and last name ("Family, Given"
    /// at the comma, else at the last space), the date of birth, the document number as <c>id_number</c> (the parties
    /// file does not say which document), the phone, the address (the part after the last comma as the city) and the
    /// e-mail. Null when the party has no name (goAML needs one for a person; the account is reported instead).
    /// </summary>
    internal static GoAmlPerson? Person(FinancePartyIdentity identity)
    {
        if (Blank(identity.Name) is not { } name)
        {
            return null;
        }
        var (first, last) = SplitName(name);
        var address = Blank(identity.Address);
        var comma = address?.LastIndexOf(',') ?? -1;
        return new GoAmlPerson
        {
            FirstName = first,
            LastName = last,
            Birthdate = BirthDate(identity.DateOfBirth),
            IdNumber = Blank(identity.DocumentNumber),
            Phones = Blank(identity.Phone) is { } phone ? [new GoAmlPhone("PRIVATE", "PHONE", phone)] : [],
            Addresses = address is null ? [] :
            [
                new GoAmlAddress { AddressType = "P", Address = comma > 0 ? address[..comma].Trim() : address, City = comma > 0 ? address[(comma + 1)..].Trim() : "" },
            ],
            Email = Blank(identity.Email),
        };
    }

    /// <summary>"Family, Given" at the comma; else "Given Family" at the last space; a single word is both.</summary>
    private static (string First, string Last) SplitName(string name)
    {
        var comma = name.IndexOf(',');
        if (comma > 0 && comma < name.Length - 1)
        {
            return (name[(comma + 1)..].Trim(), name[..comma].Trim());
        }
        var space = name.LastIndexOf(' ');
        return space > 0 ? (name[..space], name[(space + 1)..]) : (name, name);
    }

    /// <summary>The header from the form; the reporting person's name split at its last space (first name, last name).</summary>
    internal static GoAmlHeader Header(GoAmlInput input, string reporterName, string defaultReportCode = "STR")
    {
        var name = reporterName.Trim();
        var space = name.LastIndexOf(' ');
        return new GoAmlHeader
        {
            RentityId = input.RentityId,
            ReportCode = Blank(input.ReportCode)?.ToUpperInvariant() ?? defaultReportCode,
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
