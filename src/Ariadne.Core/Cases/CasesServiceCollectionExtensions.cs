using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Cases;

public static class CasesServiceCollectionExtensions
{
    /// <summary>Registers the case registry, the reveal of identities, the sealed free text of a case, its tasks and assignment (daily case work) and the organisation look-up by id or name.</summary>
    public static IServiceCollection AddAriadneCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseService>();
        services.AddScoped<CaseReveal>();
        services.AddScoped<CaseTextVault>();
        services.AddScoped<CaseWorkService>();
        services.AddScoped<OrganisationDirectory>();
        return services;
    }
}
