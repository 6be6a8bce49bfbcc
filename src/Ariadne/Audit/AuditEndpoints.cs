using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.AuditReview;
using Ariadne.Core.Common;
using Ariadne.Core.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Audit;

/// <summary><c>/api/v1/audit</c>: auditors read and verify the audit log.</summary>
public static class AuditEndpoints
{
    /// <summary>The result of a verification; <c>message</c> is the line <c>ariadne audit verify</c> prints.</summary>
    public sealed record VerificationResponse(bool Intact, int Entries, string? Head, long? BrokenAt, string? Kind, string? Explanation, string Message)
    {
        public static VerificationResponse From(AuditVerification v) =>
            new(v.IsIntact, v.EntryCount, v.HeadHash, v.BrokenAt, v.Kind is null ? null : v.KindName, v.Explanation, v.Describe());
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapApiGroup("/api/v1/audit", "Audit", Policies.AuditReader, TokenScopes.AuditRead, rateLimit: null);
        audit.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Lists audit entries, newest first; filters: action, actor, outcome, from, to (yyyy-MM-dd, UTC), subject; page, pageSize.");
        audit.MapGet("/export", Export).WithName("ExportAuditLog")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Every entry the filter selects (same filters as the list; paging ignored) as CSV, oldest first, ids resolved to names; the export is itself audited.");
        audit.MapPost("/verify", Verify).WithName("VerifyAuditLog")
            .WithSummary("Recomputes the hash chain and names the first broken entry; expectHead checks against an anchor kept elsewhere.");
        return app;
    }

    internal static async Task<Results<Ok<PagedResult<AuditEntry>>, ValidationProblem>> List(
        HttpContext context, AuditLog log, CancellationToken cancellationToken)
    {
        var (query, errors) = AuditQueryParser.Parse(context.Request.Query);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query has invalid parameters.");
        }
        return TypedResults.Ok(await log.ListAsync(query, cancellationToken));
    }

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(HttpContext context, AuditReader reader, CancellationToken cancellationToken)
    {
        var (query, errors) = AuditQueryParser.Parse(context.Request.Query);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query has invalid parameters.");
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await reader.ExportCsvAsync(query, context.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    internal static async Task<Ok<VerificationResponse>> Verify(string? expectHead, AuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(VerificationResponse.From(await log.VerifyAsync(expectHead, cancellationToken)));
}
