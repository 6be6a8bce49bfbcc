namespace Ariadne.Core.Users;

/// <summary>The roles of the product. What each may see is decided in the queries, not in the views.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Coordinator = "Coordinator";
    public const string CaseWorker = "CaseWorker";
    public const string Analyst = "Analyst";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Administrator, Coordinator, CaseWorker, Analyst, Auditor];

}
