using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Account;

/// <summary><c>POST /api/v1/auth/token</c>: exchanges a user name and password for a bearer token.</summary>
public static class AccountEndpoints
{
    /// <summary>A sign-in request for a bearer token.</summary>
    /// <param name="UserName">The sign-in name.</param>
    /// <param name="Password">The password.</param>
    /// <param name="TwoFactorCode">The six-digit authenticator code; required for users with two-factor sign-in.</param>
    public sealed record TokenRequest(string UserName, string Password, string? TwoFactorCode = null);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", IssueToken)
            .WithTags("Authentication")
            .WithSummary("Signs in with a user name and password and returns a bearer token: tokenType, accessToken, expiresIn (seconds), refreshToken.")
            .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>(StatusCodes.Status200OK, "application/json")
            .AllowAnonymous()
            .RequireRateLimiting(Web.RateLimits.SignIn)
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueToken(
        TokenRequest request, SignInManager<AppUser> signIn, IAuditLog audit, CancellationToken cancellationToken)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                await SignInAudit.RecordAsync(audit, signIn.UserManager, request.UserName, result, "api", cancellationToken);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Two-factor code required",
                    detail: "Send the current code of your authenticator app in twoFactorCode.");
            }
            result = await signIn.TwoFactorAuthenticatorSignInAsync(TwoFactorCodes.Normalise(request.TwoFactorCode), isPersistent: false, rememberClient: false);
        }
        await SignInAudit.RecordAsync(audit, signIn.UserManager, request.UserName, result, "api", cancellationToken);
        if (result.Succeeded)
        {
            // The bearer handler has written the token response.
            return TypedResults.Empty;
        }
        // One answer for an unknown user, a wrong password and a locked account, so the answer does not reveal which
        // user names exist (only an existing account can be locked).
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Sign-in failed",
            detail: FailedDetail);
    }

    /// <summary>The detail of every failed sign-in.</summary>
    public const string FailedDetail = "The user name or password is wrong, or the account is locked for a while after too many failed attempts.";
}
