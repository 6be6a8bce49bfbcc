using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Erasure;

public static class ErasureServiceCollectionExtensions
{
    /// <summary>
    /// Registers erasure (on request and for retention) and legal holds. The modules that hold data about a person add
    /// their <see cref="IErasureParticipant"/> in their own registration; the participant for the case work of Cases (notes
    /// and task titles) is registered here, because Cases cannot depend on Erasure.
    /// </summary>
    public static IServiceCollection AddAriadneErasure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ErasureService>();
        services.AddScoped<IErasureParticipant, CaseWorkErasureParticipant>();
        return services;
    }
}
