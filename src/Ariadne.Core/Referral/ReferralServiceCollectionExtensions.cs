using Ariadne.Core.Erasure;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Referral;

public static class ReferralServiceCollectionExtensions
{
    /// <summary>
    /// Registers the national referral mechanism (lifecycle, referrals to services, reports, reminders with the
    /// <c>Smtp</c> section) and transnational referral (partner keys, signed packages).
    /// </summary>
    public static IServiceCollection AddAriadneReferral(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => Jurisdictions.Default);
        services.AddScoped<NrmLifecycleService>();
        services.AddScoped<ServiceReferralService>();
        services.AddScoped<ServiceOfferAdministration>();
        services.AddScoped<NrmReports>();
        services.AddSingleton<Protection.IMasterKeyDependent, SigningKeyMasterKeys>();
        services.AddScoped<IErasureParticipant, ReferralErasureParticipant>();
        services.AddScoped<ReferralLookups>();
        services.AddScoped<Consent.IChildPresumption, NrmChildPresumption>();
        services.AddScoped<Consent.IConsentWithdrawal, NrmConsentWithdrawal>();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddScoped<ReminderService>();
        services.AddSingleton<IReminderSender, SmtpReminderSender>();
        services.AddScoped<PartnerKeys>();
        services.AddScoped<ReferralPackages>();
        return services;
    }
}
