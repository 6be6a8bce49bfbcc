using Ariadne.Core.Erasure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Consent;

public static class ConsentServiceCollectionExtensions
{
    /// <summary>Registers consent records and best-interest decisions, and their part in erasure (sealed notes and reasons).</summary>
    public static IServiceCollection AddAriadneConsent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ConsentService>();
        services.AddScoped<IErasureParticipant, ConsentErasureParticipant>();
        return services;
    }
}
