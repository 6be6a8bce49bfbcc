using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.FollowUp;

public static class FollowUpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the follow-up of commitments (issue 18): the commitment registry, the implementation plan with its
    /// reminders, SDG indicator data in the Open SDG CSV layout, and the results framework, whose computed indicators are
    /// published through the statistics releases (<c>followup-indicator</c>).
    /// </summary>
    public static IServiceCollection AddAriadneFollowUp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FollowUpService>();
        services.AddOptions<FollowUpOptions>().Bind(configuration.GetSection(FollowUpOptions.Section));
        services.AddScoped<PublicFollowUpService>();
        services.AddScoped<FollowUpReminders>();
        services.AddScoped<IndicatorLoadCache>();
        services.AddScoped<IndicatorPlanComputation>();
        services.AddScoped<Reports.ReviewReportService>();
        services.AddScoped<Questionnaires.QuestionnaireService>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, IndicatorQueryProducer>();
        services.AddScoped<SurvivorFeedbackService>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, SurvivorFeedbackProducer>();
        return services;
    }
}
