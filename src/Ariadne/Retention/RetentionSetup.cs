using Ariadne.Core.Retention;

namespace Ariadne.Retention;

public static class RetentionSetup
{
    /// <summary>
    /// Binds the <c>Retention</c> section (an invalid value stops the start with a message naming the key) and adds
    /// the daily run, which does nothing unless <c>Retention:Automatic</c> is true.
    /// </summary>
    public static IServiceCollection AddAriadneRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
