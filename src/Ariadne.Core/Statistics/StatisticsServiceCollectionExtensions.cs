using Ariadne.Core.Statistics.Ctdc;
using Ariadne.Core.Statistics.Releases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Statistics;

public static class StatisticsServiceCollectionExtensions
{
    /// <summary>Registers the statistics releases, their producers, the privacy budget and the CTDC store.</summary>
    public static IServiceCollection AddAriadneStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReleaseService>();
        services.AddScoped<PrivacyBudget>();
        services.AddScoped<CtdcStore>();
        services.AddScoped<GlotipStore>();
        services.AddScoped<IReleaseProducer, CaseTableProducer>();
        services.AddScoped<IReleaseProducer, ScreeningTableProducer>();
        services.AddScoped<IReleaseProducer, AssistanceStatisticsProducer>();
        services.AddScoped<IReleaseProducer, GlotipTotalsProducer>();
        services.AddScoped<IReleaseProducer, GlotipCountryProducer>();
        services.AddScoped<IReleaseProducer, GlotipCasesProducer>();
        services.AddScoped<IReleaseProducer, Sdg1622Producer>();
        services.AddScoped<IReleaseProducer, CtdcKAnonymisedProducer>();
        services.AddScoped<IReleaseProducer, CtdcSynthetic2024Producer>();
        services.AddScoped<IReleaseProducer, CtdcDpSyntheticProducer>();
        services.AddScoped<IReleaseProducer, CaseMicrodataProducer>();
        return services;
    }
}
