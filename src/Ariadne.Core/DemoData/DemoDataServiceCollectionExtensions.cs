using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.DemoData;

public static class DemoDataServiceCollectionExtensions
{
    /// <summary>Registers the demo-data generator (<c>ariadne demo-data</c>, <c>serve --demo</c>).</summary>
    public static IServiceCollection AddAriadneDemoData(this IServiceCollection services)
    {
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DemoReferralSeeder>();
        services.AddScoped<DemoCaseWorkSeeder>();
        services.AddScoped<DemoFollowUpSeeder>();
        services.AddScoped<DemoFinanceSeeder>();
        services.AddScoped<DemoDataState>();
        return services;
    }
}
