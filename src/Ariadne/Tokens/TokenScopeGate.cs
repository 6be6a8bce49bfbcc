using Ariadne.Core.Audit;
using Ariadne.Core.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace Ariadne.Tokens;

/// <summary>The scope a personal access token must carry to reach an endpoint; the most specific declaration wins.</summary>
public sealed record TokenScopeMetadata(string Scope);

/// <summary>
/// Scope enforcement for personal access tokens, failing closed: a token reaches an endpoint only when the endpoint
/// declares a scope (<see cref="RequireScope{TBuilder}"/>) and the token carries it. Role checks still apply on top,
/// so a token grants the intersection of its scopes and its user's roles.
/// </summary>
public static class TokenScopeGate
{
    /// <summary>Declares the scope a personal access token needs for these endpoints; an unknown scope is a startup error.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!TokenScopes.IsKnown(scope))
        {
            throw new ArgumentException($"'{scope}' is not one of the token scopes ({string.Join(", ", TokenScopes.All)}).", nameof(scope));
        }
        return builder.WithMetadata(new TokenScopeMetadata(scope));
    }

    /// <summary>Runs after authentication: refuses (403, audited) a token request whose endpoint declares no scope or another one.</summary>
    public static IApplicationBuilder UseTokenScopeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.IsTokenPrincipal() && context.GetEndpoint() is { } endpoint)
        {
            var required = endpoint.Metadata.GetMetadata<TokenScopeMetadata>()?.Scope;
            if (required is null || !context.User.HasClaim(PersonalAccessTokenDefaults.ScopeClaim, required))
            {
                var audit = context.RequestServices.GetRequiredService<IAuditLog>();
                await audit.AppendAsync(new AuditRecord(AuditActions.TokenUseDenied, AuditOutcomes.Denied, PersonalAccessTokenService.TokenSubject,
                    Details: new Dictionary<string, string>
                    {
                        ["reason"] = "scope",
                        ["required"] = required ?? "none",
                        ["token"] = context.User.FindFirst(PersonalAccessTokenDefaults.TokenClaim)?.Value ?? "",
                        ["path"] = context.Request.Path.Value ?? "",
                    }), context.RequestAborted);
                await context.ForbidAsync(PersonalAccessTokenDefaults.Scheme);
                return;
            }
        }
        await next(context);
    });
}
