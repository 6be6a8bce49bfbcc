using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the modules of the core: data, code lists, protection, audit, cases, consent.</summary>
    /// <remarks>
    /// The master keys are read on first use from the environment (see <see cref="MasterKeyRing.Load"/>); a host or a
    /// test replaces them by registering its own <see cref="IKeyEncryptionKeyProvider"/> after this call.
    /// </remarks>
    public static IServiceCollection AddAriadneCore(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddAriadneData(database);
        services.AddSingleton<IKeyEncryptionKeyProvider>(_ => MasterKeyRing.Load(database, Environment.GetEnvironmentVariable, Console.Error));
        services.AddSingleton<IdentityVault>();
        services.AddScoped<KeyRotation>();
        services.AddScoped<LegacyPlaintextSealer>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CodeListRegistry.Default);
        services.AddSingleton<IAuditContext, LocalOperatorAuditContext>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<CaseService>();
        services.AddScoped<Consent.ConsentService>();
        services.AddScoped<ImportExport.CaseImporter>();
        services.AddScoped<ImportExport.CaseExporter>();
        services.AddScoped<Screening.InstrumentCatalogue>();
        services.AddScoped<Screening.ScreeningService>();
        services.AddSingleton(_ => Referral.Jurisdictions.Default);
        services.AddScoped<Referral.ReferralService>();
        services.AddScoped<Statistics.Releases.ReleaseService>();
        services.AddScoped<Statistics.Ctdc.CtdcStore>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.CaseTableProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.GlotipTotalsProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Releases.GlotipCasesProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CtdcKAnonymisedProducer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CtdcSynthetic2024Producer>();
        services.AddScoped<Statistics.Releases.IReleaseProducer, Statistics.Ctdc.CaseMicrodataProducer>();
        return services;
    }
}
