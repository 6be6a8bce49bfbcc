using Ariadne.Core.Protection;
using Microsoft.AspNetCore.Diagnostics;

namespace Ariadne.Web;

/// <summary>
/// A record protected under a master key that is not configured answers 503 with a problem naming the key id (never
/// key material); nothing was read or written. The pages catch the exception themselves and explain it in the UI.
/// A key that does not fit the database (<see cref="MasterKeyMismatchException"/>; normally refused at start) answers
/// 503 the same way.
/// </summary>
internal sealed partial class KeyUnavailableHandler(IProblemDetailsService problems, ILogger<KeyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is MasterKeyMismatchException mismatch)
        {
            LogMismatch(logger, string.Join(", ", mismatch.KeyIds));
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = $"Master key {string.Join(", ", mismatch.KeyIds)} does not match this database",
                    Detail = "The configured master keys are not the ones this database's records are protected with. Nothing was changed.",
                    Extensions = { ["keyIds"] = mismatch.KeyIds },
                },
            });
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The configured master keys {KeyIds} do not match this database.")]
    private static partial void LogMismatch(ILogger logger, string keyIds);
}
