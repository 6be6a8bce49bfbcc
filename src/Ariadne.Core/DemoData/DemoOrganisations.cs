using Ariadne.Core.Users;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The synthetic organisations and users of a demo installation. The passwords are fixed and published in
/// <c>docs/demo-data.md</c>: never create these users in a database that holds real cases.
/// </summary>
public static class DemoOrganisations
{
    public static readonly DemoOrganisation Ngo = new("Harbour Light Counselling (demo NGO)", "ngo", OwnsCases: true);
    public static readonly DemoOrganisation Police = new("Demo City Police, Anti-Trafficking Unit", "police", OwnsCases: true);
    public static readonly DemoOrganisation LabourInspectorate = new("Demo Labour Inspectorate", "labour-inspectorate", OwnsCases: true);
    public static readonly DemoOrganisation Shelter = new("Safe Harbour Shelter (demo)", "shelter", OwnsCases: true);
    public static readonly DemoOrganisation Coordinator = new("Demo National Coordination Office", "government", OwnsCases: false);

    /// <summary>The referral mechanism's competent authority: takes the reasonable- and conclusive-grounds decisions.</summary>
    public static readonly DemoOrganisation CompetentAuthority = new("Demo Office for Victim Identification (competent authority)", "government", OwnsCases: false);

    public static readonly IReadOnlyList<DemoOrganisation> All = [Ngo, Police, LabourInspectorate, Shelter, Coordinator, CompetentAuthority];

    /// <summary>One user per role; the password is the role part of the user name followed by "-demo-pass" (a password may not contain the user name).</summary>
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("demo-administrator", "administrator-demo-pass", Roles.Administrator, Coordinator),
        new("demo-coordinator", "coordinator-demo-pass", Roles.Coordinator, Coordinator),
        new("demo-caseworker", "caseworker-demo-pass", Roles.CaseWorker, Ngo),
        new("demo-analyst", "analyst-demo-pass", Roles.Analyst, Coordinator),
        new("demo-auditor", "auditor-demo-pass", Roles.Auditor, Coordinator),
        new("demo-authority", "authority-demo-pass", Roles.CompetentAuthority, CompetentAuthority),
        new("demo-provider", "provider-demo-pass", Roles.SupportProvider, Shelter),
        new("demo-investigator", "investigator-demo-pass", Roles.FinancialInvestigator, Police),
    ];

    /// <summary>The organisation that owns a demo case, chosen from the kind of agency that identified the person.</summary>
    /// <param name="detectingOrganisationType">A code of the <c>organisation-type</c> list.</param>
    /// <param name="index">The case's position in the generated sequence; spreads the other agency types evenly.</param>
    public static DemoOrganisation OwnerOf(string detectingOrganisationType, int index) => detectingOrganisationType switch
    {
        "ngo" => Ngo,
        "police" => Police,
        "labour-inspectorate" => LabourInspectorate,
        "shelter" => Shelter,
        // Referred on by immigration, health, prosecution and others: mostly to the NGO, some to the shelter or police.
        _ => (index % 4) switch
        {
            0 or 1 => Ngo,
            2 => Shelter,
            _ => Police,
        },
    };
}

/// <param name="Name">The organisation's unique name.</param>
/// <param name="Type">A code of the <c>organisation-type</c> list.</param>
/// <param name="OwnsCases">Whether demo cases are filed under this organisation.</param>
public sealed record DemoOrganisation(string Name, string Type, bool OwnsCases);

/// <param name="UserName">The sign-in name.</param>
/// <param name="Password">The fixed, published demo password (at least 12 characters).</param>
/// <param name="Role">One of <see cref="Roles.All"/>.</param>
/// <param name="Organisation">The organisation the user belongs to.</param>
public sealed record DemoUser(string UserName, string Password, string Role, DemoOrganisation Organisation);
