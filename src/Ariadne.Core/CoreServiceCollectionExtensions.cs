using Ariadne.Core.Attachments;
using Ariadne.Core.Audit;
using Ariadne.Core.AuditReview;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Erasure;
using Ariadne.Core.FollowUp;
using Ariadne.Core.ImportExport;
using Ariadne.Core.Jobs;
using Ariadne.Core.Linkage;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Core.Publishing;
using Ariadne.Core.Referral;
using Ariadne.Core.Retention;
using Ariadne.Core.Screening;
using Ariadne.Core.Statistics;
using Ariadne.Core.Timeline;
using Ariadne.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every module of the core, each by its own <c>AddAriadne{Module}</c> in its folder, which binds its own
    /// configuration section. The users module (<c>AddAriadneUsers</c>) is added by the host, which adds sign-in on top.
    /// </summary>
    /// <remarks>
    /// The master keys are read on first use from the environment (see <see cref="MasterKeyRing.Load"/>) and checked
    /// against the database (<see cref="MasterKeyChecks.VerifyExisting"/>); a host or a test replaces them by
    /// registering its own <see cref="IKeyEncryptionKeyProvider"/> after this call.
    /// </remarks>
    public static IServiceCollection AddAriadneCore(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddAriadneData(database);
        services.AddSingleton(_ => CodeListRegistry.Default);
        services.AddAriadneProtection(configuration, database);
        services.AddAriadneAudit(configuration);
        services.AddAriadneAuditReview();
        services.AddAriadneJobs(configuration);
        services.AddAriadneDemoData();
        services.AddAriadneCases(configuration);
        services.AddAriadneOrganisations();
        services.AddAriadneErasure(configuration);
        services.AddAriadneAttachments(configuration);
        services.AddAriadneTimeline();
        services.AddAriadneConsent(configuration);
        services.AddAriadneScreening(configuration);
        services.AddAriadneReferral(configuration);
        services.AddAriadneImportExport(configuration);
        services.AddAriadneStatistics(configuration);
        services.AddAriadnePublishing(configuration);
        services.AddAriadneRetention(configuration);
        services.AddAriadneTokens(configuration);
        services.AddAriadneDuplicates(configuration);
        services.AddAriadneLinkage(configuration);
        services.AddAriadneFollowUp(configuration);
        Finance.FinanceServiceCollectionExtensions.AddAriadneFinance(services, configuration);
        return services;
    }
}
