using Ariadne.Core.Attachments;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Ariadne.Cases;

/// <summary>
/// Marks an endpoint that receives an attachment upload: the API endpoint, or a page whose handler
/// <see cref="PageHandler"/> does (the other handlers of the page keep the server's general limit).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AttachmentUploadAttribute(string? pageHandler = null) : Attribute
{
    /// <summary>The page handler that uploads (<c>?handler=</c>); null for an API endpoint.</summary>
    public string? PageHandler { get; } = pageHandler;
}

/// <summary>
/// The request size limit of the attachment uploads: the configured <see cref="AttachmentOptions.MaxBytes"/> plus the
/// multipart form's overhead. It runs after authorisation (an unauthorised caller learns nothing about the limit) and
/// before anything reads the body (the antiforgery check and the form binding buffer the whole form): a body that
/// declares more is refused unread, a body without a declared length is cut off at the limit by the server.
/// The API answers 413 with a problem naming the field <c>file</c>; the page goes back to itself with the refusal shown
/// at its file field (<see cref="TooLargeKey"/>), in the user's language.
/// </summary>
public static class AttachmentUploadLimit
{
    /// <summary>Room for the multipart boundaries, part headers, the antiforgery token and the file name.</summary>
    public const long FormOverhead = 64 * 1024;

    /// <summary>The TempData key that tells the page its last upload was refused for its size.</summary>
    public const string TooLargeKey = "AttachmentTooLarge";

    /// <summary>The largest request body an upload may have.</summary>
    public static long RequestLimit(AttachmentOptions options) => options.MaxBytes + FormOverhead;

    public static IApplicationBuilder UseAttachmentUploadLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<AttachmentUploadAttribute>() is { } upload
            && (upload.PageHandler is null || string.Equals(context.Request.Query["handler"], upload.PageHandler, StringComparison.OrdinalIgnoreCase)))
        {
            var options = context.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value;
            var limit = RequestLimit(options);
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, upload, options.MaxBytes);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }
        await next(context);
    });

    private static async Task RefuseAsync(HttpContext context, AttachmentUploadAttribute upload, long maxBytes)
    {
        // The body is not read: the client may still be sending it, so the connection is not kept for another request.
        context.Response.Headers.Connection = "close";
        if (upload.PageHandler is null)
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The file is too large.",
                detail: $"file: at most {maxBytes} bytes.",
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { ["file"] = [$"File: at most {maxBytes} bytes."] },
                }).ExecuteAsync(context);
            return;
        }
        var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
        tempData[TooLargeKey] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        tempData.Save();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path}";
    }
}
