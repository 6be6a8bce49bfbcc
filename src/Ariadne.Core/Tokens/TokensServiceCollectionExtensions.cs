using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Tokens;

public static class TokensServiceCollectionExtensions
{
    /// <summary>Registers personal access tokens (the <c>Tokens</c> section).</summary>
    public static IServiceCollection AddAriadneTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonalAccessTokenOptions>().Bind(configuration.GetSection(PersonalAccessTokenOptions.Section));
        services.AddScoped<PersonalAccessTokenService>();
        services.AddScoped<TokenLookups>();
        return services;
    }
}
