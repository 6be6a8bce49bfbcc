using Ariadne.Core.Statistics.Releases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Statistics;

public static class StatisticsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the statistics releases, the aggregate-table producers and the privacy budget. The record-level
    /// and synthetic producers are registered by <c>AddAriadnePublishing</c>.
    /// </summary>
    public static IServiceCollection AddAriadneStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReleaseService>();
        services.AddScoped<PrivacyBudget>();
        services.AddScoped<GlotipStatistics>();
        services.AddScoped<PersonClusters>();
        services.AddSingleton<Protection.IMasterKeyDependent, ReleaseSeedMasterKeys>();
        services.AddScoped<IReleaseProducer, CaseTableProducer>();
        services.AddScoped<IReleaseProducer, ScreeningTableProducer>();
        services.AddScoped<IReleaseProducer, AssistanceStatisticsProducer>();
        services.AddScoped<IReleaseProducer, GlotipTotalsProducer>();
        services.AddScoped<IReleaseProducer, GlotipCountryProducer>();
        services.AddScoped<IReleaseProducer, Sdg1622Producer>();
        return services;
    }
}
