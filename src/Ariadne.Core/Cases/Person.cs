namespace Ariadne.Core.Cases;

/// <summary>The person a case is about. Names, date of birth and document numbers are identifying.</summary>
public sealed class Person
{
    public Guid Id { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    /// <summary>A code of the <c>sex</c> list.</summary>
    public required string Sex { get; set; }

    /// <summary>Exact date of birth when known. Identifying.</summary>
    public DateOnly? DateOfBirth { get; set; }

    /// <summary>Year of birth when only the year is known (or derived from <see cref="DateOfBirth"/>).</summary>
    public int? YearOfBirth { get; set; }

    /// <summary>ISO 3166-1 alpha-2 codes; a person may hold several citizenships, or none known.</summary>
    public List<string> Citizenships { get; set; } = [];
}
