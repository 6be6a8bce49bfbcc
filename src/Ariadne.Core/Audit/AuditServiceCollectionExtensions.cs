using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the append-only, hash-chained audit log.</summary>
    public static IServiceCollection AddAriadneAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IAuditContext, LocalOperatorAuditContext>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        return services;
    }
}
