using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Cases;

/// <summary>
/// <c>/api/v1/cases/{caseId}/notes</c>: a case's dated notes (texts sealed; opened only for a case worker of the owning
/// organisation, audited), and adding one. Same service as the case's Work page (<see cref="CaseWorkService"/>).
/// </summary>
public static class CaseNoteEndpoints
{
    public static IEndpointRouteBuilder MapCaseNoteApi(this IEndpointRouteBuilder app)
    {
        var notes = app.MapApiGroup("/api/v1/cases/{caseId:guid}/notes", "Cases", Policies.CaseReader, TokenScopes.CasesRead);
        notes.MapGet("/", List).WithName("ListCaseNotes")
            .WithSummary("A case's dated notes, newest first; the text is null unless you are a case worker of the organisation that holds the case.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapPost("/", Add).WithName("AddCaseNote")
            .WithSummary("Adds a dated note (notedOn, text; sealed) to a case of your organisation.")
            .RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<CaseNotes>, ProblemHttpResult>> List(
        Guid caseId, HttpContext context, CaseWorkService work, CancellationToken cancellationToken)
    {
        var result = await work.NotesAsync(caseId, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value!);
    }

    internal static async Task<Results<Created<CaseNoteView>, ProblemHttpResult>> Add(
        Guid caseId, CaseNoteInput input, HttpContext context, CaseWorkService work, CancellationToken cancellationToken)
    {
        var result = await work.AddNoteAsync(caseId, input, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The note has invalid fields.");
        }
        return TypedResults.Created($"/api/v1/cases/{caseId}/notes", result.Value!);
    }
}
