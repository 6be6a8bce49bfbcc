using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.AuditReview;

public static class AuditReviewServiceCollectionExtensions
{
    /// <summary>Registers the auditor's reading of the log (names instead of ids, the audited CSV export).</summary>
    public static IServiceCollection AddAriadneAuditReview(this IServiceCollection services)
    {
        services.AddScoped<AuditReader>();
        return services;
    }
}
