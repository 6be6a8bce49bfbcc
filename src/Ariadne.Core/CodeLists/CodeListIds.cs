namespace Ariadne.Core.CodeLists;

/// <summary>The identifiers of the code lists the case record uses. Each has a JSON file under <c>CodeLists/Data</c>.</summary>
public static class CodeListIds
{
    public const string Sex = "sex";
    public const string Country = "country";
    public const string ExploitationForm = "exploitation-form";
    public const string MeansOfControl = "means-of-control";
    public const string LabourType = "labour-type";
    public const string RecruitmentMethod = "recruitment-method";
    public const string RecruiterRelationship = "recruiter-relationship";
    public const string TraffickingStatus = "trafficking-status";
    public const string DecidingOrganisation = "deciding-organisation";
    public const string OrganisationType = "organisation-type";
    public const string CaseStatus = "case-status";
    public const string PerpetratorRole = "perpetrator-role";
    public const string AssistanceService = "assistance-service";

    public static readonly IReadOnlyList<string> All =
    [
        Sex, Country, ExploitationForm, MeansOfControl, LabourType, RecruitmentMethod, RecruiterRelationship,
        TraffickingStatus, DecidingOrganisation, OrganisationType, CaseStatus, PerpetratorRole, AssistanceService,
    ];
}
