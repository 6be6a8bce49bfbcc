namespace Ariadne.Core.Erasure;

/// <summary>
/// A module that holds data sealed under a person's data key, or free text about the person, plugs into erasure by
/// registering one of these (<c>services.AddScoped&lt;IErasureParticipant, …&gt;()</c> in its own
/// <c>AddAriadne{Module}</c>). <see cref="ErasureService"/> calls every participant when it destroys a person's
/// identifying data, on request and by the retention policy, so that erasure knows no module's records.
/// </summary>
/// <remarks>
/// A participant changes tracked entities of the scoped <see cref="Data.AppDbContext"/> only; it neither saves nor
/// audits. The erasure saves once, so the person's key and every participant's ciphertexts go in one transaction, or
/// nothing does (a concurrent change to the case makes the whole erasure a conflict).
/// </remarks>
public interface IErasureParticipant
{
    /// <summary>Drops the ciphertexts (and any other identifying data) of the records about <paramref name="subject"/>'s person.</summary>
    Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken);
}

/// <summary>Whose data is being erased: the person and the ids of all of their cases (a query, evaluated by the participant's own query).</summary>
public sealed record ErasureSubject(Guid PersonId, IQueryable<Guid> CaseIds);
