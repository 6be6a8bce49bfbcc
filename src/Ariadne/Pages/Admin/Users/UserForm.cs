namespace Ariadne.Pages.Admin.Users;

/// <summary>The fields of the create and edit forms, as posted.</summary>
public sealed class UserForm
{
    public string? UserName { get; set; }

    public Guid? OrganisationId { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? Password { get; set; }
}
