using Ariadne.Core.Estimation;
using Ariadne.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Linkage;

public static class LinkageServiceCollectionExtensions
{
    /// <summary>
    /// Registers linkage between agencies read from the database: the agency's encoding and import of the operator's
    /// clusters (<see cref="AgencyLinkage"/>), the operator's matching of uploaded encodings (<see cref="OperatorLinkage"/>)
    /// and the multiple systems estimate from the imported clusters (<see cref="LinkageOverlap"/>); the match and the estimate also
    /// as background jobs (<see cref="OperatorMatchJob"/>, <see cref="LinkageEstimateJob"/>).
    /// </summary>
    public static IServiceCollection AddAriadneLinkage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AgencyLinkage>();
        services.AddScoped<OperatorLinkage>();
        services.AddScoped<LinkageOverlap>();
        services.AddJobHandler<OperatorMatchJob>();
        services.AddJobHandler<LinkageEstimateJob>();
        return services;
    }
}
