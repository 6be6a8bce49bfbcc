using Ariadne.Account;
using Microsoft.AspNetCore.Authentication;

namespace Ariadne.Tokens;

public static class TokenAuthenticationSetup
{
    /// <summary>
    /// Adds the personal-access-token scheme beside the accounts' schemes (call after <c>AddAriadneAccounts</c>): bearer
    /// values in the token format (<see cref="Core.Tokens.TokenFormat.LooksLikeToken"/>) go to it.
    /// </summary>
    public static IServiceCollection AddPersonalAccessTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenDefaults.Scheme, null);
        services.AddSingleton<DenialAuditThrottle>();
        services.AddSingleton<IBearerSchemeSelector, PersonalAccessTokenSchemeSelector>();
        return services;
    }

    private sealed class PersonalAccessTokenSchemeSelector : IBearerSchemeSelector
    {
        public string? SchemeFor(string bearerValue) =>
            Core.Tokens.TokenFormat.LooksLikeToken(bearerValue) ? PersonalAccessTokenDefaults.Scheme : null;
    }
}
