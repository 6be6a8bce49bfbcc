using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ariadne.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the modules of the core: data, code lists, protection, audit, cases, consent.</summary>
    /// <remarks>
    /// The master keys are read on first use from the environment (see <see cref="MasterKeyRing.Load"/>) and checked
    /// against the database (<see cref="MasterKeyChecks.VerifyExisting"/>); a host or a
    /// test replaces them by registering its own <see cref="IKeyEncryptionKeyProvider"/> after this call.
    /// </remarks>
    public static IServiceCollection AddAriadneCore(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddAriadneData(database);
        services.AddSingleton<IKeyEncryptionKeyProvider>(_ =>
        {
            var ring = MasterKeyRing.Load(database, Environment.GetEnvironmentVariable, Console.Error);
            // Fails closed before the first wrap, unwrap or lookup: a wrong key, or data under a key id not configured.
            MasterKeyChecks.VerifyExisting(database, ring);
            return ring;
        });
        services.AddSingleton<IdentityVault>();
        services.AddScoped<KeyRotation>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CodeListRegistry.Default);
        services.AddSingleton<IAuditContext, LocalOperatorAuditContext>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<CaseService>();
        services.AddScoped<CaseTextVault>();
        services.AddScoped<Consent.ConsentService>();
        services.AddScoped<ImportExport.CaseImporter>();
        services.AddScoped<ImportExport.CaseExporter>();
        services.AddScoped<Screening.InstrumentCatalogue>();
        services.AddScoped<Screening.ScreeningService>();
        services.AddSingleton(_ => Referral.Jurisdictions.Default);
        services.AddScoped<Referral.ReferralService>();
        services.AddScoped<Referral.TransnationalReferralService>();
        services.AddScoped<Statistics.Releases.ReleaseService>();
        services.AddScoped<Statistics.Releases.PrivacyBudget>();
        services.AddScoped<Statistics.Ctdc.CtdcStore>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.CaseTableProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.GlotipTotalsProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.ScreeningTableProducer>();
        services.AddOptions<Retention.RetentionOptions>();
        services.AddSingleton<IValidateOptions<Retention.RetentionOptions>, Retention.RetentionOptionsValidator>();
        services.AddScoped<Retention.RetentionService>();
        services.AddOptions<Tokens.PersonalAccessTokenOptions>();
        services.AddScoped<Tokens.PersonalAccessTokenService>();
        services.AddOptions<Referral.SmtpOptions>();
        services.AddScoped<Referral.ReminderService>();
        services.AddSingleton<Referral.IReminderSender, Referral.SmtpReminderSender>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.GlotipCountryProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.Sdg1622Producer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.GlotipCasesProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CtdcKAnonymisedProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CtdcSynthetic2024Producer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CtdcDpSyntheticProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CaseMicrodataProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.AssistanceStatisticsProducer>();
        return services;
    }
}
