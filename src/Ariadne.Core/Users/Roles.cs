namespace Ariadne.Core.Users;

/// <summary>The roles of the product. What each may see is decided in the queries, not in the views.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Coordinator = "Coordinator";
    public const string CaseWorker = "CaseWorker";
    public const string Analyst = "Analyst";
    public const string Auditor = "Auditor";

    /// <summary>
    /// Takes the reasonable- and conclusive-grounds decisions of the national referral mechanism, for an organisation
    /// whose type the jurisdiction names as competent authority: sees the cases referred to it (pseudonymised), never
    /// an identity, and changes no case file.
    /// </summary>
    public const string CompetentAuthority = "CompetentAuthority";

    /// <summary>
    /// Works for an organisation that offers services: accepts or declines the referrals to services sent to it and
    /// records the services it delivered; sees the cases referred to it (pseudonymised), never an identity.
    /// </summary>
    public const string SupportProvider = "SupportProvider";

    /// <summary>
    /// A financial investigator (of a financial intelligence unit or a police financial-investigation unit): imports
    /// banks' transaction exports, works the alerts of the financial-flow analysis, opens the account holders' sealed
    /// identifiers and links alerts to the cases of their organisation. Statistics analysts never see party data.
    /// </summary>
    public const string FinancialInvestigator = "FinancialInvestigator";

    public static readonly IReadOnlyList<string> All = [Administrator, Coordinator, CaseWorker, Analyst, Auditor, CompetentAuthority, SupportProvider, FinancialInvestigator];

}
