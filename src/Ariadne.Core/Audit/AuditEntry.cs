namespace Ariadne.Core.Audit;

/// <summary>
/// One link of the tamper-evident audit log. Rows are only ever inserted (database triggers refuse UPDATE and DELETE);
/// <see cref="Hash"/> covers every other field and <see cref="PreviousHash"/>, so a changed, removed, added or moved
/// row breaks the chain that <see cref="AuditChain.Verify"/> checks; <see cref="Mac"/> authenticates the same content
/// under a key held outside the database, so the chain cannot be rewritten or extended consistently either.
/// </summary>
/// <remarks>
/// Never store identifying data here: no names of people in a case, no dates of birth, no free text from a case.
/// Case codes, ids, user names of staff and role names are fine.
/// </remarks>
public sealed class AuditEntry
{
    /// <summary>The position in the chain, from 1 without gaps; assigned by <see cref="AuditLog"/>, not by the database.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened, UTC, truncated to whole microseconds (the precision both databases keep).</summary>
    public DateTime AtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    public Guid? ActorOrganisationId { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What the action was about: "case", "user", "session", …; null when nothing in particular.</summary>
    public string? SubjectType { get; set; }

    public string? SubjectId { get; set; }

    /// <summary>Why, in the user's words (e.g. the reason given to reveal identities); null when none was asked for.</summary>
    public string? Reason { get; set; }

    /// <summary>The client's IP address; null for the command line.</summary>
    public string? FromAddress { get; set; }

    /// <summary>One of <see cref="AuditOutcomes"/>.</summary>
    public required string Outcome { get; set; }

    /// <summary>A small JSON object with sorted keys (case code, version, roles, …); never identifying data.</summary>
    public string? Details { get; set; }

    /// <summary>The <see cref="Hash"/> of the entry before, or <see cref="AuditHash.Genesis"/> for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 of <see cref="AuditHash.Serialise"/>, 64 lower-case hex digits.</summary>
    public required string Hash { get; set; }

    /// <summary>
    /// HMAC-SHA256 of <see cref="AuditHash.Serialise"/> (which covers <see cref="PreviousHash"/>) under the audit key,
    /// 64 lower-case hex digits (<see cref="AuditHash.ComputeMac"/>). The key derives from the master keys, which the
    /// database never holds: whoever can edit the rows can recompute <see cref="Hash"/>, but not this.
    /// </summary>
    public string Mac { get; set; } = "";

    /// <summary>A copy at another position (for checks and tests; the copy's hash is not recomputed).</summary>
    public AuditEntry WithSequence(long sequence)
    {
        var copy = (AuditEntry)MemberwiseClone();
        copy.Sequence = sequence;
        return copy;
    }
}

/// <summary>The fixed list of audited actions; the strings are stored and hashed, so never change an existing one.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string CaseCreate = "case-create";
    public const string CaseUpdate = "case-update";
    public const string CaseReveal = "case-reveal";
    public const string CaseErase = "case-erase";
    public const string LegalHoldSet = "legal-hold-set";
    public const string LegalHoldRelease = "legal-hold-release";
    public const string Export = "export";
    public const string Import = "import";
    public const string Referral = "referral";
    public const string Consent = "consent";
    public const string RoleChange = "role-change";
    public const string UserCreate = "user-create";
    public const string KeyRotation = "key-rotation";
    public const string Screening = "screening";
    public const string InstrumentInstall = "instrument-install";
    public const string StatisticsRelease = "statistics-release";

    /// <summary>The administrator changed the disclosure floor or the privacy budget.</summary>
    public const string StatisticsSettings = "statistics-settings";

    /// <summary>A printable document was produced (e.g. the non-punishment notice for prosecutors).</summary>
    public const string Print = "print";
    public const string Retention = "retention";
    public const string TokenCreate = "token-create";
    public const string TokenRevoke = "token-revoke";

    /// <summary>A personal access token was presented and refused: unknown, expired, revoked, or outside its scopes.</summary>
    public const string TokenUseDenied = "token-use-denied";

    /// <summary>A signed transnational referral package was produced for a case (the case id is the subject).</summary>
    public const string ReferralPackageExport = "referral-package-export";

    /// <summary>A transnational referral package was imported, or refused (tampered, unsigned, untrusted …).</summary>
    public const string ReferralPackageImport = "referral-package-import";

    /// <summary>An organisation's package-signing key was created or rotated.</summary>
    public const string SigningKeyCreate = "signing-key-create";

    /// <summary>A partner's public key was registered or revoked.</summary>
    public const string PartnerKeyChange = "partner-key-change";

    /// <summary>A person was looked up through the blind indexes: the kind of lookup and the number of matches, never the values.</summary>
    public const string PersonLookup = "person-lookup";

    /// <summary>A child's best-interest decision was recorded for a case.</summary>
    public const string BestInterestDecision = "best-interest-decision";

    /// <summary>A case's tasks were added, done, reopened or read (their sealed titles opened); the case id is the subject.</summary>
    public const string CaseTask = "case-task";

    /// <summary>A case was assigned to a case worker, or its assignment removed; the case id is the subject.</summary>
    public const string CaseAssign = "case-assign";

    /// <summary>An administrator changed a user: organisation, enabled or disabled, password or second factor reset (details name the change).</summary>
    public const string UserUpdate = "user-update";

    /// <summary>An administrator created or changed an organisation or the services it offers.</summary>
    public const string OrganisationChange = "organisation-change";

    /// <summary>A case's notes were added or read (their sealed texts opened); the case id is the subject.</summary>
    public const string CaseNote = "case-note";

    /// <summary>A file was attached to a case (sealed; kind and size in the details, never its name); the case id is the subject.</summary>
    public const string CaseAttachmentAdd = "case-attachment-add";

    /// <summary>An attachment's content was downloaded, or the names of a case's attachments were shown, under a reveal; the case id is the subject.</summary>
    public const string CaseAttachmentDownload = "case-attachment-download";

    /// <summary>An attachment was removed from a case; the case id is the subject.</summary>
    public const string CaseAttachmentRemove = "case-attachment-remove";

    /// <summary>A background job was started (its kind in the details); the job id is the subject.</summary>
    public const string JobStart = "job-start";

    /// <summary>A job's output file was downloaded by its starter; the job id is the subject.</summary>
    public const string JobOutputDownload = "job-output-download";

    /// <summary>A deduplication run over an organisation's persons; the organisation is the subject, the details hold the counts only.</summary>
    public const string DuplicateRun = "duplicate-run";

    /// <summary>A candidate pair was shown for review; the pair is the subject, the details name both case codes and whether an identity was shown.</summary>
    public const string DuplicatePairView = "duplicate-pair-view";

    /// <summary>A candidate pair was rejected: not the same person (a cannot-link label).</summary>
    public const string DuplicateReject = "duplicate-reject";

    /// <summary>Person records were merged under one cluster key; the merge is the subject.</summary>
    public const string PersonMerge = "person-merge";

    /// <summary>A merge was undone: every person got back its previous cluster key; the merge is the subject.</summary>
    public const string PersonUnmerge = "person-unmerge";

    /// <summary>An organisation's persons were encoded for linkage between agencies; the run id is the subject, the details hold counts only.</summary>
    public const string LinkageEncode = "linkage-encode";

    /// <summary>The linkage operator matched agencies' encodings; the details hold the numbers of files, records and clusters.</summary>
    public const string LinkageMatch = "linkage-match";

    /// <summary>An operator's cluster ids were imported and set as persons' cluster keys; the run id is the subject, the details hold counts.</summary>
    public const string LinkageImport = "linkage-import";

    /// <summary>A multiple systems estimate was made from the database's linkage clusters; the round is the subject.</summary>
    public const string LinkageEstimate = "linkage-estimate";

    /// <summary>A follow-up framework was created or the declaration 76/7 loaded; the framework is the subject.</summary>
    public const string FollowUpFramework = "followup-framework";

    /// <summary>A framework was imported from CSV (or the import refused); the details hold the code and the number of items or errors.</summary>
    public const string FollowUpImport = "followup-import";

    /// <summary>A commitment item was created or changed; the details name the changed fields.</summary>
    public const string FollowUpItem = "followup-item";

    /// <summary>Two commitment items were linked as overlapping.</summary>
    public const string FollowUpLink = "followup-link";

    /// <summary>A measure of the implementation plan was created or changed, or evidence added.</summary>
    public const string FollowUpMeasure = "followup-measure";

    /// <summary>A focal point submitted a progress report on a measure; the report is the subject.</summary>
    public const string FollowUpProgressSubmit = "followup-progress-submit";

    /// <summary>A coordinator approved or returned a progress report; the report is the subject.</summary>
    public const string FollowUpProgressDecide = "followup-progress-decide";

    /// <summary>A coordinator imported (replaced) an SDG indicator's data in the Open SDG CSV layout; the indicator is the subject.</summary>
    public const string FollowUpSdgImport = "followup-sdg-import";
    /// <summary>An indicator of the results framework was defined or changed; the indicator is the subject.</summary>
    public const string FollowUpIndicator = "followup-indicator";

    /// <summary>An indicator value was entered, computed, approved or returned; the indicator is the subject.</summary>
    public const string FollowUpIndicatorValue = "followup-indicator-value";

    /// <summary>A case worker opened a one-time survivor-feedback code (no case or person is named).</summary>
    public const string FollowUpFeedbackInvitation = "followup-feedback-invitation";

    /// <summary>
    /// A closed month's survivor-feedback answers were released into the counts (their number). A single answer is not
    /// audited when given: its instant is exactly what the design keeps from linking it back to the visit.
    /// </summary>
    public const string FollowUpFeedbackRelease = "followup-feedback-release";

    /// <summary>A financial investigator imported a bank export (or its import failed); the dataset is the subject.</summary>
    public const string FinanceImport = "finance-import";
    /// <summary>A dataset was analysed (scores and alerts stored); the dataset is the subject.</summary>
    public const string FinanceAnalyse = "finance-analyse";
    /// <summary>An alert was assigned or disposed; the alert is the subject.</summary>
    public const string FinanceAlert = "finance-alert";
    /// <summary>An alert was linked to a case; the alert is the subject, the case code a detail.</summary>
    public const string FinanceCaseLink = "finance-case-link";
    /// <summary>The sealed identifiers of account holders were opened; the alert or account is the subject.</summary>
    public const string FinancePartyReveal = "finance-party-reveal";
    /// <summary>A review report or SDG 16.2.2 from the cases was generated (its releases are named); the framework, if any, is the subject.</summary>
    public const string FollowUpReport = "followup-report";
    /// <summary>A coordinator imported a treaty status table (CSV or a saved UNTC page); the instrument is the subject.</summary>
    public const string FollowUpTreatyImport = "followup-treaty-import";
    /// <summary>The official text of a framework's items was loaded from a file a coordinator supplied; the framework is the subject.</summary>
    public const string FollowUpTextLoad = "followup-text-load";
    /// <summary>A coordinator imported a questionnaire file (a new version, or refused with its errors); the questionnaire's code is the subject.</summary>
    public const string FollowUpQuestionnaireImport = "followup-questionnaire-import";
    /// <summary>An answer to a questionnaire question was written, changed or submitted; the answer is the subject.</summary>
    public const string FollowUpQuestionnaireAnswer = "followup-questionnaire-answer";
    /// <summary>A coordinator approved or returned a submitted answer; the answer is the subject.</summary>
    public const string FollowUpQuestionnaireDecide = "followup-questionnaire-decide";
    /// <summary>An answered questionnaire of a cycle was exported (HTML, XLSX, CSV, JSON); the questionnaire's code is the subject.</summary>
    public const string FollowUpQuestionnaireExport = "followup-questionnaire-export";
    /// <summary>A coordinator assigned a questionnaire's question or section to a responsible institution, or removed that; the questionnaire's code is the subject.</summary>
    public const string FollowUpQuestionnaireAssign = "followup-questionnaire-assign";
    /// <summary>A case's asset ledger was read (how many entries, at which level), or an entry added or stepped; the case is the subject.</summary>
    public const string CaseAsset = "case-asset";
    /// <summary>The sealed disposition note of a finance alert was opened for display; the alert is the subject (never the text).</summary>
    public const string FinanceNoteRead = "finance-note-read";
    /// <summary>A financial investigator uploaded a rule list or a new version of one (or the upload was refused or failed); the list is the subject.</summary>
    public const string FinanceRuleList = "finance-rule-list";
    /// <summary>A financial investigator changed the rule parameters of the analysis (or the change was refused or failed); the new version is the subject.</summary>
    public const string FinanceRuleSettings = "finance-rule-settings";
    /// <summary>
    /// A financial dataset was deleted with everything derived from it (or the delete was refused); the dataset is the
    /// subject, its name and the counts deleted are details, the reason is the user's.
    /// </summary>
    public const string FinanceDatasetDelete = "finance-dataset-delete";

    /// <summary>
    /// The holders of an alert's accounts were opened and looked up in the case registry, for a reason; the alert is the
    /// subject, the number of holders and of matches details (never a value, never the indexes).
    /// </summary>
    public const string FinanceRegistrySearch = "finance-registry-search";

    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInFailed, SignOut, CaseCreate, CaseUpdate, CaseReveal, CaseErase, LegalHoldSet, LegalHoldRelease, Export, Import, Referral, Consent,
        RoleChange, UserCreate, KeyRotation, Screening, InstrumentInstall, StatisticsRelease, Print, Retention, TokenCreate, TokenRevoke,
        TokenUseDenied, ReferralPackageExport, ReferralPackageImport, SigningKeyCreate, PartnerKeyChange, StatisticsSettings,
        PersonLookup, BestInterestDecision, CaseTask, CaseAssign, UserUpdate, OrganisationChange, CaseNote,
        CaseAttachmentAdd, CaseAttachmentDownload, CaseAttachmentRemove, JobStart, JobOutputDownload,
        DuplicateRun, DuplicatePairView, DuplicateReject, PersonMerge, PersonUnmerge, LinkageEncode, LinkageMatch, LinkageImport, LinkageEstimate,
        FollowUpFramework, FollowUpImport, FollowUpItem, FollowUpLink, FollowUpMeasure, FollowUpProgressSubmit, FollowUpProgressDecide,
        FollowUpSdgImport, FollowUpIndicator, FollowUpIndicatorValue,
        FollowUpFeedbackInvitation, FollowUpFeedbackRelease,
        FinanceImport, FinanceAnalyse, FinanceAlert, FinanceCaseLink, FinancePartyReveal,
        FollowUpReport,
        FollowUpTreatyImport, FollowUpTextLoad,
        FollowUpQuestionnaireImport, FollowUpQuestionnaireAnswer, FollowUpQuestionnaireDecide, FollowUpQuestionnaireExport,
        CaseAsset,
        FinanceNoteRead,
        FinanceRuleList, FinanceRuleSettings,
        FollowUpQuestionnaireAssign,
        FinanceDatasetDelete,
        FinanceRegistrySearch,
    ];
}

/// <summary>How an audited action ended.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";

    /// <summary>Refused by a rule: no permission, locked account, missing consent.</summary>
    public const string Denied = "denied";

    /// <summary>Attempted and failed: wrong password, invalid input, an error.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Success, Denied, Failed];
}

/// <summary>Who did something: a signed-in user, someone who tried to sign in, or the operator of the command line.</summary>
public sealed record AuditActor(Guid? UserId, string Name, Guid? OrganisationId)
{
    public const string LocalOperatorPrefix = "local operator";

    /// <summary>The person at the machine running a CLI command, named by the operating system's user name.</summary>
    public static AuditActor LocalOperator { get; } = new(null, $"{LocalOperatorPrefix} ({Environment.UserName})", null);
}

/// <summary>What to append: <see cref="AuditLog"/> adds the time, the position in the chain and the hashes.</summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="SubjectType">What kind of thing the action was about ("case", "user", "session").</param>
/// <param name="SubjectId">Its id.</param>
/// <param name="Reason">Why, as the user gave it.</param>
/// <param name="Actor">Who; null means the current actor of the <see cref="IAuditContext"/>.</param>
/// <param name="Details">Non-identifying key/value pairs, stored as JSON with sorted keys.</param>
public sealed record AuditRecord(
    string Action,
    string Outcome,
    string? SubjectType = null,
    string? SubjectId = null,
    string? Reason = null,
    IReadOnlyDictionary<string, string>? Details = null,
    AuditActor? Actor = null);
