using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the modules of the core: data, code lists, audit, cases.</summary>
    public static IServiceCollection AddAriadneCore(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddAriadneData(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CodeListRegistry.Default);
        services.AddSingleton<IAuditContext, LocalOperatorAuditContext>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<CaseService>();
        services.AddScoped<Consent.ConsentService>();
        services.AddSingleton(_ => Referral.Jurisdictions.Default);
        services.AddScoped<Referral.ReferralService>();
        return services;
    }
}
