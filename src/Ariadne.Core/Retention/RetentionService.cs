using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Referral.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Retention;

/// <summary>
/// Applies the retention policy (<see cref="RetentionOptions"/>, decided case by case by <see cref="RetentionRules"/>):
/// erases the identifying data of persons whose case was closed long enough ago, through the same crypto-shredding as
/// erasure on request (<see cref="ErasureService.ShredAsync"/>, with every module's participant), and purges expired reveal grants. The non-identifying statistical record stays.
/// </summary>
/// <remarks>
/// Safe to run on several nodes at once and to repeat: a case already erased is not a candidate, and each erasure
/// re-reads the case and saves under its version (optimistic concurrency), so when two runs reach the same case one
/// saves and the other finds it changed and skips it; only the one that saved writes the audit entry. A legal hold
/// set meanwhile changes the version too, so it is never overtaken.
/// </remarks>
public sealed class RetentionService(
    AppDbContext db, TimeProvider time, IOptions<RetentionOptions> options, IAuditLog audit, Jurisdictions jurisdictions, ErasureService erasure)
{
    /// <summary>The reason recorded on the person and in the audit log for every erasure by retention.</summary>
    public const string ErasureReason = "retention";

    /// <summary>The subject type of the summary entry each run writes.</summary>
    public const string SummarySubject = "retention";

    /// <summary>How far ahead <see cref="PreviewAsync"/> looks for cases that will soon be due.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromDays(90);

    public RetentionOptions Policy => options.Value;

    /// <summary>What <see cref="ApplyAsync"/> would do now, as counts; nothing identifying, nothing changed.</summary>
    public async Task<RetentionPreview> PreviewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var years = Policy.IdentityYears;
        var erased = await db.Persons.CountAsync(p => p.IdentityErasedAtUtc != null, cancellationToken);
        var grants = await db.RevealGrants.CountAsync(g => g.ExpiresAtUtc <= now, cancellationToken);
        if (years == 0)
        {
            return new RetentionPreview(now, years, 0, 0, 0, 0, erased, grants, null);
        }
        int lifecycle = 0, status = 0, held = 0, soon = 0;
        DateTime? next = null;
        foreach (var (_, decision) in await CandidatesAsync(now + Lookahead, cancellationToken))
        {
            var current = decision.DueAtUtc <= now ? decision : decision with { Reason = RetentionReason.NotYetDue };
            switch (current.Reason)
            {
                case RetentionReason.DueLifecycleClosed:
                    lifecycle++;
                    break;
                case RetentionReason.DueCaseClosed:
                    status++;
                    break;
                case RetentionReason.LegalHold when decision.DueAtUtc <= now:
                    held++;
                    break;
                case RetentionReason.NotYetDue when decision.Reason != RetentionReason.LegalHold:
                    soon++;
                    next = next is null || decision.DueAtUtc < next ? decision.DueAtUtc : next;
                    break;
                default:
                    break;
            }
        }
        return new RetentionPreview(now, years, lifecycle, status, held, soon, erased, grants, next);
    }

    /// <summary>
    /// Whether <paramref name="actor"/> has already applied the policy since <paramref name="sinceUtc"/>: its summary entry
    /// is in the audit log. Lets the nodes of one installation run the daily job once between them.
    /// </summary>
    public Task<bool> AppliedSinceAsync(AuditActor actor, DateTime sinceUtc, CancellationToken cancellationToken) =>
        db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Retention && e.SubjectType == SummarySubject && e.ActorName == actor.Name && e.AtUtc >= sinceUtc,
            cancellationToken);

    /// <summary>Erases every person whose case is due, in batches, each erasure audited; then purges expired reveal grants.</summary>
    /// <param name="actor">Who runs it (the audit actor); null for the current one (the CLI's local operator).</param>
    /// <param name="progress">Receives the number erased so far after each batch.</param>
    /// <param name="cancellationToken">Stops before the next case; what was erased stays erased.</param>
    public async Task<RetentionResult> ApplyAsync(AuditActor? actor, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var erased = 0;
        var skipped = 0;
        if (Policy.IdentityYears > 0)
        {
            var due = (await CandidatesAsync(now, cancellationToken)).Where(c => c.Decision.IsDue).Select(c => c.CaseId).ToList();
            foreach (var batch in due.Chunk(Policy.BatchSize))
            {
                foreach (var id in batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await EraseIfDueAsync(id, now, actor, cancellationToken))
                    {
                        erased++;
                    }
                    else
                    {
                        skipped++;
                    }
                }
                progress?.Report(erased);
            }
        }
        var purged = await db.RevealGrants.Where(g => g.ExpiresAtUtc <= now).ExecuteDeleteAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.Retention, AuditOutcomes.Success, SummarySubject, Reason: ErasureReason,
            Details: new Dictionary<string, string>
            {
                ["identityYears"] = Policy.IdentityYears.ToString(CultureInfo.InvariantCulture),
                ["erased"] = erased.ToString(CultureInfo.InvariantCulture),
                ["skipped"] = skipped.ToString(CultureInfo.InvariantCulture),
                ["revealGrantsPurged"] = purged.ToString(CultureInfo.InvariantCulture),
            }, Actor: actor), cancellationToken);
        return new RetentionResult(erased, skipped, purged);
    }

    /// <summary>Re-reads one case, decides again on the fresh facts and erases it if still due.</summary>
    private async Task<bool> EraseIfDueAsync(Guid caseId, DateTime now, AuditActor? actor, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var entity = await db.Cases.Include(c => c.Person).ThenInclude(p => p.Key).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return false;
        }
        var lifecycle = await db.Set<NrmCase>().AsNoTracking().Where(n => n.CaseId == caseId)
            .Select(n => new { n.Jurisdiction, n.State, n.EnteredStateAtUtc }).FirstOrDefaultAsync(cancellationToken);
        var decision = RetentionRules.Decide(new RetentionFacts(
            entity.Person.IdentityErasedAtUtc is not null, entity.LegalHold, entity.Status, entity.UpdatedAtUtc,
            lifecycle is not null, lifecycle is not null && IsTerminal(lifecycle.Jurisdiction, lifecycle.State), lifecycle?.EnteredStateAtUtc),
            Policy.IdentityYears, now);
        if (!decision.IsDue)
        {
            return false;
        }
        if (!(await erasure.ShredAsync(entity, ErasureReason, now, cancellationToken)).Succeeded)
        {
            return false;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.CaseErase, AuditOutcomes.Success, "case", caseId.ToString(), ErasureReason,
            new Dictionary<string, string>
            {
                ["caseCode"] = entity.CaseCode,
                ["version"] = entity.Version.ToString(CultureInfo.InvariantCulture),
                ["rule"] = decision.Reason == RetentionReason.DueLifecycleClosed ? "lifecycle-closed" : "case-closed",
                ["dueAtUtc"] = decision.DueAtUtc!.Value.ToString("O", CultureInfo.InvariantCulture),
            }, actor), cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// The decision for every case not yet erased whose last change is old enough to be due by <paramref name="horizon"/>
    /// (the period cannot start before the last change, so younger cases are not read at all), ordered by due time.
    /// </summary>
    private async Task<List<(Guid CaseId, RetentionDecision Decision)>> CandidatesAsync(DateTime horizon, CancellationToken cancellationToken)
    {
        var years = Policy.IdentityYears;
        // One day of slack for 29 February; the rule itself decides exactly.
        var changedBefore = horizon.AddYears(-years).AddDays(1);
        var rows = await (
            from c in db.Cases.AsNoTracking()
            where c.Person.IdentityErasedAtUtc == null && c.UpdatedAtUtc <= changedBefore
            join n in db.Set<NrmCase>().AsNoTracking() on c.Id equals n.CaseId into lifecycles
            from n in lifecycles.DefaultIfEmpty()
            select new
            {
                c.Id,
                c.Status,
                c.UpdatedAtUtc,
                c.LegalHold,
                Jurisdiction = n == null ? null : n.Jurisdiction,
                State = n == null ? null : n.State,
                Entered = n == null ? (DateTime?)null : n.EnteredStateAtUtc,
            }).ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => (r.Id, RetentionRules.Decide(new RetentionFacts(
                false, r.LegalHold, r.Status, r.UpdatedAtUtc, r.State is not null,
                r.State is not null && IsTerminal(r.Jurisdiction, r.State), r.Entered), years, horizon)))
            .Where(r => r.Item2.DueAtUtc is not null && r.Item2.Reason != RetentionReason.NotYetDue)
            .OrderBy(r => r.Item2.DueAtUtc)];
    }

    private bool IsTerminal(string? jurisdiction, string state) =>
        jurisdictions.For(jurisdiction).Definition.States.FirstOrDefault(s => s.Id == state)?.Terminal ?? false;
}

/// <summary>What the retention policy would do now; counts only.</summary>
/// <param name="AtUtc">When the preview was computed.</param>
/// <param name="IdentityYears">The policy (0: off).</param>
/// <param name="DueLifecycleClosed">Persons due because their referral lifecycle ended long enough ago.</param>
/// <param name="DueCaseClosed">Persons due because their case (without a lifecycle) was closed long enough ago.</param>
/// <param name="HeldByLegalHold">Persons that would be due but are under a legal hold.</param>
/// <param name="DueWithinLookahead">Persons that become due within <see cref="RetentionService.Lookahead"/>.</param>
/// <param name="AlreadyErased">Persons whose identifying data is already erased (by request or retention).</param>
/// <param name="ExpiredRevealGrants">Expired reveal grants that would be purged.</param>
/// <param name="NextDueAtUtc">The earliest due time within the lookahead, or null.</param>
public sealed record RetentionPreview(
    DateTime AtUtc, int IdentityYears, int DueLifecycleClosed, int DueCaseClosed, int HeldByLegalHold, int DueWithinLookahead,
    int AlreadyErased, int ExpiredRevealGrants, DateTime? NextDueAtUtc)
{
    public int Due => DueLifecycleClosed + DueCaseClosed;
}

/// <summary>What <see cref="RetentionService.ApplyAsync"/> did.</summary>
/// <param name="Erased">Persons whose identifying data was erased by this run.</param>
/// <param name="Skipped">Candidates that were no longer due when re-read (changed, held, or erased by another run).</param>
/// <param name="RevealGrantsPurged">Expired reveal grants deleted.</param>
public sealed record RetentionResult(int Erased, int Skipped, int RevealGrantsPurged);
