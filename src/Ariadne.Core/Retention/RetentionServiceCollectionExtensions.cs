using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>Registers the retention rules (the <c>Retention</c> section, validated at start) and their run.</summary>
    public static IServiceCollection AddAriadneRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddScoped<RetentionService>();
        return services;
    }
}
