using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;

namespace Ariadne.Cases;

/// <summary>
/// Reads the case list's query-string parameters (shared by the list page and <c>GET /api/v1/cases</c>).
/// Every bad value is reported with the parameter's name; unknown parameters are ignored.
/// </summary>
public static class CaseQueryParser
{
    /// <summary>
    /// The query parameters <see cref="Parse"/> reads, with their description, as the OpenAPI document lists them for
    /// <c>GET /api/v1/cases</c> (a test checks that the two agree).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Type, string Description)> Parameters =
    [
        ("search", "string", "Case code, case-insensitive, anywhere in the code."),
        ("status", "string", "Case status (code list case-status)."),
        ("traffickingStatus", "string", "Trafficking status (code list trafficking-status)."),
        ("sex", "string", "Sex (code list sex)."),
        ("ageGroup", "string", "Age group: minor, adult or unknown."),
        ("form", "string", "Form of exploitation (code list exploitation-form)."),
        ("citizenship", "string", "Citizenship, ISO 3166-1 alpha-2."),
        ("countryOfExploitation", "string", "Country of exploitation, ISO 3166-1 alpha-2."),
        ("identifiedFrom", "string", "Identified on or after this date (YYYY-MM-DD)."),
        ("identifiedTo", "string", "Identified on or before this date (YYYY-MM-DD)."),
        ("sort", "string", "Sort key: " + string.Join(", ", System.Enum.GetNames<CaseSort>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])) + " (default identificationDate)."),
        ("desc", "boolean", "Descending order (default true)."),
        ("page", "integer", $"Page number, 1 to {Paging.MaxPage:N0} (default 1)."),
        ("pageSize", "integer", $"Cases per page, 1 to {CaseQuery.MaxPageSize} (default {CaseQuery.DefaultPageSize})."),
    ];

    public static (CaseQuery Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query, CodeListRegistry codes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

        string? Code(string name, string list)
        {
            var value = Text(name);
            if (value is not null && !codes[list].Contains(value))
            {
                errors[name] = [$"'{value}' is not a code of the {list} list."];
                return null;
            }
            return value;
        }

        DateOnly? Date(string name)
        {
            var value = Text(name);
            if (value is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors[name] = [$"'{value}' is not a date in the form YYYY-MM-DD."];
            return null;
        }

        int Int(string name, int fallback, int min, int max)
        {
            var value = Text(name);
            if (value is null)
            {
                return fallback;
            }
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }
            errors[name] = [$"'{value}' is not a whole number between {min} and {max}."];
            return fallback;
        }

        TEnum? Enum<TEnum>(string name)
            where TEnum : struct, Enum
        {
            var value = Text(name);
            if (value is null)
            {
                return null;
            }
            if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, CultureInfo.InvariantCulture, out _))
            {
                return parsed;
            }
            errors[name] = [$"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}."];
            return null;
        }

        bool? Bool(string name)
        {
            var value = Text(name);
            if (value is null)
            {
                return null;
            }
            if (bool.TryParse(value, out var b))
            {
                return b;
            }
            errors[name] = [$"'{value}' is not true or false."];
            return null;
        }

        var result = new CaseQuery
        {
            Search = Text("search"),
            Status = Code("status", CodeListIds.CaseStatus),
            TraffickingStatus = Code("traffickingStatus", CodeListIds.TraffickingStatus),
            Sex = Code("sex", CodeListIds.Sex),
            AgeGroup = Enum<AgeGroup>("ageGroup"),
            Form = Code("form", CodeListIds.ExploitationForm),
            Citizenship = Code("citizenship", CodeListIds.Country),
            CountryOfExploitation = Code("countryOfExploitation", CodeListIds.Country),
            IdentifiedFrom = Date("identifiedFrom"),
            IdentifiedTo = Date("identifiedTo"),
            Sort = Enum<CaseSort>("sort") ?? CaseSort.IdentificationDate,
            Descending = Bool("desc") ?? true,
            Page = Int("page", 1, 1, Paging.MaxPage),
            PageSize = Int("pageSize", CaseQuery.DefaultPageSize, 1, CaseQuery.MaxPageSize),
        };
        if (result.IdentifiedFrom is { } from && result.IdentifiedTo is { } to && from > to)
        {
            errors["identifiedTo"] = ["The end of the date range is before its start."];
        }
        return (result, errors);
    }
}
