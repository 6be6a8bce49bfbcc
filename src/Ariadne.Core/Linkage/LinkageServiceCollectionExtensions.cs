using Ariadne.Core.Estimation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Linkage;

public static class LinkageServiceCollectionExtensions
{
    /// <summary>
    /// Registers linkage between agencies read from the database: the agency's encoding and import of the operator's
    /// clusters (<see cref="AgencyLinkage"/>), the operator's matching of uploaded encodings (<see cref="OperatorLinkage"/>)
    /// and the multiple systems estimate from the imported clusters (<see cref="LinkageOverlap"/>).
    /// </summary>
    public static IServiceCollection AddAriadneLinkage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AgencyLinkage>();
        services.AddScoped<OperatorLinkage>();
        services.AddScoped<LinkageOverlap>();
        return services;
    }
}
