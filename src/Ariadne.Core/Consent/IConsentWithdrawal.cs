using Ariadne.Core.Audit;

namespace Ariadne.Core.Consent;

/// <summary>
/// Ends what a consent allowed when it is withdrawn — the referral mechanism ends the competent authority's share of the
/// case. Called by <see cref="ConsentService.WithdrawAsync"/> in its unit of work, before it saves, so that the
/// withdrawal and its consequences are stored together or not at all. The module that grants registers an
/// implementation, so Consent does not depend on it.
/// </summary>
public interface IConsentWithdrawal
{
    /// <param name="withdrawn">The consent, already marked withdrawn (not yet saved).</param>
    /// <param name="others">The case's other consents, to tell whether another still allows the same.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The audit records of what ended, appended once the withdrawal is saved.</returns>
    Task<IReadOnlyList<AuditRecord>> OnWithdrawnAsync(ConsentRecord withdrawn, IReadOnlyList<ConsentRecord> others, CancellationToken cancellationToken);
}
