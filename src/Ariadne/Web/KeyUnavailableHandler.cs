using Ariadne.Core.Protection;
using Microsoft.AspNetCore.Diagnostics;

namespace Ariadne.Web;

/// <summary>
/// A record protected under a master key that is not configured answers 503 with a problem naming the key id (never
/// key material); nothing was read or written. The pages catch the exception themselves and explain it in the UI.
/// </summary>
internal sealed partial class KeyUnavailableHandler(IProblemDetailsService problems, ILogger<KeyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not KeyUnavailableException unavailable)
        {
            return false;
        }
        LogUnavailable(logger, unavailable.KeyId);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = $"Key {unavailable.KeyId} unavailable",
                Detail = "The record is protected under a master key that is not configured on this server. Nothing was changed.",
                Extensions = { ["keyId"] = unavailable.KeyId },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A record is protected under master key {KeyId}, which is not configured.")]
    private static partial void LogUnavailable(ILogger logger, string keyId);
}
