namespace Ariadne.Pages.Admin.Organisations;

/// <summary>The fields of the organisation form, as posted.</summary>
public sealed class OrganisationForm
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? CountryCode { get; set; }
}
