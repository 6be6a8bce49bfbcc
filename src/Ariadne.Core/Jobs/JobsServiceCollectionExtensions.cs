using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ariadne.Core.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Registers background jobs (the <c>Jobs</c> section). The web host runs <see cref="JobRunner"/> in a loop.</summary>
    public static IServiceCollection AddAriadneJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.StaleAfter > o.PollInterval && o.KeepFor > TimeSpan.Zero && o.MaxInputBytes > 0 && o.MaxActivePerUser > 0,
                "Jobs: PollInterval, KeepFor, MaxInputBytes and MaxActivePerUser must be positive and StaleAfter longer than PollInterval.")
            .ValidateOnStart();
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<JobRunner>();
        services.AddScoped<JobService>();
        return services;
    }

    /// <summary>Registers a kind of job; call it from the module that owns the work.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services)
        where THandler : class, IJobHandler
    {
        services.AddScoped<IJobHandler, THandler>();
        return services;
    }
}
