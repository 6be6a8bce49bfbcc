using Ariadne.Core.Estimation;
using Ariadne.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Linkage;

public static class LinkageServiceCollectionExtensions
{
    /// <summary>
    /// Registers linkage between agencies without sharing identities, read from and written to the database: each
    /// agency's encoding of its persons and import of the operator's clusters (<see cref="AgencyLinkage"/>), the
    /// operator's matching of uploaded encodings (<see cref="OperatorLinkage"/>, also as the background job
    /// <see cref="OperatorMatchJob"/>), and the multiple systems estimate from the imported clusters
    /// (<see cref="LinkageOverlap"/> and <see cref="LinkageEstimateJob"/>, which live in Estimation). Also holds the
    /// linkage schemas, the encodings files and the plain deduplication of a file (<c>ariadne linkage</c>).
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
