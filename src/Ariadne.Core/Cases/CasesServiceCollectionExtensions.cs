using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Cases;

public static class CasesServiceCollectionExtensions
{
    /// <summary>Registers the case registry, the reveal of identities and the sealed free text of a case.</summary>
    public static IServiceCollection AddAriadneCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseService>();
        services.AddScoped<CaseReveal>();
        services.AddScoped<CaseTextVault>();
        return services;
    }
}
