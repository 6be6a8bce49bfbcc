using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Erasure;

public static class ErasureServiceCollectionExtensions
{
    /// <summary>
    /// Registers erasure (on request and for retention) and legal holds. The modules that hold data about a person add
    /// their <see cref="IErasureParticipant"/> in their own registration.
    /// </summary>
    public static IServiceCollection AddAriadneErasure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ErasureService>();
        return services;
    }
}
