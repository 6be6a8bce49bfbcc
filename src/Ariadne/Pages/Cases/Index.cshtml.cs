using System.Globalization;
using Ariadne.Account;
using Ariadne.Cases;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// The case list: a GET filter form whose parameters are read by <see cref="CaseQueryParser"/>, exactly like
/// <c>GET /api/v1/cases</c>, so a list URL and an API URL filter the same way.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class IndexModel(CaseService cases, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The filter parameters carried by sort and pager links (page and sort are set per link).</summary>
    private static readonly string[] FilterParameters =
    [
        "search", "status", "traffickingStatus", "sex", "ageGroup", "form", "citizenship", "countryOfExploitation",
        "identifiedFrom", "identifiedTo", "pageSize",
    ];

    public static readonly IReadOnlyList<int> PageSizes = [10, 25, 50, 100, CaseQuery.MaxPageSize];

    public CaseQuery Query { get; private set; } = new();

    public PagedResult<CaseSummary>? Result { get; private set; }

    /// <summary>Localised errors per query parameter name.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public CaseLabels Labels { get; } = new(codes, t);

    public bool IsFiltered => FilterParameters.Where(p => p != "pageSize").Any(p => !string.IsNullOrWhiteSpace(Request.Query[p]));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (query, errors) = CaseQueryParser.Parse(Request.Query, codes);
        Query = query;
        foreach (var name in errors.Keys)
        {
            Errors[name] = Message(name);
        }
        if (Errors.Count == 0)
        {
            Result = await cases.ListAsync(query, User.ToCaseViewer(), cancellationToken);
        }
    }

    /// <summary>The parameter as the user sent it, so that a wrong value stays visible in its control.</summary>
    public string Raw(string name) => Request.Query[name].ToString();

    public string SortName(CaseSort sort) => sort switch
    {
        CaseSort.IdentificationDate => "identificationDate",
        CaseSort.CaseCode => "caseCode",
        CaseSort.Status => "status",
        CaseSort.UpdatedAt => "updatedAt",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    };

    /// <summary>Sorting by another column starts ascending (dates newest first); the current column flips.</summary>
    public string SortLink(CaseSort sort)
    {
        var descending = Query.Sort == sort ? !Query.Descending : sort is CaseSort.IdentificationDate or CaseSort.UpdatedAt;
        return Link(SortName(sort), descending, page: 1);
    }

    public string PageLink(int page) => Link(SortName(Query.Sort), Query.Descending, page);

    public string? AriaSort(CaseSort sort) =>
        Query.Sort != sort ? null : Query.Descending ? "descending" : "ascending";

    private string Link(string sort, bool descending, int page)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in FilterParameters)
        {
            if (!string.IsNullOrWhiteSpace(Request.Query[name]))
            {
                parameters[name] = Request.Query[name].ToString();
            }
        }
        parameters["sort"] = sort;
        parameters["desc"] = descending ? "true" : "false";
        if (page > 1)
        {
            parameters["page"] = page.ToString(CultureInfo.InvariantCulture);
        }
        return QueryHelpers.AddQueryString("/Cases", parameters);
    }

    private string Message(string parameter) => parameter switch
    {
        "identifiedFrom" or "identifiedTo" when Raw(parameter) is { Length: > 0 } raw && !DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            => t["Filter.Error.Date", Raw(parameter)],
        "identifiedTo" => t["Filter.Error.Range"],
        "page" or "pageSize" => t["Filter.Error.Number", Raw(parameter)],
        _ => t["Filter.Error.Choice", Raw(parameter)],
    };
}
