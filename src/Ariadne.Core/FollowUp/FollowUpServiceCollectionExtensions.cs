using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.FollowUp;

public static class FollowUpServiceCollectionExtensions
{
    /// <summary>Registers the follow-up of commitments (issue 18): the commitment registry and the implementation plan.</summary>
    public static IServiceCollection AddAriadneFollowUp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FollowUpService>();
        services.AddScoped<FollowUpReminders>();
        return services;
    }
}
