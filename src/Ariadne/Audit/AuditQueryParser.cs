using System.Globalization;
using Ariadne.Core.Audit;

namespace Ariadne.Audit;

/// <summary>
/// Reads the audit filter from a query string (<c>action, actor, outcome, from, to, subject, page, pageSize</c>), the same
/// way for <c>/Audit</c> and <c>GET /api/v1/audit</c>. Invalid parameters are reported by name; they never widen the filter.
/// </summary>
public static class AuditQueryParser
{
    public static (AuditQuery Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string name) => string.IsNullOrWhiteSpace(query[name]) ? null : query[name].ToString().Trim();

        string? Choice(string name, IReadOnlyList<string> allowed)
        {
            var value = Text(name);
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                errors[name] = [$"'{value}' is not one of {string.Join(", ", allowed)}."];
                return null;
            }
            return value;
        }

        DateOnly? Day(string name)
        {
            var value = Text(name);
            if (value is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            errors[name] = [$"'{value}' is not a date (yyyy-MM-dd)."];
            return null;
        }

        int Number(string name, int fallback, int max)
        {
            var value = Text(name);
            if (value is null)
            {
                return fallback;
            }
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max)
            {
                return number;
            }
            errors[name] = [$"'{value}' is not a number from 1 to {max}."];
            return fallback;
        }

        var result = new AuditQuery(
            Action: Choice("action", AuditActions.All),
            Actor: Text("actor"),
            Outcome: Choice("outcome", AuditOutcomes.All),
            From: Day("from"),
            To: Day("to"),
            Subject: Text("subject"),
            Page: Number("page", 1, Core.Common.Paging.MaxPage),
            PageSize: Number("pageSize", AuditQuery.DefaultPageSize, AuditQuery.MaxPageSize));
        if (result.From is { } from && result.To is { } to && to < from)
        {
            errors["to"] = ["The end of the date range is before its start."];
        }
        return (result, errors);
    }
}
