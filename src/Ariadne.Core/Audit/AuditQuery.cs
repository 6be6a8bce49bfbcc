namespace Ariadne.Core.Audit;

/// <summary>A filter over the audit log; every criterion is optional and they combine with AND.</summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="Actor">A part of the actor's name (case-sensitive).</param>
/// <param name="From">First day, inclusive (UTC).</param>
/// <param name="To">Last day, inclusive (UTC).</param>
/// <param name="Subject">A subject id, or a case code or other value within the details.</param>
/// <param name="Page">From 1.</param>
/// <param name="PageSize">Entries per page, at most <see cref="MaxPageSize"/>.</param>
public sealed record AuditQuery(
    string? Action = null,
    string? Actor = null,
    string? Outcome = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Subject = null,
    int Page = 1,
    int PageSize = AuditQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}
