using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Cases;

/// <summary>
/// Who is asking for case records. Every case query is filtered through <see cref="CaseAccess.Visible"/>,
/// so the UI, the API and the CLI see the same records for the same person.
/// </summary>
/// <param name="UserId">The signed-in user, or null for the local operator of the CLI.</param>
/// <param name="OrganisationId">The user's organisation.</param>
/// <param name="Roles">The user's roles.</param>
public sealed record CaseViewer(Guid? UserId, Guid? OrganisationId, IReadOnlySet<string> Roles)
{
    /// <summary>The operator at the machine running a CLI command; sees and writes everything.</summary>
    public static CaseViewer LocalOperator { get; } = new(null, null, new HashSet<string> { UserRoles.Administrator, UserRoles.CaseWorker });

    public bool IsLocalOperator => UserId is null;

    /// <summary>Whether this viewer may create or change case records (of their own organisation, see <see cref="CaseAccess.MayEdit"/>).</summary>
    public bool CanEditCases => IsLocalOperator || Roles.Contains(UserRoles.CaseWorker);

    /// <summary>
    /// Whether this viewer may decrypt identifying fields on purpose (details, edit, identifying export). Only case
    /// workers and the local operator may; coordinators, administrators, analysts and auditors never see them.
    /// </summary>
    public bool CanRevealIdentity => IsLocalOperator || Roles.Contains(UserRoles.CaseWorker);

    /// <summary>
    /// Whether this viewer may override a missing consent with a documented reason: coordinators only (a supervising
    /// case worker is given the Coordinator role as well), and the local operator. A plain case worker may not.
    /// </summary>
    public bool CanOverrideConsent => IsLocalOperator || Roles.Contains(UserRoles.Coordinator);

    /// <summary>
    /// Whether this viewer takes the referral mechanism's decisions (for an organisation of a competent-authority type,
    /// which the mechanism checks per jurisdiction). The local operator holds every role of the mechanism anyway.
    /// </summary>
    public bool IsCompetentAuthority => Roles.Contains(UserRoles.CompetentAuthority);

    /// <summary>
    /// Whether this viewer may answer the referrals to services sent to their organisation (accept, decline, complete)
    /// and record the services delivered: case workers and support providers, and the local operator.
    /// </summary>
    public bool CanRespondToReferrals => IsLocalOperator || Roles.Contains(UserRoles.CaseWorker) || Roles.Contains(UserRoles.SupportProvider);

    /// <summary>
    /// Whether this viewer sees the cases shared with their organisation (<see cref="CaseShare"/>), pseudonymised: case
    /// workers, competent authorities and support providers.
    /// </summary>
    public bool SeesSharedCases => Roles.Contains(UserRoles.CaseWorker) || Roles.Contains(UserRoles.CompetentAuthority) || Roles.Contains(UserRoles.SupportProvider);

    /// <summary>Whether this viewer sees case records of every organisation, pseudonymised (national coordination).</summary>
    public bool SeesAllOrganisations => IsLocalOperator || Roles.Contains(UserRoles.Coordinator);
}
