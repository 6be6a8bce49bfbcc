using Ariadne.Core.Audit;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Account;

/// <summary><c>POST /api/v1/auth/token</c>: exchanges a user name and password for a bearer token.</summary>
public static class AccountEndpoints
{
    public sealed record TokenRequest(string UserName, string Password);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", IssueToken)
            .WithTags("Authentication")
            .WithSummary("Signs in with a user name and password and returns a bearer token (access_token, expires_in).")
            .AllowAnonymous()
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueToken(
        TokenRequest request, SignInManager<AppUser> signIn, IAuditLog audit, CancellationToken cancellationToken)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);
        await SignInAudit.RecordAsync(audit, signIn.UserManager, request.UserName, result, "api", cancellationToken);
        if (result.Succeeded)
        {
            // The bearer handler has written the token response.
            return TypedResults.Empty;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: result.IsLockedOut ? "Account locked" : "Sign-in failed",
            detail: result.IsLockedOut
                ? "Too many failed attempts; try again later."
                : "The user name or password is wrong.");
    }
}
