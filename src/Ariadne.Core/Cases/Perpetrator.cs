namespace Ariadne.Core.Cases;

/// <summary>A minimal, non-identifying record of a perpetrator involved in a case.</summary>
public sealed class Perpetrator
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>A code of the <c>perpetrator-role</c> list (HTCDS per_RoleInProcess).</summary>
    public required string Role { get; set; }

    /// <summary>A code of the <c>sex</c> list, or null when unknown.</summary>
    public string? Sex { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code, or null when unknown.</summary>
    public string? Citizenship { get; set; }
}
