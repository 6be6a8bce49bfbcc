using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the modules of the core: data, code lists, cases.</summary>
    public static IServiceCollection AddAriadneCore(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddAriadneData(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CodeListRegistry.Default);
        services.AddScoped<CaseService>();
        services.AddScoped<Consent.ConsentService>();
        return services;
    }
}
