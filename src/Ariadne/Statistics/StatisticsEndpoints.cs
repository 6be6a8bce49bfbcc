using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Account;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
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
    /// A released table: the release id, producer, effective parameters, columns, rows and method; for case-based
    /// tables the number left out because the person refused or withdrew consent to statistics (null otherwise).
    /// </summary>
    public sealed record TableResponse(Guid Release, string Kind, JsonElement Parameters, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows, string Method, string OutputSha256,
        int? ExcludedByConsent);

    /// <summary>One logged release (without its rows).</summary>
    public sealed record ReleaseSummary(Guid Id, DateTime CreatedAtUtc, string Actor, string Kind, string Format, int Rows, JsonElement Parameters, string InputSha256, string OutputSha256, string Method)
    {
        public static ReleaseSummary From(StatisticsRelease r) =>
            new(r.Id, r.CreatedAtUtc, r.Actor, r.Kind, r.Format, r.Rows, JsonDocument.Parse(r.ParametersJson).RootElement, r.InputSha256, r.OutputSha256, r.Method);
    }

    /// <summary>The outcome of re-running a release; the rows are not returned (they would leave the system unlogged).</summary>
    public sealed record ReproductionResponse(Guid Release, bool Identical, bool InputChanged, string LoggedOutputSha256, string ReproducedOutputSha256);

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var statistics = app.MapGroup("/api/v1/statistics")
            .WithTags("Statistics")
            .RequireAuthorization(Policies.StatisticsReader)
            .RequireScope(TokenScopes.Statistics)
            .AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue)
            .DisableAntiforgery();
        statistics.MapGet("/tables", Table).WithName("GetStatisticsTable")
            .WithSummary("Publishes a disclosure-controlled table as a logged release. kind: cases-table (default), sdg-16-2-2, glotip-country, glotip-year-totals; "
                + "cases-table: dimensions=sex,year, filter.DIMENSION=v1,v2, threshold (5), roundingBase, noise (none|laplace|gaussian), epsilon, delta, seed.");
        statistics.MapGet("/releases", List).WithName("ListStatisticsReleases")
            .WithSummary("The release log, most recent first (limit, default 50, at most 500).");
        statistics.MapGet("/releases/{id:guid}/reproduce", Reproduce).WithName("ReproduceStatisticsRelease")
            .WithSummary("Re-runs a release with its logged parameters and compares the output fingerprint.");
        return app;
    }

    internal static async Task<Results<Ok<TableResponse>, ValidationProblem>> Table(HttpContext context, ReleaseService releases, CancellationToken cancellationToken)
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
            return TypedResults.Ok(new TableResponse(release.Id, release.Kind, JsonDocument.Parse(release.ParametersJson).RootElement, table.Columns, table.Rows, table.Method, release.OutputSha256, table.ExcludedByConsent));
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
            : TypedResults.Ok(new ReproductionResponse(id, result.Identical, result.InputChanged, result.Release.OutputSha256, result.Table.Fingerprint()));
    }

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
