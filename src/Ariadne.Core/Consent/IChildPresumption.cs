namespace Ariadne.Core.Consent;

/// <summary>
/// Tells whether a person is presumed to be a child although the case records another age group — the referral
/// mechanism presumes so while the age is uncertain (Council of Europe Convention, Art. 10(3)). The consent rules treat
/// a presumed child as a child. The module that knows registers an implementation, so Consent does not depend on it.
/// </summary>
public interface IChildPresumption
{
    Task<bool> IsPresumedChildAsync(Guid caseId, CancellationToken cancellationToken);
}
