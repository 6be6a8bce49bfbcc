using Ariadne.Account;
using Ariadne.Core.Retention;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Retention;

/// <summary><c>GET /api/v1/retention</c>: administrators see the retention policy and what it would erase now, as counts.</summary>
public static class RetentionEndpoints
{
    /// <summary>The policy and the preview; nothing identifying.</summary>
    public sealed record RetentionResponse(int IdentityYears, bool Automatic, int HourUtc, int BatchSize, RetentionPreview Preview, int LookaheadDays);

    public static IEndpointRouteBuilder MapRetentionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/retention", Get)
            .WithTags("Retention")
            .WithName("GetRetention")
            .WithSummary("The retention policy and how many persons it would erase now, is held from erasing, and will erase soon.")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator))
            .RequireScope(TokenScopes.Administration)
            .AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue);
        return app;
    }

    internal static async Task<Ok<RetentionResponse>> Get(RetentionService retention, CancellationToken cancellationToken)
    {
        var policy = retention.Policy;
        var preview = await retention.PreviewAsync(cancellationToken);
        return TypedResults.Ok(new RetentionResponse(policy.IdentityYears, policy.Automatic, policy.HourUtc, policy.BatchSize, preview,
            (int)RetentionService.Lookahead.TotalDays));
    }
}
