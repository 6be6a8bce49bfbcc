using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Screening;

public static class ScreeningServiceCollectionExtensions
{
    /// <summary>Registers the screening instruments and the screenings of cases.</summary>
    public static IServiceCollection AddAriadneScreening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<InstrumentCatalogue>();
        services.AddScoped<ScreeningService>();
        return services;
    }
}
