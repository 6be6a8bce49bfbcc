namespace Ariadne.Account;

/// <summary>
/// Keeps a user whose one-time password has not been replaced, or who lacks a required second factor, out of the API,
/// as <see cref="MustChangePasswordFilter"/> and <see cref="TwoFactorEnrolmentFilter"/> keep them out of the pages.
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
        var security = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        if (TwoFactorRules.MustEnrol(context.HttpContext.User, security))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Two-factor enrolment required",
                detail: "Your role can reveal identities: enrol an authenticator app in the web UI (Account › Two-factor sign-in) before using the API.");
        }
        return await next(context);
    }
}
