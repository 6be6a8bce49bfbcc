using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Erasure;

/// <summary>
/// Destroys the identifying data of a person (crypto-shredding), on request (<see cref="EraseAsync"/>) or for the
/// retention policy (<see cref="ShredAsync"/>), and keeps the legal hold that blocks both. The person's data key, sealed
/// identity, narrative and blind indexes are deleted here; every module holding more data under that key or about the
/// person plugs in through an <see cref="IErasureParticipant"/> (screening notes, consent notes, decision reasons,
/// referral texts …). Every non-identifying field stays, so the statistics do not change.
/// </summary>
/// <remarks>
/// <para>
/// Erasure is a module of its own rather than a part of Protection: it reads and changes cases (their legal hold,
/// version and person), so it depends on Cases, while Cases depends on Protection to seal and open identities. Inside
/// Protection it would close the cycle Protection → Cases → Protection; here the direction is one way: Erasure → Cases
/// → Protection, and the modules with participants (Screening, Consent, Referral) → Erasure.
/// </para>
/// <para>
/// On SQLite the deleted rows are overwritten (secure_delete) and the write-ahead log is checkpointed. Copies made
/// before the erasure (backups, PostgreSQL pages not yet vacuumed) keep the wrapped key until they are gone.
/// </para>
/// </remarks>
public sealed class ErasureService(AppDbContext db, TimeProvider time, IAuditLog audit, IEnumerable<IErasureParticipant> participants)
{
    /// <summary>
    /// Erases the identifying data of case <paramref name="caseId"/>'s person on request, for <paramref name="reason"/>
    /// (kept on the person and in the audit log). Refused while the case is under a legal hold.
    /// </summary>
    /// <returns>
    /// Success; NotFound (not visible); Forbidden (may not reveal the identity, audited); Invalid on <c>Reason</c>;
    /// Refused <c>LegalHold</c> (audited); Conflict when another writer changed the case meanwhile (nothing written).
    /// </returns>
    public async Task<Result> EraseAsync(Guid caseId, CaseViewer viewer, string? reason, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).Include(c => c.Person).ThenInclude(p => p.Key)
            .FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayReveal(viewer, entity.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseErase, AuditOutcomes.Denied, CaseService.CaseSubject, caseId.ToString()), cancellationToken);
            return Problem.Forbidden();
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > CaseRules.MaxErasureReasonLength)
        {
            return Problem.Invalid("Reason", "Required",
                $"Say why the identifying data is erased (1 to {CaseRules.MaxErasureReasonLength} characters, nothing identifying).");
        }
        if (entity.LegalHold)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseErase, AuditOutcomes.Denied, CaseService.CaseSubject, caseId.ToString(), reason.Trim(),
                new Dictionary<string, string> { ["caseCode"] = entity.CaseCode, ["refusal"] = "legal-hold" }), cancellationToken);
            return LegalHold;
        }
        if (await ShredAsync(entity, reason.Trim(), time.GetUtcNow().UtcDateTime, cancellationToken) is { Succeeded: false } shredded)
        {
            return shredded;
        }
        await audit.AppendAsync(CaseService.CaseAudit(AuditActions.CaseErase, entity) with { Reason = reason.Trim() }, cancellationToken);
        return Result.Success;
    }

    /// <summary>The refusal of an erasure while the case is under a legal hold.</summary>
    public static Problem LegalHold { get; } = Problem.Refused("LegalHold", "The case is under a legal hold; release the hold before erasing.");

    /// <summary>
    /// Destroys the identifying data of <paramref name="entity"/>'s person (loaded tracked, with its person and key) and
    /// saves: the data key, the sealed identity and narrative and the blind indexes are deleted, every
    /// <see cref="IErasureParticipant"/> drops its ciphertexts, the erasure time and reason are recorded and the version
    /// incremented. Shared by erasure on request and the retention policy, which decide and audit; writes no audit. Does
    /// not look at the legal hold: the caller has decided.
    /// </summary>
    /// <returns>Success, or Conflict when another writer changed the case in between (nothing was written).</returns>
    public async Task<Result> ShredAsync(Case entity, string reason, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var person = entity.Person;
        if (person.Key is not null)
        {
            db.PersonKeys.Remove(person.Key);
            person.Key = null;
        }
        person.IdentityCiphertext = null;
        person.NameDobIndex = null;
        person.DocumentIndex = null;
        person.Identity = null;
        person.IdentityErasedAtUtc ??= nowUtc;
        person.IdentityErasureReason = reason;
        entity.NarrativeCiphertext = null;
        entity.Narrative = null;
        entity.UpdatedAtUtc = nowUtc;
        entity.Version++;
        // Everything else sealed under the same key, for every case of the person: without the key it is unreadable
        // anyway; the ciphertexts go too, so that nothing of it is left to a future key compromise.
        var subject = new ErasureSubject(person.Id, db.Cases.Where(c => c.Person.Id == person.Id).Select(c => c.Id));
        foreach (var participant in participants)
        {
            await participant.ShredAsync(subject, cancellationToken);
        }

        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }
            return Result.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("The case was changed meanwhile; nothing was erased.");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What an erasure page shows before erasing: nothing identifying. NotFound unless the viewer may reveal (and so erase) the identity.</summary>
    public async Task<Result<ErasureState>> GetStateAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Revealable(viewer).Where(c => c.Id == caseId)
            .Select(c => new ErasureState(c.CaseCode, c.LegalHold, c.Person.IdentityErasedAtUtc))
            .FirstOrDefaultAsync(cancellationToken) is { } state ? state : Problem.NotFound();

    /// <summary>Sets or releases the legal hold that blocks erasure (audited when it changes).</summary>
    /// <returns>Success (also when the hold already was as asked); NotFound; Forbidden unless the viewer may edit the case.</returns>
    public async Task<Result> SetLegalHoldAsync(Guid caseId, bool hold, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, entity.OrganisationId))
        {
            return Problem.Forbidden();
        }
        if (entity.LegalHold != hold)
        {
            entity.LegalHold = hold;
            entity.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            entity.Version++;
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(CaseService.CaseAudit(hold ? AuditActions.LegalHoldSet : AuditActions.LegalHoldRelease, entity), cancellationToken);
        }
        return Result.Success;
    }
}

/// <summary>Whether a case's identifying data may be, or has been, erased.</summary>
public sealed record ErasureState(string CaseCode, bool LegalHold, DateTime? IdentityErasedAtUtc);
