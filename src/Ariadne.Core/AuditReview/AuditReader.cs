using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Organisations;
using Ariadne.Core.Users;

namespace Ariadne.Core.AuditReview;

/// <summary>One detail of an entry as a reader sees it: the stored key, the stored value, and what the value names (a user, organisation or case), if anything.</summary>
public sealed record AuditDetail(string Key, string Value, string? Names);

/// <summary>
/// An audit entry for reading: the stored entry with the ids it mentions resolved to names — the actor's organisation,
/// the subject (user name, organisation name, case code) and ids within the details — and the details as key/value pairs.
/// </summary>
public sealed record AuditEntryView(AuditEntry Entry, string? ActorOrganisation, string? SubjectName, IReadOnlyList<AuditDetail> Details);

/// <summary>
/// The auditor's reading of the audit log: pages of entries with ids resolved to names, and the CSV export of every
/// entry a filter selects (the export is itself audited). Names come from the modules that own them (users,
/// organisations, case codes); an id that no longer resolves (a deleted record) is shown as it is stored. Case codes are
/// pseudonymous and appear in the log by design (<see cref="AuditEntry"/>); nothing else about a case is read.
/// </summary>
public sealed class AuditReader(AuditLog log, IAuditLog audit, UserAdministration users, OrganisationAdministration organisations, CaseService cases)
{
    /// <summary>The columns of the CSV export, in order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
        ["sequence", "atUtc", "actor", "actorOrganisation", "action", "outcome", "subjectType", "subjectId", "subject", "reason", "fromAddress", "details", "hash"];

    public async Task<PagedResult<AuditEntryView>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var page = await log.ListAsync(query, cancellationToken);
        var names = await NamesAsync(page.Items, cancellationToken);
        return new PagedResult<AuditEntryView>([.. page.Items.Select(names.View)], page.Page, page.PageSize, page.TotalCount);
    }

    /// <summary>
    /// Writes every entry <paramref name="query"/> selects (paging ignored), oldest first, as UTF-8 CSV to
    /// <paramref name="output"/>, then records the export in the log (the filter and the number of entries). Cells that a
    /// spreadsheet would run as a formula are prefixed with an apostrophe. Returns the number of entries written.
    /// </summary>
    public async Task<int> ExportCsvAsync(AuditQuery query, Stream output, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync(query, cancellationToken))
        {
            entries.Add(entry);
        }
        var names = await NamesAsync(entries, cancellationToken);
        await using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
        {
            await writer.WriteLineAsync(string.Join(",", CsvColumns));
            foreach (var view in entries.Select(names.View))
            {
                var e = view.Entry;
                var cells = new[]
                {
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                    e.ActorName, view.ActorOrganisation ?? "", e.Action, e.Outcome, e.SubjectType ?? "", e.SubjectId ?? "", view.SubjectName ?? "",
                    e.Reason ?? "", e.FromAddress ?? "",
                    string.Join("; ", view.Details.Select(d => d.Names is null ? $"{d.Key}={d.Value}" : $"{d.Key}={d.Value} ({d.Names})")),
                    e.Hash,
                };
                await writer.WriteLineAsync(string.Join(",", cells.Select(Cell)));
            }
        }
        var details = new Dictionary<string, string>
        {
            ["what"] = "audit-log",
            ["format"] = "csv",
            ["entries"] = entries.Count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in Filter(query))
        {
            details["filter." + key] = value;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.Export, AuditOutcomes.Success, "audit-log", Details: details), cancellationToken);
        return entries.Count;
    }

    private static IEnumerable<(string Key, string Value)> Filter(AuditQuery query)
    {
        if (query.Action is { } action) { yield return ("action", action); }
        if (query.Actor is { } actor) { yield return ("actor", actor); }
        if (query.Outcome is { } outcome) { yield return ("outcome", outcome); }
        if (query.From is { } from) { yield return ("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); }
        if (query.To is { } to) { yield return ("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); }
        if (query.Subject is { } subject) { yield return ("subject", subject); }
    }

    /// <summary>A CSV cell: quoted when needed; a leading = + - @ tab or carriage return is defused with an apostrophe.</summary>
    internal static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private async Task<Names> NamesAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        foreach (var e in entries)
        {
            if (Guid.TryParse(e.SubjectId, out var subject))
            {
                ids.Add(subject);
            }
            foreach (var (_, value) in Parse(e.Details))
            {
                if (Guid.TryParse(value, out var id))
                {
                    ids.Add(id);
                }
            }
        }
        var organisationNames = await organisations.NamesAsync(cancellationToken);
        var userNames = (await users.ListAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.UserName);
        var caseCodes = ids.Count == 0 ? new Dictionary<Guid, string>() : await cases.CodesAsync(ids, CaseViewer.LocalOperator, cancellationToken);
        return new Names(organisationNames, userNames, caseCodes);
    }

    private static IReadOnlyList<(string Key, string Value)> Parse(string? details)
    {
        if (string.IsNullOrEmpty(details))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<SortedDictionary<string, string>>(details) is { } map ? [.. map.Select(p => (p.Key, p.Value))] : [];
        }
        catch (JsonException)
        {
            // Not written by AuditLog (which always writes a flat object): show it as stored.
            return [("details", details)];
        }
    }

    private sealed record Names(IReadOnlyDictionary<Guid, string> Organisations, IReadOnlyDictionary<Guid, string> Users, IReadOnlyDictionary<Guid, string> Cases)
    {
        public AuditEntryView View(AuditEntry e) => new(
            e,
            e.ActorOrganisationId is { } org ? Organisations.GetValueOrDefault(org) : null,
            Guid.TryParse(e.SubjectId, out var subject) ? Name(subject) : null,
            [.. Parse(e.Details).Select(d => new AuditDetail(d.Key, d.Value, Guid.TryParse(d.Value, out var id) ? Name(id) : null))]);

        private string? Name(Guid id) =>
            Users.GetValueOrDefault(id) ?? Organisations.GetValueOrDefault(id) ?? Cases.GetValueOrDefault(id);
    }
}
