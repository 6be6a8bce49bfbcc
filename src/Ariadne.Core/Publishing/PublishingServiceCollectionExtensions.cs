using Ariadne.Core.Statistics.Releases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the producers that publish record-level or synthetic data (CTDC layouts, generic k-anonymous case
    /// microdata, DP synthetic records) and the GLOTIP case workbook; they are releases like the aggregate tables
    /// (<see cref="ReleaseService"/>).
    /// </summary>
    public static IServiceCollection AddAriadnePublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IReleaseProducer, GlotipCasesProducer>();
        services.AddScoped<IReleaseProducer, CtdcKAnonymisedProducer>();
        services.AddScoped<IReleaseProducer, CtdcSynthetic2024Producer>();
        services.AddScoped<IReleaseProducer, CtdcDpSyntheticProducer>();
        services.AddScoped<IReleaseProducer, CaseMicrodataProducer>();
        return services;
    }
}
