namespace Ariadne.Core.Cases;

/// <summary>The case list's filters, sort and page. Null filters do not filter.</summary>
public sealed record CaseQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>Case-code search: matches codes that start with the text, ignoring case and hyphens' absence.</summary>
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

/// <summary>One row of the case list. No identifying field: the list never shows names.</summary>
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
    string? OrganisationName);

/// <summary>The bounds every paged list (cases, audit log) accepts, and the offset arithmetic that cannot overflow.</summary>
public static class Paging
{
    /// <summary>The highest page number accepted: far beyond any real list, and (MaxPage - 1) × 500 still fits an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>
    /// The number of rows before <paramref name="page"/> (from 1), computed without overflow: a page beyond
    /// <see cref="int.MaxValue"/> rows gives <see cref="int.MaxValue"/> (an empty page), never a negative offset that
    /// would wrap round to the first page.
    /// </summary>
    public static int Offset(int page, int pageSize) =>
        (int)Math.Min((long)Math.Max(page - 1L, 0) * Math.Max(pageSize, 0), int.MaxValue);
}

/// <summary>A page of results with the total count of matching rows.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}
