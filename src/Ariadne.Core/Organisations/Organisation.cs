namespace Ariadne.Core.Organisations;

/// <summary>An agency taking part in identification and referral: NGO, police, labour inspectorate, shelter, …</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>A code of the <c>organisation-type</c> code list.</summary>
    public required string Type { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the country the organisation works in.</summary>
    public string? CountryCode { get; set; }
}
