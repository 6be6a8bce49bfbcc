using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Linkage.Probabilistic;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Linkage;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Duplicates;

/// <summary>
/// Deduplication of one organisation's case registry (issue 16, item 1): a run opens the identities of the persons of
/// the organisation's cases inside this service (never logged, never stored in plaintext), scores pairs with
/// <see cref="LinkageDedupe.Run"/> on <see cref="PersonRecords.Schema"/>, and stores the candidate pairs with their
/// waterfall for review. A reviewer accepts (merge) or rejects (not the same person) a pair; decisions are labels:
/// a rejected pair is never proposed again and never clustered together (cannot-link), an accepted one is one person
/// (must-link). A merge sets <see cref="Person.ClusterKey"/> and writes a <see cref="PersonMerge"/> with every changed
/// person's previous key; an un-merge restores them exactly. Nothing is deleted or overwritten otherwise.
/// </summary>
/// <remarks>
/// Who: coordinators (and the local operator). Merging changes how the registry counts victims — a supervisory
/// decision like the consent override (<see cref="CaseViewer.CanOverrideConsent"/>), not a case worker's. A coordinator
/// sees every case pseudonymised, so the review shows the non-identifying fields and the model's evidence; the identity
/// of a side appears only when the viewer has revealed that case through <see cref="CaseReveal"/> (a supervising case
/// worker who also holds the coordinator role, for the cases of their own organisation). Every run, every pair shown,
/// every decision, merge and un-merge is audited, with counts and ids only. Persons of different organisations are
/// never merged here: that is linkage between agencies.
/// </remarks>
public sealed class DuplicateService(AppDbContext db, IdentityVault vault, IAuditLog audit, IAuditContext auditContext, TimeProvider time)
{
    public const double DefaultThreshold = 0.9;

    public const double DefaultLowerBound = 0.2;

    public const int MaxReasonLength = 500;

    /// <summary>At most this many new pairs are stored per run, strongest first, so that a poor model cannot flood the queue.</summary>
    public const int MaxPairsPerRun = 20_000;

    public const string OrganisationSubject = "organisation";

    public const string PairSubject = "duplicate-pair";

    public const string MergeSubject = "person-merge";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="viewer"/> may run deduplication, review pairs, merge and un-merge: coordinators and the local operator.</summary>
    public static bool MayDeduplicate(CaseViewer viewer) => viewer.IsLocalOperator || viewer.Roles.Contains(UserRoles.Coordinator);

    /// <summary>
    /// Checks a run before it is started (a page or endpoint does so before queuing it as a job, so that a wrong field is
    /// answered at once): the viewer may deduplicate (a denial is audited), the bounds are in range, the organisation exists.
    /// </summary>
    /// <returns>The organisation's name; Forbidden, NotFound (organisation), or Invalid naming <c>Threshold</c> or <c>LowerBound</c>.</returns>
    public async Task<Result<string>> CheckRunAsync(DuplicateRunRequest request, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.DuplicateRun, AuditOutcomes.Denied, OrganisationSubject, request.OrganisationId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (!(request.Threshold > 0 && request.Threshold < 1))
        {
            errors.Add(new(nameof(DuplicateRunRequest.Threshold), "Range", "Threshold: a match probability above 0 and below 1."));
        }
        if (!(request.LowerBound > 0 && request.LowerBound < request.Threshold))
        {
            errors.Add(new(nameof(DuplicateRunRequest.LowerBound), "Range", "Lower bound: a match probability above 0 and below the threshold."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var name = await db.Organisations.AsNoTracking().Where(o => o.Id == request.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
        return name is null ? Problem.NotFound("No such organisation.") : name;
    }

    /// <summary>
    /// Runs the deduplication of <paramref name="request"/>'s organisation: opens the persons' identities (erased ones are
    /// left out), scores every blocked pair, replaces the pending pairs of earlier runs of the organisation with the new
    /// pairs at or above the lower bound (leaving out pairs the labels settle), and, when asked, merges the certain
    /// pairs. One audit entry names the counts. The pages and the API run it as a background job
    /// (<see cref="DuplicateRunJob"/>); the command line calls it directly.
    /// </summary>
    /// <param name="request">The organisation and the bounds.</param>
    /// <param name="viewer">Who runs it; checked as <see cref="CheckRunAsync"/> does.</param>
    /// <param name="progress">Fraction done and the stage: Opening, then the matcher's (Blocking, Comparing, Sampling, Training, Scoring, Clustering), then Storing.</param>
    /// <param name="cancellationToken">Stops the run at the next progress report; nothing is stored then (the pairs are written in one transaction at the end).</param>
    /// <returns>The run; Forbidden, NotFound (organisation), or Invalid naming <c>Threshold</c> or <c>LowerBound</c>.</returns>
    /// <exception cref="KeyUnavailableException">A person's master key is not configured.</exception>
    public async Task<Result<DuplicateRunView>> RunAsync(DuplicateRunRequest request, CaseViewer viewer, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        var checkedRun = await CheckRunAsync(request, viewer, cancellationToken);
        if (!checkedRun.Succeeded)
        {
            return checkedRun.Problem!;
        }
        var organisation = new { Id = request.OrganisationId, Name = checkedRun.Value! };

        progress?.Report(new JobProgress(0, "Opening"));
        var persons = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisation.Id && c.Person.Key != null)
            .OrderBy(c => c.Id)
            .Select(c => new { CaseId = c.Id, c.Person.Id, c.Person.Sex, c.Person.Citizenships, c.Person.IdentityCiphertext, c.Person.ClusterKey, Key = c.Person.Key! })
            .ToListAsync(cancellationToken);
        var records = new List<DedupeRecord>(persons.Count);
        foreach (var (person, i) in persons.Select((p, i) => (p, i)))
        {
            using var key = vault.Open(person.Key);
            var identity = person.IdentityCiphertext is null ? new PersonIdentity() : vault.Open(person.Id, person.IdentityCiphertext, key.Bytes);
            records.Add(PersonRecords.Record(person.Id, person.Sex, person.Citizenships, identity));
            if (i % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new JobProgress(0.3 * i / Math.Max(1, persons.Count), "Opening"));
            }
        }

        var options = new DedupeOptions(Threshold: request.Threshold, PairsFloor: request.LowerBound);
        var outcome = await CancellableDedupeAsync(records, options, progress, cancellationToken);
        records.Clear();
        progress?.Report(new JobProgress(0.9, "Storing"));

        var now = time.GetUtcNow().UtcDateTime;
        var actor = auditContext.Actor;
        var run = new DuplicateRun
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisation.Id,
            StartedAtUtc = now,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            Threshold = request.Threshold,
            LowerBound = request.LowerBound,
            Persons = persons.Count,
            ComparedPairs = outcome.Result.ComparedPairs,
            PriorWeight = outcome.Result.Model.PriorWeight,
            EmIterations = outcome.Result.Training.Iterations,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Set<DuplicateRun>().Add(run);

        // Labels: decided pairs of this organisation. A rejected pair is a cannot-link, an accepted one a must-link; a
        // pair of persons already under one cluster key is one person already.
        var decided = await db.Set<DuplicatePair>().AsNoTracking()
            .Where(p => p.OrganisationId == organisation.Id && p.Status != DuplicatePairStatus.Pending)
            .Select(p => new { p.LeftPersonId, p.RightPersonId }).ToListAsync(cancellationToken);
        var settled = decided.Select(p => (p.LeftPersonId, p.RightPersonId)).ToHashSet();
        await db.Set<DuplicatePair>().Where(p => p.OrganisationId == organisation.Id && p.Status == DuplicatePairStatus.Pending).ExecuteDeleteAsync(cancellationToken);

        var result = outcome.Result;
        var fresh = new List<DuplicatePair>();
        foreach (var scored in result.Pairs.Where(p => p.Probability >= request.LowerBound).OrderByDescending(p => p.Probability))
        {
            var a = persons[scored.Left];
            var b = persons[scored.Right];
            var (left, right) = a.Id.CompareTo(b.Id) < 0 ? (a, b) : (b, a);
            if (settled.Contains((left.Id, right.Id)) || (left.ClusterKey is not null && left.ClusterKey == right.ClusterKey))
            {
                run.SettledPairs++;
                continue;
            }
            if (fresh.Count >= MaxPairsPerRun)
            {
                continue;
            }
            var certain = scored.Probability >= request.Threshold;
            fresh.Add(new DuplicatePair
            {
                Id = Guid.CreateVersion7(),
                RunId = run.Id,
                OrganisationId = organisation.Id,
                LeftPersonId = left.Id,
                RightPersonId = right.Id,
                LeftCaseId = left.CaseId,
                RightCaseId = right.CaseId,
                Probability = scored.Probability,
                MatchWeight = scored.MatchWeight,
                Certain = certain,
                Waterfall = JsonSerializer.Serialize(
                    result.Explain(scored).Select(w => new WaterfallStep(w.Comparison, w.Level, Math.Round(w.Weight + w.TermFrequencyWeight, 3))).ToList(), Json),
                Status = DuplicatePairStatus.Pending,
            });
            if (certain)
            {
                run.CertainPairs++;
            }
            else
            {
                run.UncertainPairs++;
            }
        }
        db.Set<DuplicatePair>().AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);

        var merges = new List<PersonMerge>();
        if (request.MergeCertain)
        {
            foreach (var pair in fresh.Where(p => p.Certain))
            {
                var merged = await MergePairAsync(pair, $"merge all certain pairs (run {run.Id})", automatic: true, cancellationToken);
                if (merged.Succeeded)
                {
                    merges.Add(merged.Value!);
                    run.MergedPairs++;
                }
                // Saved merge by merge: the next one reads the clusters from the database.
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new JobProgress(1, "Storing"));

        await AuditAsync(AuditActions.DuplicateRun, AuditOutcomes.Success, OrganisationSubject, organisation.Id.ToString(), null,
        [
            ("run", run.Id.ToString()),
            ("persons", Number(run.Persons)),
            ("compared", run.ComparedPairs.ToString(CultureInfo.InvariantCulture)),
            ("certain", Number(run.CertainPairs)),
            ("uncertain", Number(run.UncertainPairs)),
            ("settled", Number(run.SettledPairs)),
            ("merged", Number(run.MergedPairs)),
        ], cancellationToken);
        foreach (var merge in merges)
        {
            await AuditMergeAsync(AuditActions.PersonMerge, merge, cancellationToken);
        }
        return View(run, organisation.Name);
    }

    /// <summary>
    /// The matcher on the thread pool, stopped at its next progress report when <paramref name="cancellationToken"/> fires
    /// (the matcher itself takes no token: a report throws, and its parallel loops hand the cancellation back wrapped).
    /// </summary>
    private static async Task<DedupeOutcome> CancellableDedupeAsync(List<DedupeRecord> records, DedupeOptions options, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stagedProgress = new CancellingProgress(progress, cancellationToken);
        try
        {
            return await Task.Run(() => LinkageDedupe.Run(records, PersonRecords.Schema, options, stagedProgress), cancellationToken);
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested && e.Flatten().InnerExceptions.All(i => i is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>The matcher's fraction as 0.3–0.9 of the run, reported inline (in order), throwing once the run is cancelled.</summary>
    private sealed class CancellingProgress(IProgress<JobProgress>? progress, CancellationToken cancellationToken) : IProgress<double>
    {
        public void Report(double value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new JobProgress(0.3 + 0.6 * value, "Comparing"));
        }
    }

    /// <summary>The organisations whose registry may be deduplicated: those that hold cases, by name (empty for a viewer who may not).</summary>
    public async Task<IReadOnlyList<DuplicateOrganisation>> OrganisationsAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            return [];
        }
        return await db.Organisations.AsNoTracking().Where(o => db.Cases.Any(c => c.OrganisationId == o.Id))
            .OrderBy(o => o.Name).Select(o => new DuplicateOrganisation(o.Id, o.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>The latest runs (newest first), the model's precision on the labelled pairs and the number of pending pairs.</summary>
    public async Task<Result<DuplicateOverview>> OverviewAsync(Guid? organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            return Problem.Forbidden();
        }
        var runs = await db.Set<DuplicateRun>().AsNoTracking()
            .Where(r => organisationId == null || r.OrganisationId == organisationId)
            .OrderByDescending(r => r.StartedAtUtc).Take(10)
            .Join(db.Organisations, r => r.OrganisationId, o => o.Id, (r, o) => new { Run = r, o.Name })
            .ToListAsync(cancellationToken);
        var pairs = db.Set<DuplicatePair>().AsNoTracking().Where(p => organisationId == null || p.OrganisationId == organisationId);
        var labelled = await pairs.Where(p => p.Status != DuplicatePairStatus.Pending && !p.Automatic)
            .Select(p => new { p.Status, p.Certain }).ToListAsync(cancellationToken);
        var proposed = labelled.Count(p => p.Certain);
        var proposedAccepted = labelled.Count(p => p.Certain && p.Status == DuplicatePairStatus.Accepted);
        var quality = new DuplicateLabelQuality(
            labelled.Count(p => p.Status == DuplicatePairStatus.Accepted), labelled.Count(p => p.Status == DuplicatePairStatus.Rejected),
            proposed, proposedAccepted, proposed == 0 ? null : (double)proposedAccepted / proposed);
        var pending = await pairs.CountAsync(p => p.Status == DuplicatePairStatus.Pending, cancellationToken);
        return new DuplicateOverview([.. runs.Select(r => View(r.Run, r.Name))], quality, pending);
    }

    /// <summary>The review queue, strongest evidence first, paged; the cases named by their pseudonymous codes only.</summary>
    public async Task<Result<PagedResult<DuplicatePairSummary>>> PairsAsync(DuplicatePairQuery query, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (query.Page is < 1 or > Paging.MaxPage)
        {
            errors.Add(new(nameof(DuplicatePairQuery.Page), "Range", $"Page: a number from 1 to {Paging.MaxPage}."));
        }
        if (query.MinProbability is < 0 or > 1 || (query.MinProbability is { } m && double.IsNaN(m)))
        {
            errors.Add(new(nameof(DuplicatePairQuery.MinProbability), "Range", "Least probability: from 0 to 1."));
        }
        if (query.MaxProbability is < 0 or > 1 || (query.MaxProbability is { } x && double.IsNaN(x)))
        {
            errors.Add(new(nameof(DuplicatePairQuery.MaxProbability), "Range", "Greatest probability: from 0 to 1."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var pairs = db.Set<DuplicatePair>().AsNoTracking();
        if (query.Status is { } status)
        {
            pairs = pairs.Where(p => p.Status == status);
        }
        if (query.OrganisationId is { } organisation)
        {
            pairs = pairs.Where(p => p.OrganisationId == organisation);
        }
        if (query.MinProbability is { } min)
        {
            pairs = pairs.Where(p => p.Probability >= min);
        }
        if (query.MaxProbability is { } max)
        {
            pairs = pairs.Where(p => p.Probability <= max);
        }
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var total = await pairs.CountAsync(cancellationToken);
        var page = await pairs.OrderByDescending(p => p.Probability).ThenBy(p => p.Id)
            .Skip(Paging.Offset(query.Page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var codes = await CaseCodesAsync(page.SelectMany(p => new[] { p.LeftCaseId, p.RightCaseId }), cancellationToken);
        return new PagedResult<DuplicatePairSummary>([.. page.Select(p => Summary(p, codes))], query.Page, pageSize, total);
    }

    /// <summary>
    /// One pair for review: both sides (the identity of a side only when the viewer has revealed that case), and the
    /// waterfall. Audited: the pair, both case codes and whether an identity was shown.
    /// </summary>
    /// <exception cref="KeyUnavailableException">A revealed person's master key is not configured.</exception>
    public async Task<Result<DuplicatePairDetail>> PairAsync(Guid pairId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.DuplicatePairView, AuditOutcomes.Denied, PairSubject, pairId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var pair = await db.Set<DuplicatePair>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == pairId, cancellationToken);
        if (pair is null)
        {
            return Problem.NotFound();
        }
        var cases = await db.Cases.AsNoTracking().Include(c => c.Person).ThenInclude(p => p.Key)
            .Where(c => c.Id == pair.LeftCaseId || c.Id == pair.RightCaseId).ToListAsync(cancellationToken);
        var left = cases.SingleOrDefault(c => c.Id == pair.LeftCaseId);
        var right = cases.SingleOrDefault(c => c.Id == pair.RightCaseId);
        if (left is null || right is null)
        {
            return Problem.NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        var leftSide = await SideAsync(left, viewer, now, cancellationToken);
        var rightSide = await SideAsync(right, viewer, now, cancellationToken);
        await AuditAsync(AuditActions.DuplicatePairView, AuditOutcomes.Success, PairSubject, pair.Id.ToString(), null,
        [
            ("leftCaseCode", left.CaseCode),
            ("rightCaseCode", right.CaseCode),
            ("identityShown", (leftSide.Identity is not null || rightSide.Identity is not null) ? "true" : "false"),
        ], cancellationToken);
        var codes = new Dictionary<Guid, string> { [left.Id] = left.CaseCode, [right.Id] = right.CaseCode };
        var waterfall = JsonSerializer.Deserialize<List<WaterfallStep>>(pair.Waterfall, Json) ?? [];
        return new DuplicatePairDetail(Summary(pair, codes), leftSide, rightSide, waterfall);
    }

    /// <summary>
    /// Accepts a pending pair: the two persons are one, merged (<see cref="PersonMerge"/>). Refused when the persons
    /// belong to different organisations, when a rejected pair lies across their clusters (cannot-link) or when a
    /// cluster comes from linkage between agencies; Conflict when the pair is no longer pending.
    /// </summary>
    public async Task<Result<PersonMergeView>> AcceptAsync(Guid pairId, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.PersonMerge, AuditOutcomes.Denied, PairSubject, pairId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var reasonText = CaseSealing.Blank(reason);
        if (reasonText is { Length: > MaxReasonLength })
        {
            return Problem.Invalid("Reason", "TooLong", $"Reason: at most {MaxReasonLength} characters.", MaxReasonLength);
        }
        var pair = await db.Set<DuplicatePair>().SingleOrDefaultAsync(p => p.Id == pairId, cancellationToken);
        if (pair is null)
        {
            return Problem.NotFound();
        }
        if (pair.Status != DuplicatePairStatus.Pending)
        {
            return Problem.Conflict($"The pair is already {pair.Status.ToString().ToLowerInvariant()}.");
        }
        var merged = await MergePairAsync(pair, reasonText, automatic: false, cancellationToken);
        if (!merged.Succeeded)
        {
            await AuditAsync(AuditActions.PersonMerge, AuditOutcomes.Denied, PairSubject, pairId.ToString(), reasonText,
                [("refusal", merged.Problem!.Refusals.FirstOrDefault()?.Code ?? merged.Problem.Kind.ToString())], cancellationToken);
            return merged.Problem!;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("The pair or a person changed meanwhile; nothing was merged.");
        }
        await AuditMergeAsync(AuditActions.PersonMerge, merged.Value!, cancellationToken);
        return MergeView(merged.Value!);
    }

    /// <summary>Rejects a pending pair: not the same person; a cannot-link label for every later run and merge.</summary>
    public async Task<Result<DuplicatePairSummary>> RejectAsync(Guid pairId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.DuplicateReject, AuditOutcomes.Denied, PairSubject, pairId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var pair = await db.Set<DuplicatePair>().SingleOrDefaultAsync(p => p.Id == pairId, cancellationToken);
        if (pair is null)
        {
            return Problem.NotFound();
        }
        if (pair.Status != DuplicatePairStatus.Pending)
        {
            return Problem.Conflict($"The pair is already {pair.Status.ToString().ToLowerInvariant()}.");
        }
        Decide(pair, DuplicatePairStatus.Rejected, automatic: false);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.DuplicateReject, AuditOutcomes.Success, PairSubject, pair.Id.ToString(), null,
            [("probability", pair.Probability.ToString("F4", CultureInfo.InvariantCulture))], cancellationToken);
        var codes = await CaseCodesAsync([pair.LeftCaseId, pair.RightCaseId], cancellationToken);
        return Summary(pair, codes);
    }

    /// <summary>
    /// Undoes a merge: every member gets back the cluster key it had before, exactly; the pair it came from is pending
    /// again. Conflict when it was undone already, when a later merge touched its persons (undo that first), or when a
    /// member's key was changed since by something else.
    /// </summary>
    public async Task<Result<PersonMergeView>> UnmergeAsync(Guid mergeId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.PersonUnmerge, AuditOutcomes.Denied, MergeSubject, mergeId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var merge = await db.Set<PersonMerge>().Include(m => m.Members).SingleOrDefaultAsync(m => m.Id == mergeId, cancellationToken);
        if (merge is null)
        {
            return Problem.NotFound();
        }
        if (merge.UndoneAtUtc is not null)
        {
            return Problem.Conflict("The merge was undone already.");
        }
        var memberIds = merge.Members.Select(m => m.PersonId).ToList();
        // A later merge was made on top of this one: it names one of these persons with this merge's key as the
        // previous key (this merge set it). Undoing this one first would leave that merge's persons split.
        var overlapping = await db.Set<PersonMerge>().AsNoTracking().Include(m => m.Members)
            .Where(m => m.Id != merge.Id && m.UndoneAtUtc == null && m.Members.Any(x => memberIds.Contains(x.PersonId))).ToListAsync(cancellationToken);
        var later = overlapping.Any(m => m.Members.Any(x => memberIds.Contains(x.PersonId) && x.PreviousClusterKey == merge.ClusterKey));
        if (later)
        {
            return Problem.Conflict("A later merge includes these persons: undo that one first.");
        }
        var persons = await db.Persons.Where(p => memberIds.Contains(p.Id)).ToListAsync(cancellationToken);
        if (persons.Any(p => p.ClusterKey != merge.ClusterKey))
        {
            return Problem.Conflict("A person's cluster key changed since the merge; nothing was undone.");
        }
        foreach (var person in persons)
        {
            person.ClusterKey = merge.Members.Single(m => m.PersonId == person.Id).PreviousClusterKey;
        }
        var now = time.GetUtcNow().UtcDateTime;
        merge.UndoneAtUtc = now;
        merge.UndoneByName = auditContext.Actor.Name;
        foreach (var pair in await db.Set<DuplicatePair>().Where(p => p.MergeId == merge.Id).ToListAsync(cancellationToken))
        {
            pair.Status = DuplicatePairStatus.Pending;
            pair.MergeId = null;
            pair.DecidedAtUtc = null;
            pair.DecidedByName = null;
            pair.DecidedByUserId = null;
            pair.Automatic = false;
        }
        await db.SaveChangesAsync(cancellationToken);
        await AuditMergeAsync(AuditActions.PersonUnmerge, merge, cancellationToken);
        return MergeView(merge);
    }

    /// <summary>Undoes the latest merge that includes <paramref name="personId"/> and is not undone; NotFound when there is none.</summary>
    public async Task<Result<PersonMergeView>> UnmergePersonAsync(Guid personId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayDeduplicate(viewer))
        {
            await AuditAsync(AuditActions.PersonUnmerge, AuditOutcomes.Denied, "person", personId.ToString(), null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var mergeId = await LatestMergeAsync(personId, cancellationToken);
        return mergeId is { } id ? await UnmergeAsync(id, viewer, cancellationToken) : Problem.NotFound("The person is not part of a merge.");
    }

    /// <summary>
    /// For the case page: the other cases of the same person (same cluster key) that <paramref name="viewer"/> may see,
    /// and the merge the viewer may undo (coordinators only). Empty for a case the viewer cannot see.
    /// </summary>
    public async Task<CaseMergeState> CaseStateAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { PersonId = c.Person.Id, c.Person.ClusterKey }).SingleOrDefaultAsync(cancellationToken);
        if (found?.ClusterKey is not { } key)
        {
            return new CaseMergeState([], null);
        }
        var same = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id != caseId && c.Person.ClusterKey == key)
            .OrderBy(c => c.CaseCode).Select(c => new SamePersonCase(c.Id, c.CaseCode)).ToListAsync(cancellationToken);
        var merge = MayDeduplicate(viewer) ? await LatestMergeAsync(found.PersonId, cancellationToken) : null;
        return new CaseMergeState(same, merge);
    }

    /// <summary>Merges the persons of <paramref name="pair"/> and marks it accepted; changes tracked entities only (the caller saves).</summary>
    private async Task<Result<PersonMerge>> MergePairAsync(DuplicatePair pair, string? reason, bool automatic, CancellationToken cancellationToken)
    {
        var owners = await db.Cases.AsNoTracking().Where(c => c.Person.Id == pair.LeftPersonId || c.Person.Id == pair.RightPersonId)
            .Select(c => c.OrganisationId).Distinct().ToListAsync(cancellationToken);
        if (owners.Count != 1 || owners[0] != pair.OrganisationId)
        {
            return Problem.Refused("DifferentOrganisations", "The persons belong to different organisations: that is linkage between agencies, not a merge.");
        }
        var pairPersons = await db.Persons.Where(p => p.Id == pair.LeftPersonId || p.Id == pair.RightPersonId).ToListAsync(cancellationToken);
        var left = pairPersons.Single(p => p.Id == pair.LeftPersonId);
        var right = pairPersons.Single(p => p.Id == pair.RightPersonId);
        if (left.ClusterKey is not null && left.ClusterKey == right.ClusterKey)
        {
            return Problem.Conflict("The persons are one person already.");
        }
        if (new[] { left.ClusterKey, right.ClusterKey }.Any(k => k is not null && !k.StartsWith("p:", StringComparison.Ordinal)))
        {
            return Problem.Refused("LinkedAcrossAgencies", "A person's cluster comes from linkage between agencies; it is not changed by a merge here.");
        }
        var leftCluster = await ClusterAsync(left, pair.OrganisationId, cancellationToken);
        var rightCluster = await ClusterAsync(right, pair.OrganisationId, cancellationToken);
        var leftIds = leftCluster.Select(p => p.Id).ToList();
        var rightIds = rightCluster.Select(p => p.Id).ToList();
        var cannotLink = await db.Set<DuplicatePair>().AsNoTracking().AnyAsync(p => p.Status == DuplicatePairStatus.Rejected
            && ((leftIds.Contains(p.LeftPersonId) && rightIds.Contains(p.RightPersonId)) || (rightIds.Contains(p.LeftPersonId) && leftIds.Contains(p.RightPersonId))),
            cancellationToken);
        if (cannotLink)
        {
            return Problem.Refused("CannotLink", "A pair across the two persons' clusters was rejected as not the same person.");
        }
        var key = left.ClusterKey ?? right.ClusterKey ?? "p:" + left.Id.ToString("D");
        var actor = auditContext.Actor;
        var merge = new PersonMerge
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = pair.OrganisationId,
            PairId = pair.Id,
            ClusterKey = key,
            Reason = reason,
            AtUtc = time.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
        };
        // Every person of both clusters is a member, changed or not, so that an earlier merge of any of them cannot be
        // undone under this one (UnmergeAsync refuses while a later merge names one of its persons).
        foreach (var person in leftCluster.Concat(rightCluster))
        {
            merge.Members.Add(new PersonMergeMember { MergeId = merge.Id, PersonId = person.Id, PreviousClusterKey = person.ClusterKey });
            person.ClusterKey = key;
        }
        db.Set<PersonMerge>().Add(merge);
        Decide(pair, DuplicatePairStatus.Accepted, automatic);
        pair.MergeId = merge.Id;
        return merge;
    }

    /// <summary>The person and, when it has a cluster key, every person of the organisation under the same key (tracked).</summary>
    private async Task<List<Person>> ClusterAsync(Person person, Guid organisationId, CancellationToken cancellationToken)
    {
        if (person.ClusterKey is not { } key)
        {
            return [person];
        }
        var ids = db.Cases.Where(c => c.OrganisationId == organisationId).Select(c => c.Person.Id);
        var mates = await db.Persons.Where(p => p.ClusterKey == key && ids.Contains(p.Id)).ToListAsync(cancellationToken);
        return mates.Any(p => p.Id == person.Id) ? mates : [person, .. mates];
    }

    private void Decide(DuplicatePair pair, DuplicatePairStatus status, bool automatic)
    {
        var actor = auditContext.Actor;
        pair.Status = status;
        pair.DecidedAtUtc = time.GetUtcNow().UtcDateTime;
        pair.DecidedByUserId = actor.UserId;
        pair.DecidedByName = actor.Name;
        pair.Automatic = automatic;
    }

    private async Task<Guid?> LatestMergeAsync(Guid personId, CancellationToken cancellationToken) =>
        await db.Set<PersonMerge>().AsNoTracking().Where(m => m.UndoneAtUtc == null && m.Members.Any(x => x.PersonId == personId))
            .OrderByDescending(m => m.AtUtc).ThenByDescending(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<DuplicatePairSide> SideAsync(Case c, CaseViewer viewer, DateTime nowUtc, CancellationToken cancellationToken)
    {
        PersonIdentity? identity = null;
        if (c.Person.Key is not null && await db.IsRevealedAsync(c.Id, c.OrganisationId, viewer, nowUtc, cancellationToken))
        {
            using var key = vault.Open(c.Person.Key);
            identity = c.Person.IdentityCiphertext is null ? new PersonIdentity() : vault.Open(c.Person.Id, c.Person.IdentityCiphertext, key.Bytes);
        }
        return new DuplicatePairSide(c.Id, c.CaseCode, c.Person.Id, c.Person.Sex, c.Person.YearOfBirth, c.Person.Citizenships, c.Status, c.IdentificationDate,
            c.Person.ClusterKey is not null, c.Person.Key is null, CaseAccess.MayReveal(viewer, c.OrganisationId), identity);
    }

    private async Task<Dictionary<Guid, string>> CaseCodesAsync(IEnumerable<Guid> caseIds, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        return await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);
    }

    private static DuplicatePairSummary Summary(DuplicatePair p, IReadOnlyDictionary<Guid, string> codes) =>
        new(p.Id, p.RunId, p.OrganisationId, p.LeftPersonId, p.LeftCaseId, codes.GetValueOrDefault(p.LeftCaseId) ?? "", p.RightPersonId, p.RightCaseId,
            codes.GetValueOrDefault(p.RightCaseId) ?? "", p.Probability, p.MatchWeight, p.Certain, p.Status, p.DecidedAtUtc, p.DecidedByName, p.MergeId);

    private static DuplicateRunView View(DuplicateRun r, string organisationName) =>
        new(r.Id, r.OrganisationId, organisationName, r.StartedAtUtc, r.ActorName, r.Threshold, r.LowerBound, r.Persons, r.ComparedPairs, r.CertainPairs,
            r.UncertainPairs, r.SettledPairs, r.MergedPairs, r.PriorWeight, r.EmIterations);

    private static PersonMergeView MergeView(PersonMerge m) =>
        new(m.Id, m.OrganisationId, m.ClusterKey, m.AtUtc, m.ActorName, m.UndoneAtUtc, [.. m.Members.Select(x => new PersonMergeMemberView(x.PersonId, x.PreviousClusterKey))]);

    private Task AuditMergeAsync(string action, PersonMerge merge, CancellationToken cancellationToken) =>
        AuditAsync(action, AuditOutcomes.Success, MergeSubject, merge.Id.ToString(), merge.Reason,
        [
            ("clusterKey", merge.ClusterKey),
            ("persons", Number(merge.Members.Count)),
            ("pair", merge.PairId?.ToString() ?? ""),
        ], cancellationToken);

    private Task AuditAsync(string action, string outcome, string subjectType, string subjectId, string? reason, IEnumerable<(string Key, string Value)> details,
        CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(action, outcome, subjectType, subjectId, reason, details.ToDictionary(d => d.Key, d => d.Value)), cancellationToken);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
