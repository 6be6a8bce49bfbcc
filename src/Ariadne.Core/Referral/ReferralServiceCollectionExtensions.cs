using Ariadne.Core.Erasure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Referral;

public static class ReferralServiceCollectionExtensions
{
    /// <summary>Registers the national referral mechanism, its reminders (the <c>Smtp</c> section) and transnational referral.</summary>
    public static IServiceCollection AddAriadneReferral(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => Jurisdictions.Default);
        services.AddScoped<ReferralService>();
        services.AddScoped<TransnationalReferralService>();
        services.AddSingleton<Protection.IMasterKeyDependent, SigningKeyMasterKeys>();
        services.AddScoped<IErasureParticipant, ReferralErasureParticipant>();
        services.AddScoped<ReferralLookups>();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddScoped<ReminderService>();
        services.AddSingleton<IReminderSender, SmtpReminderSender>();
        return services;
    }
}
