using Ariadne.Core.Protection;

namespace Ariadne.Core.Duplicates;

/// <summary>What a coordinator asks of a run.</summary>
/// <param name="OrganisationId">Whose case registry: the persons of this organisation's cases.</param>
/// <param name="Threshold">Pairs at or above this match probability are proposed as matches.</param>
/// <param name="LowerBound">Pairs from this probability up to the threshold are uncertain; both go to review.</param>
/// <param name="MergeCertain">Merge every pair at or above the threshold at once (else nothing is merged without a decision).</param>
public sealed record DuplicateRunRequest(Guid OrganisationId, double Threshold = DuplicateService.DefaultThreshold,
    double LowerBound = DuplicateService.DefaultLowerBound, bool MergeCertain = false);

/// <summary>A run as the run page shows it.</summary>
public sealed record DuplicateRunView(
    Guid Id, Guid OrganisationId, string OrganisationName, DateTime StartedAtUtc, string ActorName, double Threshold, double LowerBound,
    int Persons, long ComparedPairs, int CertainPairs, int UncertainPairs, int SettledPairs, int MergedPairs, double PriorWeight, int EmIterations);

/// <summary>
/// How well the model agrees with the reviewers: of the pairs a person decided (automatic merges left out), how many
/// were accepted and rejected, how many the model proposed as matches, and the precision of those proposals (null
/// before any proposed pair was decided).
/// </summary>
public sealed record DuplicateLabelQuality(int Accepted, int Rejected, int ProposedAndDecided, int ProposedAndAccepted, double? Precision);

/// <summary>The run page: the latest runs and the quality of the model on the labelled pairs.</summary>
public sealed record DuplicateOverview(IReadOnlyList<DuplicateRunView> Runs, DuplicateLabelQuality Labels, int Pending);

/// <summary>The queue's filter: status, a probability range, an organisation; page from 1.</summary>
public sealed record DuplicatePairQuery(DuplicatePairStatus? Status = DuplicatePairStatus.Pending, double? MinProbability = null, double? MaxProbability = null,
    Guid? OrganisationId = null, int Page = 1, int PageSize = 25);

/// <summary>A pair in the queue: the two cases by their pseudonymous codes, the evidence and the decision.</summary>
public sealed record DuplicatePairSummary(
    Guid Id, Guid RunId, Guid OrganisationId, Guid LeftPersonId, Guid LeftCaseId, string LeftCaseCode, Guid RightPersonId, Guid RightCaseId, string RightCaseCode,
    double Probability, double MatchWeight, bool Certain, DuplicatePairStatus Status, DateTime? DecidedAtUtc, string? DecidedByName, Guid? MergeId);

/// <summary>
/// One side of a pair: the non-identifying fields every viewer of the case sees, and the identity only when the viewer
/// has revealed this case through the reveal mechanism (<see cref="Cases.CaseReveal"/>), else null.
/// </summary>
public sealed record DuplicatePairSide(
    Guid CaseId, string CaseCode, Guid PersonId, string Sex, int? YearOfBirth, IReadOnlyList<string> Citizenships, string Status, DateOnly IdentificationDate,
    bool Merged, bool Erased, bool MayReveal, PersonIdentity? Identity);

/// <summary>A pair for review: both sides, the waterfall (the prior first; the weights add up to the match weight).</summary>
public sealed record DuplicatePairDetail(DuplicatePairSummary Pair, DuplicatePairSide Left, DuplicatePairSide Right, IReadOnlyList<WaterfallStep> Waterfall);

/// <summary>Another case of the same person (same cluster key), visible to the viewer.</summary>
public sealed record SamePersonCase(Guid CaseId, string CaseCode);

/// <summary>The merge state of a case's person for the case page: the other visible cases of the same person, and the merge that may be undone.</summary>
public sealed record CaseMergeState(IReadOnlyList<SamePersonCase> SamePerson, Guid? UndoableMergeId);

/// <summary>A merge (or its undoing) as it is returned: the key set, the persons changed and their previous keys.</summary>
public sealed record PersonMergeView(Guid Id, Guid OrganisationId, string ClusterKey, DateTime AtUtc, string ActorName, DateTime? UndoneAtUtc,
    IReadOnlyList<PersonMergeMemberView> Members);

public sealed record PersonMergeMemberView(Guid PersonId, string? PreviousClusterKey);

/// <summary>An organisation whose registry may be deduplicated.</summary>
public sealed record DuplicateOrganisation(Guid Id, string Name);
