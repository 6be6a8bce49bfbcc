using Ariadne.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Protection;

public static class ProtectionServiceCollectionExtensions
{
    /// <summary>Registers the per-person data keys, the master key ring (checked against the database on first use) and key rotation.</summary>
    public static IServiceCollection AddAriadneProtection(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddSingleton<IKeyEncryptionKeyProvider>(sp =>
        {
            var ring = MasterKeyRing.Load(database, Environment.GetEnvironmentVariable, Console.Error);
            // Fails closed before the first wrap, unwrap or lookup: a wrong key, or data under a key id not configured.
            MasterKeyChecks.VerifyExisting(database, ring, sp.GetServices<IMasterKeyDependent>());
            return ring;
        });
        services.AddSingleton<IdentityVault>();
        services.AddScoped<KeyRotation>();
        return services;
    }
}
