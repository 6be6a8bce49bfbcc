using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Account;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Localization;
using Ariadne.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Statistics;

/// <summary>
/// Statistics for coordinators and analysts: a GET form (dimensions, filters, disclosure control) and, once submitted,
/// one view — the case table (a cross-tabulation) with its bar chart and, for a country dimension, its map; or the
/// SDG 16.2.2 rates — published as exactly one logged release (one audit entry), with its method and downloads. The
/// charts and the map are drawn from that release's cells, never from another read of the data. A download delivers the
/// shown release again (<see cref="ReleaseService.RepeatAsync"/>: its logged parameters and sealed seed), so the file
/// holds exactly the figures shown and spends nothing. The noise seed is never chosen here nor shown; the threshold may
/// not go below the administrator's floor; with noise, the release's privacy loss is checked against what is left of
/// the case records' budget before it is published.
/// </summary>
[Authorize(Policy = Policies.StatisticsReader)]
public sealed class IndexModel(ReleaseService releases, PrivacyBudget budget, GlotipStatistics glotip, CodeListRegistry codes, TimeProvider time, IStringLocalizer<SharedResource> t,
    ShownReleaseCache shownTables, PersonClusters clusters) : PageModel
{
    /// <summary>The number of releases one submission of the form publishes.</summary>
    public const int ReleasesPerPage = 1;

    public const int MaxDimensions = 3;

    /// <summary>The most series a stacked bar chart shows; beyond, the chart shows the first dimension's totals (the table has every cell).</summary>
    public const int MaxStackedSeries = 12;
    private const int FirstYear = 1950;

    public static readonly IReadOnlyList<string> NoiseChoices = ["none", "laplace", "gaussian"];

    /// <summary>What a submission shows: the case table, or the SDG 16.2.2 rates.</summary>
    public static readonly IReadOnlyList<string> Views = ["table", "sdg"];

    /// <summary>Ready-made tables (their query strings), so that the usual views are one link away.</summary>
    public static readonly IReadOnlyList<(string Key, string Query)> Suggestions =
    [
        ("Stats.Suggest.Trend", "dimensions=year"),
        ("Stats.Suggest.Forms", "dimensions=year&dimensions=form"),
        ("Stats.Suggest.Flows", "dimensions=citizenship&dimensions=countryOfExploitation"),
        ("Stats.Suggest.Citizenship", "dimensions=citizenship"),
        ("Stats.Suggest.Sdg", "view=sdg&sdgBy=sex"),
    ];

    /// <summary>Localised errors per field (query parameter) name.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<GlotipCountry> GlotipCountries { get; private set; } = [];

    public IReadOnlyList<string> Dimensions { get; private set; } = [];

    /// <summary>The one release the submission published (the case table, or the SDG rates); null before a submission or after an error.</summary>
    public ShownRelease? Main { get; private set; }

    public bool Submitted => Request.Query.ContainsKey("dimensions") || Request.Query.ContainsKey("view");

    /// <summary>The view asked for (<see cref="Views"/>); "table" when none.</summary>
    public string View => Raw("view") is { Length: > 0 } view ? view : "table";

    /// <summary>The administrator's floor and budget settings.</summary>
    public StatisticsSettings Settings { get; private set; } = new();

    /// <summary>What the case records have spent of their privacy budget in this period (after this page's releases).</summary>
    public BudgetStatus? Budget { get; private set; }

    /// <summary>The threshold the form shows when none was asked for: the default 5, or the floor when that is higher.</summary>
    public int DefaultThreshold => Math.Max(ReleaseService.DefaultThreshold, Settings.MinimumThreshold);

    public string Raw(string name) => Request.Query[name].ToString();

    /// <summary>The chosen dimension at <paramref name="position"/> (0-based), or "" when none.</summary>
    public string Dimension(int position) => Request.Query["dimensions"] is var values && position < values.Count ? values[position] ?? "" : position == 0 ? "year" : "";

    /// <summary>
    /// Count each person once (the checkbox; issue 16): as asked (the form sends a hidden "false" before the checkbox's
    /// "true", so an unticked box is told from a link without the field), else on when any person is in a cluster.
    /// </summary>
    public bool Deduplicate { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var asked = Request.Query["deduplicate"];
        Deduplicate = asked.Count > 0 ? asked.Contains("true") : await clusters.AnyAsync(cancellationToken);
        GlotipCountries = await glotip.CountriesAsync(cancellationToken);
        Settings = await budget.SettingsAsync(cancellationToken);
        try
        {
            await PublishPageAsync(cancellationToken);
        }
        finally
        {
            Budget = await budget.StatusAsync(PrivacyDatasets.Cases, cancellationToken);
        }
    }

    private async Task PublishPageAsync(CancellationToken cancellationToken)
    {
        if (!Submitted)
        {
            return;
        }
        var common = ReadForm();
        if (Errors.Count > 0)
        {
            return;
        }
        // A pager link repeats a logged release, which spends nothing.
        if ((View != "table" || ShownReleaseId is null) && await CheckBudgetAsync(common, cancellationToken) is false)
        {
            return;
        }
        try
        {
            if (View == "sdg")
            {
                var sdg = Disclosure(common);
                sdg["by"] = Raw("sdgBy") is { Length: > 0 } by ? by : "sex";
                var (release, table) = await releases.PublishAsync(Sdg1622Producer.KindName, sdg, "html", cancellationToken);
                Main = new ShownRelease("sdg", t["Statistics.Sdg.Title"], release, table);
            }
            else if (ShownReleaseId is { } shown)
            {
                // Another page of the rows of a table already published: the same release delivered again (its logged
                // parameters and sealed seed, so the same figures; nothing spent), never a new one per page.
                Main = await RepeatAsync(shown, cancellationToken);
            }
            else
            {
                Main = await PublishAsync("main", t["Statistics.Table.Caption"], CaseTableProducer.KindName, common, Dimensions, cancellationToken);
                shownTables.Keep(Main.Release.Id, Main.Table);
            }
            if (Main is not null && Main.Id == "main")
            {
                var release = Main.Release.RepeatOf ?? Main.Release.Id;
                Main = Main with { RowPage = RowPage, PageLink = page => PageLink(release, page) };
            }
        }
        catch (PrivacyBudgetExhaustedException e)
        {
            // Another release spent the budget between the check and this release (several users at once).
            Errors["noise"] = BudgetMessage(e.RequestedRho, e.Status);
        }
        catch (ReleaseParameterException e)
        {
            var field = e.Parameter.StartsWith("filters.", StringComparison.Ordinal) ? e.Parameter[8..] : e.Parameter;
            Errors[field] = e.Message;
        }
    }

    /// <summary>
    /// With noise: refuses the view, before anything is published, when its release would spend more than is left (it
    /// spends its ρ afterwards, in the transaction that logs it).
    /// </summary>
    private async Task<bool> CheckBudgetAsync(JsonObject common, CancellationToken cancellationToken)
    {
        var options = CaseTableProducer.ReadDisclosure(common);
        if (options.Noise == Analytics.Disclosure.NoiseMechanism.None)
        {
            return true;
        }
        var needed = ReleasesPerPage * Analytics.Disclosure.PrivacyAccounting.Rho(options, 1);
        var status = await budget.StatusAsync(PrivacyDatasets.Cases, cancellationToken);
        if (status.SpentRho + needed <= status.BudgetRho * (1 + 1e-9))
        {
            return true;
        }
        Errors["noise"] = BudgetMessage(needed, status);
        return false;
    }

    private string BudgetMessage(double needed, BudgetStatus status) => t["Statistics.Error.Budget",
        needed.ToString("0.####", CultureInfo.CurrentCulture), status.RemainingRho.ToString("0.####", CultureInfo.CurrentCulture),
        status.BudgetRho.ToString("0.####", CultureInfo.CurrentCulture), status.PeriodEndUtc.ToString(t["Format.Date"], CultureInfo.CurrentCulture)];

    /// <summary>Publishes a logged release again in a file format; only aggregate tables, never microdata.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(Guid release, string? format, CancellationToken cancellationToken)
    {
        if (format is null || !ReleaseFormats.All.Contains(format, StringComparer.Ordinal))
        {
            return BadRequest();
        }
        var logged = await releases.FindAsync(release, cancellationToken);
        if (logged is null || !StatisticsEndpoints.TableKinds.Contains(logged.Kind, StringComparer.Ordinal))
        {
            return NotFound();
        }
        (StatisticsRelease Release, ReleaseTable Table)? repeated;
        try
        {
            repeated = await releases.RepeatAsync(release, format, cancellationToken);
        }
        catch (ReleaseParameterException)
        {
            // The data (or the floor) changed since the page was shown: the same noise over other data must not be released.
            return new ConflictObjectResult(t["Statistics.Error.DownloadStale"].Value);
        }
        if (repeated is not var (published, table))
        {
            return NotFound();
        }
        var output = new MemoryStream();
        await ReleaseFormats.WriteAsync(table, published, format, output, byteOrderMark: format == "csv", cancellationToken);
        Response.Headers["Ariadne-Release"] = published.Id.ToString();
        return File(output.ToArray(), ReleaseFormats.MediaType(format), $"ariadne-{published.Kind}-{published.Id}.{format}");
    }

    /// <summary>
    /// The GLOTIP submission: the case statistics as a logged <c>glotip-cases</c> release in UNODC's workbook layout,
    /// small counts as "&lt;threshold" (default 5; the page's threshold when it is 2 or more).
    /// </summary>
    public async Task<IActionResult> OnGetGlotipAsync(int? threshold, CancellationToken cancellationToken)
    {
        var floor = (await budget.SettingsAsync(cancellationToken)).MinimumThreshold;
        var parameters = new JsonObject { ["threshold"] = Math.Max(threshold is >= 2 ? threshold.Value : 5, floor) };
        var (published, table) = await releases.PublishAsync(GlotipCasesProducer.KindName, parameters, "xlsx", cancellationToken);
        var output = new MemoryStream();
        GlotipCasesProducer.WriteWorkbook(table, published, output);
        Response.Headers["Ariadne-Release"] = published.Id.ToString();
        return File(output.ToArray(), ReleaseFormats.MediaType("xlsx"), $"ariadne-glotip-{published.Id}.xlsx");
    }

    /// <summary>The page of the table's rows asked for (<c>page</c>, 1-based); 1 when none or not a number.</summary>
    public int RowPage => int.TryParse(Raw("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;

    /// <summary>The release whose rows a pager link shows (<c>release</c>); null for a new view.</summary>
    private Guid? ShownReleaseId => Guid.TryParse(Raw("release"), out var id) ? id : null;

    /// <summary>This view's query with <c>release</c> and <c>page</c> set: another page of the same release, without JavaScript.</summary>
    private string PageLink(Guid release, int page)
    {
        var query = Request.Query.Where(p => p.Key is not ("release" or "page"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create("release", (string?)release.ToString()))
            .Append(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture)));
        return "/Statistics" + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }

    /// <summary>
    /// Release <paramref name="id"/> (a case table) delivered again for another page of its rows; an error on the
    /// <c>release</c> field when it is not a case table or the data changed since (submit the form again).
    /// </summary>
    private async Task<ShownRelease?> RepeatAsync(Guid id, CancellationToken cancellationToken)
    {
        var logged = await releases.FindAsync(id, cancellationToken);
        if (logged is null || logged.Kind != CaseTableProducer.KindName)
        {
            Errors["release"] = t["Statistics.Error.DownloadStale"];
            return null;
        }
        try
        {
            // The rows kept when the release was shown, else the release re-run (which refuses when the data changed).
            var delivered = shownTables.Find(logged.RepeatOf ?? logged.Id) is { } kept
                ? await releases.DeliverAgainAsync(logged.RepeatOf ?? logged.Id, kept, "html", cancellationToken)
                : null;
            if ((delivered ?? await releases.RepeatAsync(id, "html", cancellationToken)) is var (release, table))
            {
                // The table's own dimensions (its columns but the count), whatever the query says.
                Dimensions = [.. table.Columns.Take(table.Columns.Count - 1)];
                return new ShownRelease("main", t["Statistics.Table.Caption"], release, table);
            }
        }
        catch (ReleaseParameterException)
        {
        }
        Errors["release"] = t["Statistics.Error.DownloadStale"];
        return null;
    }

    private async Task<ShownRelease> PublishAsync(string id, string caption, string kind, JsonObject common, IReadOnlyList<string> dimensions, CancellationToken cancellationToken)
    {
        var parameters = (JsonObject)common.DeepClone();
        parameters["dimensions"] = new JsonArray([.. dimensions.Select(d => JsonValue.Create(d))]);
        var (release, table) = await releases.PublishAsync(kind, parameters, "html", cancellationToken);
        return new ShownRelease(id, caption, release, table);
    }

    private static JsonObject Disclosure(JsonObject common)
    {
        var result = new JsonObject();
        foreach (var name in new[] { "threshold", "roundingBase", "noise", "epsilon" })
        {
            if (common[name] is { } value)
            {
                result[name] = value.DeepClone();
            }
        }
        return result;
    }

    /// <summary>Reads and checks the form; the parameters every table shares (filters and disclosure control).</summary>
    private JsonObject ReadForm()
    {
        if (!Views.Contains(View, StringComparer.Ordinal))
        {
            Errors["view"] = t["Filter.Error.Choice", View];
        }
        var chosen = Request.Query["dimensions"].Where(d => !string.IsNullOrEmpty(d)).Select(d => d!).ToList();
        if (View == "sdg" && chosen.Count == 0)
        {
            // The rates have their own breakdown (sdgBy); the table's dimensions do not apply.
        }
        else if (chosen.Count == 0 || chosen.Count > MaxDimensions || chosen.Any(d => !CaseStatistics.Dimensions.Contains(d, StringComparer.Ordinal)))
        {
            Errors["dimensions"] = t["Statistics.Error.Dimensions", MaxDimensions];
        }
        else if (chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Count)
        {
            Errors["dimensions"] = t["Statistics.Error.DimensionTwice"];
        }
        Dimensions = chosen;
        var parameters = new JsonObject();
        var filters = new JsonObject();
        var from = Whole("from", FirstYear, 2200);
        var to = Whole("to", FirstYear, 2200);
        if (from is not null && to is not null && to < from)
        {
            Errors["to"] = t["Statistics.Error.YearRange"];
        }
        if ((from is not null || to is not null) && !Errors.ContainsKey("to"))
        {
            var first = from ?? FirstYear;
            var last = to ?? time.GetUtcNow().Year;
            filters["year"] = new JsonArray([.. Enumerable.Range(first, Math.Max(0, last - first + 1)).Select(y => JsonValue.Create(y.ToString(CultureInfo.InvariantCulture)))]);
        }
        Choice("sex", codes.Sex, filters);
        Choice("form", codes.ExploitationForm, filters);
        if (filters.Count > 0)
        {
            parameters["filters"] = filters;
        }
        var threshold = Whole("threshold", 0, 1000) ?? DefaultThreshold;
        if (threshold < Settings.MinimumThreshold)
        {
            Errors["threshold"] = t["Statistics.Error.ThresholdFloor", threshold, Settings.MinimumThreshold];
        }
        parameters["threshold"] = threshold;
        if (Whole("roundingBase", 1, 1000) is { } rounding)
        {
            parameters["roundingBase"] = rounding;
        }
        var noise = Raw("noise") is { Length: > 0 } n ? n : "none";
        if (!NoiseChoices.Contains(noise, StringComparer.Ordinal))
        {
            Errors["noise"] = t["Filter.Error.Choice", noise];
        }
        parameters["noise"] = noise;
        parameters["deduplicate"] = Deduplicate;
        if (Raw("epsilon") is { Length: > 0 } epsilonText)
        {
            if (double.TryParse(epsilonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var epsilon) && epsilon is > 0 and <= 100)
            {
                parameters["epsilon"] = epsilon;
            }
            else
            {
                Errors["epsilon"] = t["Statistics.Error.Epsilon", epsilonText];
            }
        }
        // No seed: the server draws it and keeps it secret (a "seed" in the query is ignored).
        if (Raw("sdgBy") is { Length: > 0 } sdgBy && !Sdg1622Producer.Breakdowns.Contains(sdgBy, StringComparer.Ordinal))
        {
            Errors["sdgBy"] = t["Filter.Error.Choice", sdgBy];
        }
        return parameters;
    }

    private int? Whole(string name, int min, int max)
    {
        var text = Raw(name).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Errors[name] = t["Filter.Error.Number", text];
        return null;
    }

    private void Choice(string name, CodeList list, JsonObject filters)
    {
        var value = Raw(name);
        if (value.Length == 0)
        {
            return;
        }
        if (!list.Contains(value))
        {
            Errors[name] = t["Filter.Error.Choice", value];
            return;
        }
        filters[name] = new JsonArray(JsonValue.Create(value));
    }
}
