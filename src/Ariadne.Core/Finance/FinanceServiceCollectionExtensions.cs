using Ariadne.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Finance;

public static class FinanceServiceCollectionExtensions
{
    /// <summary>Registers the financial-flow analysis in the database: the service, its two jobs (import, analysis) and the party keys' part in key rotation, and the asset ledger per case with its part in erasure.</summary>
    public static IServiceCollection AddAriadneFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FinanceService>();
        services.AddJobHandler<FinanceImportJob>();
        services.AddJobHandler<FinanceAnalyseJob>();
        services.AddSingleton<Protection.IMasterKeyDependent, FinancePartyMasterKeys>();
        services.AddSingleton<Protection.IMasterKeyDependent, FinanceDatasetMasterKeys>();
        // The asset ledger per case: descriptions sealed under the person's data key (re-wrapped with it by key rotation).
        services.AddScoped<Assets.AssetLedgerService>();
        services.AddScoped<Erasure.IErasureParticipant, Assets.AssetLedgerErasureParticipant>();
        return services;
    }
}
