using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Organisations;

public static class OrganisationsServiceCollectionExtensions
{
    /// <summary>Registers the organisations (NGOs, shelters, authorities that users and cases belong to) and their administration: list, create, change name, type and country, audited.</summary>
    public static IServiceCollection AddAriadneOrganisations(this IServiceCollection services)
    {
        services.AddScoped<OrganisationAdministration>();
        return services;
    }
}
