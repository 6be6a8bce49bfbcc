using Ariadne.Account;
using Ariadne.Core.Attachments;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Cases;

/// <summary>
/// <c>/api/v1/cases/{caseId}/attachments</c>: a case's attachments (kind, size, date, uploader; names only under a
/// reveal), attaching one (multipart field <c>file</c>), downloading one (only under a reveal, always as a download) and
/// removing one. Same service as the case's Work page (<see cref="CaseAttachmentService"/>).
/// </summary>
public static class CaseAttachmentEndpoints
{
    public static IEndpointRouteBuilder MapCaseAttachmentApi(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapApiGroup("/api/v1/cases/{caseId:guid}/attachments", "Cases", Policies.CaseReader, TokenScopes.CasesRead);
        attachments.MapGet("/", List).WithName("ListCaseAttachments")
            .WithSummary("A case's attachments, newest first: kind, size, date and uploader; fileName is null unless you revealed the case's identity.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        attachments.MapPost("/", Add).WithName("AddCaseAttachment")
            .WithSummary("Attaches a PDF, JPEG or PNG file (multipart/form-data, field 'file'; kind checked from the content; size limited) to a case of your organisation; sealed like the identity.")
            .Accepts<AttachmentForm>("multipart/form-data").WithMetadata(new AttachmentUploadAttribute())
            .RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        attachments.MapGet("/{attachmentId:guid}", Download).WithName("DownloadCaseAttachment")
            .WithSummary("An attachment's content, as a download (Content-Disposition: attachment), only while you hold an active reveal of the case's identity (422 NotRevealed otherwise).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        attachments.MapDelete("/{attachmentId:guid}", Remove).WithName("RemoveCaseAttachment")
            .WithSummary("Removes an attachment from a case of your organisation.")
            .RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<CaseAttachments>, ProblemHttpResult>> List(
        Guid caseId, HttpContext context, CaseAttachmentService attachments, CancellationToken cancellationToken)
    {
        var result = await attachments.ListAsync(caseId, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value!);
    }

    internal static async Task<Results<Created<CaseAttachmentView>, ProblemHttpResult>> Add(
        Guid caseId, HttpContext context, CaseAttachmentService attachments, CancellationToken cancellationToken)
    {
        var file = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken)).Files.GetFile("file") : null;
        await using var content = file?.OpenReadStream();
        var upload = file is null ? null : new AttachmentUpload(file.FileName, file.Length, content!);
        var result = await attachments.AddAsync(caseId, upload, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The file cannot be attached.");
        }
        return TypedResults.Created($"/api/v1/cases/{caseId}/attachments/{result.Value!.Id}", result.Value);
    }

    internal static async Task<IResult> Download(
        Guid caseId, Guid attachmentId, HttpContext context, CaseAttachmentService attachments, CancellationToken cancellationToken)
    {
        var result = await attachments.DownloadAsync(caseId, attachmentId, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!);
        }
        return Serve(context.Response, result.Value!);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Remove(
        Guid caseId, Guid attachmentId, HttpContext context, CaseAttachmentService attachments, CancellationToken cancellationToken)
    {
        var result = await attachments.RemoveAsync(caseId, attachmentId, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : ApiProblems.From(result.Problem!);
    }

    /// <summary>The one way an attachment leaves the server: as a download with its checked type, never sniffed, never cached.</summary>
    public static IResult Serve(HttpResponse response, AttachmentContent content)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content.Content, content.ContentType, content.FileName);
    }

    /// <summary>The multipart form of an upload, for the OpenAPI document.</summary>
    public sealed record AttachmentForm(IFormFile File);
}
