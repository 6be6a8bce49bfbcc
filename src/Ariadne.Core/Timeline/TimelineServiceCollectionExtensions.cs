using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Timeline;

public static class TimelineServiceCollectionExtensions
{
    /// <summary>Registers the case timeline (read-only, from the records of the other modules and the audit log).</summary>
    public static IServiceCollection AddAriadneTimeline(this IServiceCollection services)
    {
        services.AddScoped<CaseTimelineService>();
        return services;
    }
}
