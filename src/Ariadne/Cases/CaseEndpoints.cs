using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Ariadne.Cases;

/// <summary><c>/api/v1/cases</c>: create, read, update and list case records.</summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapApiGroup("/api/v1/cases", "Cases", Policies.CaseReader, TokenScopes.CasesRead);
        cases.MapGet("/", List).WithName("ListCases").WithSummary("Lists the cases you may see, filtered, sorted and paged.")
            .AddOpenApiOperationTransformer(Web.OpenApiQuery.Document(CaseQueryParser.Parameters));
        cases.MapGet("/{id:guid}", Get).WithName("GetCase")
            .WithSummary("Reads one case, its identifying fields hidden unless you revealed them in the last 15 minutes. The ETag carries its version.");
        cases.MapPost("/{id:guid}/reveal", Reveal).WithName("RevealCase")
            .WithSummary("Shows the identifying fields of one of your organisation's cases for a stated reason (audited); they stay visible to you for 15 minutes.")
            .RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesReveal)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/", Create).WithName("CreateCase").RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapPut("/{id:guid}", Update).WithName("UpdateCase")
            .WithSummary("Replaces a case's fields. Send the version you read in If-Match; a stale version gets 409 and changes nothing.")
            .RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    internal static async Task<Results<Ok<PagedResult<CaseSummary>>, ValidationProblem>> List(
        HttpContext context, CaseService service, CodeListRegistry codes, CancellationToken cancellationToken)
    {
        var (query, errors) = CaseQueryParser.Parse(context.Request.Query, codes);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query has invalid parameters.");
        }
        return TypedResults.Ok(await service.ListAsync(query, context.User.ToCaseViewer(), cancellationToken));
    }

    internal static async Task<Results<Ok<CaseDto>, NotFound>> Get(
        Guid id, HttpContext context, CaseService service, CancellationToken cancellationToken)
    {
        var found = await service.GetAsync(id, context.User.ToCaseViewer(), cancellationToken);
        if (found is null)
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.ETag = ETagFor(found.Version);
        return TypedResults.Ok(CaseDto.From(found));
    }

    internal static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> Reveal(
        Guid id, RevealRequest request, HttpContext context, CaseReveal service, CancellationToken cancellationToken)
    {
        var result = await service.RevealAsync(id, context.User.ToCaseViewer(), request.Reason, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "A reason is required.");
        }
        context.Response.Headers.ETag = ETagFor(result.Value!.Version);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(CaseDto.From(result.Value));
    }

    internal static async Task<Results<Created<CaseDto>, ProblemHttpResult>> Create(
        CaseInput input, HttpContext context, CaseService service, CancellationToken cancellationToken)
    {
        if (CaseRules.NullErrors(input) is { Count: > 0 } nulls)
        {
            return Invalid(nulls);
        }
        var result = await service.CreateAsync(input, context.User.OrganisationId(), context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded ? Created(context, result.Value!) : ApiProblems.From(result.Problem!, invalidTitle: InvalidTitle);
    }

    internal static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> Update(
        Guid id, CaseInput input, HttpContext context, CaseService service, CancellationToken cancellationToken)
    {
        if (!TryReadVersion(context.Request, out var version))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "If-Match header required",
                detail: "Send the ETag you received when reading the case in an If-Match header, e.g. If-Match: \"3\".");
        }
        // Before the service looks at the lists: a JSON null there would otherwise end in a 500.
        if (CaseRules.NullErrors(input) is { Count: > 0 } nulls)
        {
            return Invalid(nulls);
        }
        var result = await service.UpdateAsync(id, version, input, context.User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            context.Response.Headers.ETag = ETagFor(result.Value!.Version);
            return TypedResults.Ok(CaseDto.From(result.Value));
        }
        if (result.Problem!.Kind == ProblemKind.Conflict && result.Value is { } current)
        {
            // The conflict carries the case as it stands: the client learns the version to read again.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The case was changed by someone else",
                detail: $"You sent version {version}; the case is now at version {current.Version}. Read it again and reapply your change.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        }
        return ApiProblems.From(result.Problem, invalidTitle: InvalidTitle);
    }

    /// <summary>The body of <c>POST /api/v1/cases/{id}/reveal</c>.</summary>
    /// <param name="Reason">Why the identifying fields are needed; written to the audit log.</param>
    public sealed record RevealRequest(string? Reason);

    private static Created<CaseDto> Created(HttpContext context, Case created)
    {
        context.Response.Headers.ETag = ETagFor(created.Version);
        return TypedResults.Created($"/api/v1/cases/{created.Id}", CaseDto.From(created));
    }

    /// <summary>The title of a 400 answer about a case's (or its records') fields.</summary>
    internal const string InvalidTitle = "The case has invalid fields.";

    /// <summary>Validation errors keyed by the JSON property name (camelCase), as clients send them.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) => ApiProblems.From(Problem.Invalid(errors), invalidTitle: InvalidTitle);

    private static string ETagFor(int version) => $"\"{version}\"";

    private static bool TryReadVersion(HttpRequest request, out int version)
    {
        version = 0;
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal))
        {
            header = header[2..];
        }
        return int.TryParse(header.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version);
    }
}
