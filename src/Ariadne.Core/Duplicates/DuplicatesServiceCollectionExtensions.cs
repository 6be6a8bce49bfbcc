using Ariadne.Core.Erasure;
using Ariadne.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Duplicates;

public static class DuplicatesServiceCollectionExtensions
{
    /// <summary>Registers deduplication of an organisation's persons (runs, as background jobs too; review, merge and un-merge) and its part in erasure (the person's candidate pairs).</summary>
    public static IServiceCollection AddAriadneDuplicates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DuplicateService>();
        services.AddJobHandler<DuplicateRunJob>();
        services.AddScoped<IErasureParticipant, DuplicatesErasureParticipant>();
        return services;
    }
}
