using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Organisations;

public static class OrganisationsServiceCollectionExtensions
{
    /// <summary>Registers the organisation directory (no configuration section yet).</summary>
    public static IServiceCollection AddAriadneOrganisations(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddScoped<OrganisationDirectory>();
        return services;
    }
}
