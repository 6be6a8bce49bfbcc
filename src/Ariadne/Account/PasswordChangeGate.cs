namespace Ariadne.Account;

/// <summary>
/// Keeps a user whose one-time password has not been replaced out of the API, as <see cref="MustChangePasswordFilter"/>
/// keeps them out of the pages.
/// </summary>
public static class PasswordChangeGate
{
    public static async ValueTask<object?> RefuseWhilePasswordChangeIsDue(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.User.HasClaim(c => c.Type == AriadneClaimsPrincipalFactory.MustChangePasswordClaim))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Password change required",
                detail: "Sign in to the web UI and replace the one-time password before using the API.");
        }
        return await next(context);
    }
}
