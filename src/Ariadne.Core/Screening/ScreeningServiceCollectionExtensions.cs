using Ariadne.Core.Erasure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Screening;

public static class ScreeningServiceCollectionExtensions
{
    /// <summary>Registers the screening instruments, the screenings of cases, and their part in erasure (sealed notes).</summary>
    public static IServiceCollection AddAriadneScreening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<InstrumentCatalogue>();
        services.AddScoped<ScreeningService>();
        services.AddScoped<IErasureParticipant, ScreeningErasureParticipant>();
        return services;
    }
}
