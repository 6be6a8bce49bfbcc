using System.Globalization;
using Ariadne.Account;
using Ariadne.Audit;
using Ariadne.Core.Audit;
using Ariadne.Core.AuditReview;
using Ariadne.Core.Common;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Audit;

/// <summary>
/// The audit log for auditors: a GET filter form read by <see cref="AuditQueryParser"/> (as <c>GET /api/v1/audit</c>),
/// server-side paging, and a POST that verifies the hash chain.
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
public sealed class IndexModel(AuditLog log, AuditReader reader, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly string[] FilterParameters = ["action", "actor", "outcome", "from", "to", "subject", "pageSize"];

    public AuditQuery Query { get; private set; } = new();

    public PagedResult<AuditEntryView>? Result { get; private set; }

    /// <summary>Set after the "verify chain" button.</summary>
    public AuditVerification? Verification { get; private set; }

    /// <summary>Localised errors per query parameter name.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await log.VerifyAsync(null, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    /// <summary>
    /// The CSV export of every entry the filter selects (all pages), written straight to the response; the export is
    /// itself audited. An invalid filter shows the page with its errors instead.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var (query, errors) = AuditQueryParser.Parse(Request.Query);
        if (errors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-log-{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await reader.ExportCsvAsync(query, Response.Body, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The link that exports what the filter shows (every page).</summary>
    public string ExportLink()
    {
        var parameters = FilterParameters.Where(n => n != "pageSize" && !string.IsNullOrWhiteSpace(Request.Query[n]))
            .ToDictionary(n => n, n => (string?)Request.Query[n].ToString(), StringComparer.Ordinal);
        parameters["handler"] = "Export";
        return QueryHelpers.AddQueryString("/Audit", parameters);
    }

    public string Raw(string name) => Request.Query[name].ToString();

    public string ActionLabel(string action) => AuditActions.All.Contains(action, StringComparer.Ordinal) ? t["Audit.Action." + action] : action;

    public string OutcomeLabel(string outcome) => AuditOutcomes.All.Contains(outcome, StringComparer.Ordinal) ? t["Audit.Outcome." + outcome] : outcome;

    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in FilterParameters.Where(n => !string.IsNullOrWhiteSpace(Request.Query[n])))
        {
            parameters[name] = Request.Query[name].ToString();
        }
        if (page > 1)
        {
            parameters["page"] = page.ToString(CultureInfo.InvariantCulture);
        }
        return QueryHelpers.AddQueryString("/Audit", parameters);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (query, errors) = AuditQueryParser.Parse(Request.Query);
        Query = query;
        foreach (var name in errors.Keys)
        {
            Errors[name] = name switch
            {
                "from" or "to" when !DateOnly.TryParseExact(Raw(name).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    => t["Filter.Error.Date", Raw(name)],
                "to" => t["Filter.Error.Range"],
                "page" or "pageSize" => t["Filter.Error.Number", Raw(name)],
                _ => t["Filter.Error.Choice", Raw(name)],
            };
        }
        if (Errors.Count == 0)
        {
            Result = await reader.ListAsync(query, cancellationToken);
        }
    }
}
