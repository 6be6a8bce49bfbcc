using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Consent;

public static class ConsentServiceCollectionExtensions
{
    /// <summary>Registers consent records and best-interest decisions.</summary>
    public static IServiceCollection AddAriadneConsent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ConsentService>();
        return services;
    }
}
