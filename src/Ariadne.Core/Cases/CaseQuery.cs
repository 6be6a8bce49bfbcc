namespace Ariadne.Core.Cases;

/// <summary>The case list's filters, sort and page. Null filters do not filter.</summary>
public sealed record CaseQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>Case-code search: matches codes that contain the text anywhere, ignoring case, hyphens and spaces (<see cref="CaseCodes.SearchKey"/>).</summary>
    public string? Search { get; init; }
    public string? Status { get; init; }
    public string? TraffickingStatus { get; init; }
    public string? Sex { get; init; }
    public AgeGroup? AgeGroup { get; init; }
    public string? Form { get; init; }
    public string? Citizenship { get; init; }
    public string? CountryOfExploitation { get; init; }
    /// <summary>Inclusive lower bound of the identification date.</summary>
    public DateOnly? IdentifiedFrom { get; init; }
    /// <summary>Inclusive upper bound of the identification date.</summary>
    public DateOnly? IdentifiedTo { get; init; }
    public CaseSort Sort { get; init; } = CaseSort.IdentificationDate;
    public bool Descending { get; init; } = true;
    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;
}

public enum CaseSort
{
    IdentificationDate,
    CaseCode,
    Status,
    UpdatedAt,
}

/// <summary>One row of the case list. No identifying field: the list never shows names of persons (<c>AssignedTo</c> is the case worker's user name).</summary>
public sealed record CaseSummary(
    Guid Id,
    string CaseCode,
    string Status,
    string TraffickingStatus,
    string Sex,
    AgeGroup AgeGroup,
    int? AgeAtIdentification,
    IReadOnlyList<string> Citizenships,
    string? CountryOfExploitation,
    IReadOnlyList<string> ExploitationForms,
    DateOnly IdentificationDate,
    string? OrganisationName,
    string? AssignedTo = null);
