namespace Ariadne.Core.Tokens;

/// <summary>
/// The closed set of scopes a personal access token can carry. A scope names an area of the <c>/api/v1</c> surface; the
/// user's roles still decide what is allowed inside it, so a token grants the intersection of its scopes and the user's
/// current roles. An endpoint that declares no scope is not reachable with a token at all.
/// </summary>
public static class TokenScopes
{
    /// <summary>List and read cases and their consents (identifying fields stay hidden).</summary>
    public const string CasesRead = "cases:read";

    /// <summary>Create and change cases; record and withdraw consent.</summary>
    public const string CasesWrite = "cases:write";

    /// <summary>Reveal a case's identifying fields (audited) and look people up by name or document.</summary>
    public const string CasesReveal = "cases:reveal";

    /// <summary>Screenings of a case and the screening instruments.</summary>
    public const string Screening = "screening";

    /// <summary>The national referral mechanism: lifecycle, transitions, service referrals, dashboard.</summary>
    public const string Referral = "referral";

    /// <summary>Read and verify the audit log.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>Aggregate statistics and the release log (disclosure-controlled; no case record).</summary>
    public const string Statistics = "statistics";

    /// <summary>Administration read-outs such as the retention policy.</summary>
    public const string Administration = "administration";

    /// <summary>Your own background jobs: their progress, their output files, cancelling them.</summary>
    public const string Jobs = "jobs";

    /// <summary>The follow-up of commitments: frameworks, items, measures, progress reports, the dashboard.</summary>
    public const string FollowUp = "followup";

    /// <summary>Financial-flow analysis: datasets, alerts, the investigator workflow, the precision report (financial investigators).</summary>
    public const string Finance = "finance";

    public static readonly IReadOnlyList<string> All = [CasesRead, CasesWrite, CasesReveal, Screening, Referral, AuditRead, Statistics, Administration, Jobs, FollowUp, Finance];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
