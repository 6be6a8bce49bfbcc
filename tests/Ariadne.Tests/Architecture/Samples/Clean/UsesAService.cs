namespace Ariadne.Tests.Architecture.Samples.Clean;

/// <summary>What the CLI does instead (a sample for <see cref="CliBoundaryTests"/>): ask a Core service.</summary>
internal static class UsesAService
{
    public static Task<Guid?> FindAsync(global::Ariadne.Core.Referral.National.ReferralLookups lookups, CancellationToken cancellationToken) =>
        lookups.FindCaseAsync("C-0000-0000", cancellationToken);
}
