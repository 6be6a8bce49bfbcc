using Ariadne.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Protection;

/// <summary><c>ariadne keys status</c>: every configured key checked against the database, without stopping at the first problem.</summary>
public static class MasterKeyStatus
{
    /// <summary>Inspects <paramref name="ring"/> (read by the caller, not from the services) against the database of <paramref name="services"/>, opening a sample key under every master key.</summary>
    public static Task<IReadOnlyList<MasterKeyState>> InspectAsync(IServiceProvider services, IKeyEncryptionKeyProvider ring, CancellationToken cancellationToken) =>
        MasterKeyChecks.InspectAsync(services.GetRequiredService<AppDbContext>(), ring, services.GetServices<IMasterKeyDependent>(), sampleAll: true, cancellationToken);
}
