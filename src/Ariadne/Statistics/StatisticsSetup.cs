namespace Ariadne.Statistics;

public static class StatisticsSetup
{
    /// <summary>What the statistics pages and downloads need beside Core: the localised labels of dimensions and codes, and the tables kept for the pager.</summary>
    public static IServiceCollection AddStatisticsUi(this IServiceCollection services)
    {
        services.AddScoped<StatisticsLabels>();
        services.AddSingleton<ShownReleaseCache>();
        return services;
    }
}
