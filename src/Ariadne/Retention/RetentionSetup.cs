
namespace Ariadne.Retention;

public static class RetentionSetup
{
    /// <summary>
    /// Adds the daily run, which does nothing unless <c>Retention:Automatic</c> is true (the <c>Retention</c> section is
    /// bound and validated at start by <see cref="Core.Retention.RetentionServiceCollectionExtensions.AddAriadneRetention"/>).
    /// </summary>
    public static IServiceCollection AddRetentionWorker(this IServiceCollection services)
    {
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
