using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Account;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Statistics;

/// <summary>
/// <c>/api/v1/statistics</c>: coordinators and analysts read disclosure-controlled tables, each a logged release
/// (<see cref="ReleaseService.PublishAsync"/>), list the release log and check that a release reproduces exactly.
/// </summary>
public static class StatisticsEndpoints
{
    /// <summary>The kinds the API publishes: aggregate tables only (microdata releases go through <c>ariadne publish</c>).</summary>
    public static readonly IReadOnlyList<string> TableKinds =
        [CaseTableProducer.KindName, Sdg1622Producer.KindName, GlotipCountryProducer.KindName, GlotipTotalsProducer.KindName];

    /// <summary>
    /// A released table: the release id, producer, effective parameters (never the noise seed), columns, rows and method;
    /// for case-based tables the number left out because the person refused or withdrew consent to statistics (null otherwise);
    /// for case tables whether each person was counted once (<c>deduplicated</c>) and, if so, how many cases were set aside
    /// as the same person as another case, protected like a cell ("&lt;5", rounded; null with noise).
    /// </summary>
    public sealed record TableResponse(Guid Release, string Kind, JsonElement Parameters, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows, string Method,
        int? ExcludedByConsent, bool? Deduplicated = null, string? SetAside = null);

    /// <summary>
    /// One logged release: who, when, what and with which parameters, without its rows, its seed or any fingerprint (a
    /// hash of the unprotected counts could be tested against every completion of a suppressed table). <c>Private</c> is
    /// false when the noise seed was chosen by the operator (a CLI experiment: such noise can be subtracted); <c>Rho</c>
    /// is the zCDP ρ spent from the dataset's budget; <c>RepeatOf</c> the release this one delivered again (same figures,
    /// nothing spent).
    /// </summary>
    public sealed record ReleaseSummary(Guid Id, DateTime CreatedAtUtc, string Actor, string Kind, string Format, int Rows, JsonElement Parameters, string Method,
        bool Private, double Rho, Guid? RepeatOf)
    {
        public static ReleaseSummary From(StatisticsRelease r) =>
            new(r.Id, r.CreatedAtUtc, r.Actor, r.Kind, r.Format, r.Rows, JsonDocument.Parse(r.ParametersJson).RootElement, r.Method, !r.SeedChosen, r.Rho, r.RepeatOf);
    }

    /// <summary>The outcome of re-running a release; neither the rows nor fingerprints are returned.</summary>
    public sealed record ReproductionResponse(Guid Release, bool Identical, bool InputChanged);

    /// <summary>What a dataset has spent of its privacy budget in the current period (zCDP ρ).</summary>
    public sealed record BudgetResponse(string Dataset, DateTime PeriodStartUtc, DateTime PeriodEndUtc, double BudgetRho, double SpentRho, double RemainingRho)
    {
        public static BudgetResponse From(BudgetStatus s) => new(s.Dataset, s.PeriodStartUtc, s.PeriodEndUtc, s.BudgetRho, s.SpentRho, s.RemainingRho);
    }

    /// <summary>The administrator's statistics settings and the budgets' state.</summary>
    public sealed record SettingsResponse(int MinimumThreshold, double BudgetRho, int PeriodMonths, DateTime? UpdatedAtUtc, string? UpdatedBy, IReadOnlyList<BudgetResponse> Budgets);

    /// <summary>A change of the settings; an absent value is kept.</summary>
    public sealed record SettingsRequest(int? MinimumThreshold, double? BudgetRho, int? PeriodMonths);

    /// <summary>The query parameters of <c>GET /api/v1/statistics/tables</c> (read from the query, so that each invalid one is named in the problem).</summary>
    public static readonly IReadOnlyList<(string Name, string Type, string Description)> TableParameters =
    [
        ("kind", "string", "cases-table (default), sdg-16-2-2, glotip-country or glotip-year-totals."),
        ("dimensions", "string", "cases-table: comma-separated dimensions, e.g. sex,year."),
        ("deduplicate", "boolean", "cases-table: true counts each person once (the first case of each person's merge or linkage cluster), false every case; default true when any person has a cluster."),
        ("threshold", "integer", "Counts from 1 to threshold−1 are suppressed (default 5, never below the administrator's floor)."),
        ("roundingBase", "integer", "Round every shown count to a multiple of this base."),
        ("noise", "string", "none, laplace or gaussian."),
        ("epsilon", "string", "The ε of the noise (default 1)."),
        ("delta", "string", "The δ of the Gaussian noise (default 1e-6)."),
    ];

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var statistics = app.MapApiGroup("/api/v1/statistics", "Statistics", Policies.StatisticsReader, TokenScopes.Statistics, rateLimit: null);
        statistics.MapGet("/tables", Table).WithName("GetStatisticsTable")
            .AddOpenApiOperationTransformer(OpenApiQuery.Document(TableParameters))
            .WithSummary("Publishes a disclosure-controlled table as a logged release. kind: cases-table (default), sdg-16-2-2, glotip-country, glotip-year-totals; "
                + "cases-table: dimensions=sex,year, filter.DIMENSION=v1,v2, deduplicate=true|false (count each person once; default true when any person has a linkage or merge cluster), threshold (5, not below the administrator's floor), roundingBase, noise (none|laplace|gaussian), epsilon, delta. "
                + "A noisy table spends from the privacy budget: 409 when it is exhausted.");
        statistics.MapGet("/releases", List).WithName("ListStatisticsReleases")
            .WithSummary("The release log, most recent first (limit, default 50, at most 500).");
        statistics.MapGet("/releases/{id:guid}/reproduce", Reproduce).WithName("ReproduceStatisticsRelease")
            .WithSummary("Re-runs a release with its logged parameters and sealed seed and tells whether the output is identical; spends nothing.");
        statistics.MapGet("/budget", Budget).WithName("GetStatisticsBudget")
            .WithSummary("The privacy budget (zCDP ρ) of each dataset: spent and remaining in the current period.");
        var settings = app.MapApiGroupForRoles("/api/v1/statistics/settings", "Statistics", [Roles.Administrator], TokenScopes.Administration, rateLimit: null);
        settings.MapGet("", GetSettings).WithName("GetStatisticsSettings")
            .WithSummary("Administrators: the minimum suppression threshold, the privacy budget per dataset and period, and what is spent.");
        settings.MapPut("", PutSettings).WithName("PutStatisticsSettings")
            .WithSummary("Administrators: change minimumThreshold (0–100), budgetRho (0–100) or periodMonths (1, 2, 3, 4, 6, 12); absent values are kept.");
        return app;
    }

    internal static async Task<Results<Ok<TableResponse>, ValidationProblem, ProblemHttpResult>> Table(HttpContext context, ReleaseService releases, CancellationToken cancellationToken)
    {
        var kind = context.Request.Query["kind"].ToString();
        kind = kind.Length == 0 ? CaseTableProducer.KindName : kind;
        if (!TableKinds.Contains(kind, StringComparer.Ordinal))
        {
            return Invalid("kind", $"Parameter 'kind' is '{kind}'; use {string.Join(", ", TableKinds)}.");
        }
        try
        {
            var (release, table) = await releases.PublishAsync(kind, ParametersFrom(context.Request.Query), "json", cancellationToken);
            return TypedResults.Ok(new TableResponse(release.Id, release.Kind, JsonDocument.Parse(release.ParametersJson).RootElement, table.Columns, table.Rows, release.Method, table.ExcludedByConsent,
                table.Deduplicated, table.SetAside));
        }
        catch (PrivacyBudgetExhaustedException e)
        {
            return BudgetExhausted(e);
        }
        catch (ReleaseParameterException e)
        {
            return Invalid(e.Parameter, e.Message);
        }
    }

    internal static async Task<Results<Ok<IReadOnlyList<ReleaseSummary>>, ValidationProblem>> List(int? limit, ReleaseService releases, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            return Invalid("limit", "Parameter 'limit' must lie between 1 and 500.");
        }
        var list = await releases.ListAsync(limit ?? 50, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ReleaseSummary>>([.. list.Select(ReleaseSummary.From)]);
    }

    internal static async Task<Results<Ok<ReproductionResponse>, NotFound>> Reproduce(Guid id, ReleaseService releases, CancellationToken cancellationToken)
    {
        var result = await releases.ReproduceAsync(id, cancellationToken);
        return result is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ReproductionResponse(id, result.Identical, result.InputChanged));
    }

    internal static async Task<Ok<IReadOnlyList<BudgetResponse>>> Budget(PrivacyBudget budget, CancellationToken cancellationToken)
    {
        var list = new List<BudgetResponse>();
        foreach (var dataset in PrivacyDatasets.All)
        {
            list.Add(BudgetResponse.From(await budget.StatusAsync(dataset, cancellationToken)));
        }
        return TypedResults.Ok<IReadOnlyList<BudgetResponse>>(list);
    }

    internal static async Task<Ok<SettingsResponse>> GetSettings(PrivacyBudget budget, CancellationToken cancellationToken) =>
        TypedResults.Ok(await SettingsAsync(budget, await budget.SettingsAsync(cancellationToken), cancellationToken));

    internal static async Task<Results<Ok<SettingsResponse>, ValidationProblem>> PutSettings(SettingsRequest request, PrivacyBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            var settings = await budget.UpdateAsync(request.MinimumThreshold, request.BudgetRho, request.PeriodMonths, cancellationToken);
            return TypedResults.Ok(await SettingsAsync(budget, settings, cancellationToken));
        }
        catch (ReleaseParameterException e)
        {
            return Invalid(e.Parameter, e.Message);
        }
    }

    private static async Task<SettingsResponse> SettingsAsync(PrivacyBudget budget, StatisticsSettings settings, CancellationToken cancellationToken)
    {
        var budgets = new List<BudgetResponse>();
        foreach (var dataset in PrivacyDatasets.All)
        {
            budgets.Add(BudgetResponse.From(await budget.StatusAsync(dataset, cancellationToken)));
        }
        return new SettingsResponse(settings.MinimumThreshold, settings.BudgetRho, settings.PeriodMonths, settings.UpdatedAtUtc, settings.UpdatedBy, budgets);
    }

    /// <summary>409: the request is valid but the dataset's budget for the period is spent; <c>errors</c> names the noise parameter.</summary>
    internal static ProblemHttpResult BudgetExhausted(PrivacyBudgetExhaustedException e) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Parameter] = [e.Message] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The privacy budget is exhausted.",
            Detail = e.Message,
            Extensions =
            {
                ["dataset"] = e.Status.Dataset,
                ["budgetRho"] = e.Status.BudgetRho,
                ["spentRho"] = e.Status.SpentRho,
                ["requestedRho"] = e.RequestedRho,
                ["periodEndUtc"] = e.Status.PeriodEndUtc,
            },
        });

    /// <summary>
    /// Query parameters as release parameters: <c>dimensions</c> a comma-separated list, <c>filter.X</c> (or
    /// <c>filters.X</c>) a list of values kept for dimension X, numbers as numbers, everything else as text (so that a
    /// producer names a malformed number in its error).
    /// </summary>
    public static JsonObject ParametersFrom(IQueryCollection query)
    {
        var parameters = new JsonObject();
        var filters = new JsonObject();
        foreach (var (name, values) in query)
        {
            var text = values.ToString();
            if (name == "kind" || text.Length == 0)
            {
                continue;
            }
            var filter = name.StartsWith("filter.", StringComparison.Ordinal) ? name[7..] : name.StartsWith("filters.", StringComparison.Ordinal) ? name[8..] : null;
            if (filter is not null)
            {
                filters[filter] = Values(text);
            }
            else if (name == "dimensions")
            {
                parameters[name] = Values(text);
            }
            else if (Number(text) is { } number)
            {
                parameters[name] = number;
            }
            else
            {
                parameters[name] = text;
            }
        }
        if (filters.Count > 0)
        {
            parameters["filters"] = filters;
        }
        return parameters;
    }

    /// <summary>A JSON number parsed from text (so that producers read it as int, long or double alike), or null.</summary>
    private static JsonNode? Number(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonArray Values(string text) =>
        new([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => JsonValue.Create(v))]);

    private static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: $"Parameter '{parameter}' is invalid.");
}
