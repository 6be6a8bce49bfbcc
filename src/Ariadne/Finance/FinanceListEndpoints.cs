using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Finance;
using Ariadne.Core.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Finance;

/// <summary>
/// <c>/api/v1/finance/lists</c> and <c>/api/v1/finance/settings</c>: the rule lists (R14, R15, R17, R19; upload, show,
/// retire) and rule parameters (in force, history, one version with its changes, use a version again) stored in the
/// product, which the analysis uses. The same <see cref="FinanceService"/> as the
/// /Finance/Lists and /Finance/Settings pages and <c>ariadne finance lists|settings</c>; financial investigators only,
/// token scope <c>finance</c>.
/// </summary>
public static class FinanceListEndpoints
{
    public sealed record ListUploadForm(string Name, string Kind, string Source, string? LegalBasis, IFormFile File);

    public sealed record SettingsInput(string? Json);

    public sealed record RetireInput(string? Reason);

    public static IEndpointRouteBuilder MapFinanceListApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/finance", "Finance", Policies.FinanceInvestigator, TokenScopes.Finance);
        group.MapGet("/lists", Lists).WithName("ListFinanceRuleLists").WithSummary("The stored rule lists with their current versions: name, kind, version, source, legal basis, entries, who uploaded which file when.");
        group.MapPost("/lists", Upload).WithName("UploadFinanceRuleList")
            .WithSummary("Stores a rule list (multipart: name, kind processors|tagged-addresses|licensed-agencies|ad-identifiers, source, legalBasis (required for ad-identifiers), file). "
                + "An existing name gets a new version. All or nothing: each bad line is named by file and line. Ad identifiers are kept only as blind indexes.")
            .Accepts<ListUploadForm>("multipart/form-data")
            .Produces<RuleListView>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/lists/{id:guid}", List).WithName("GetFinanceRuleList")
            .WithSummary("One list with its version history (newest first) and its current entries (at most 500; none for ad identifiers).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/lists/{id:guid}/retire", Retire).WithName("RetireFinanceRuleList")
            .WithSummary("Retires a list ({reason}, required): the analysis stops using it; it stays with its versions as history. An ad-identifier list's blind indexes (all versions) are deleted. Uploading a new version activates it again.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/settings/versions", SettingsVersions).WithName("ListFinanceRuleSettingsVersions")
            .WithSummary("The history of the rule settings, newest first: version, changedAtUtc, changedByName.");
        group.MapGet("/settings/versions/{version:int}", SettingsVersion).WithName("GetFinanceRuleSettingsVersion")
            .WithSummary("One version of the rule settings: its json and the fields changed from the version before (field, before, after; null = not set, the default).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/settings/versions/{version:int}/restore", RestoreSettings).WithName("RestoreFinanceRuleSettingsVersion")
            .WithSummary("Uses an older version again: its json is set as a new version (audited like a change).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/settings", Settings).WithName("GetFinanceRuleSettings")
            .WithSummary("The rule parameters in force: json (the --rules file's JSON; {} = the defaults), version, changedAtUtc, changedByName.");
        group.MapPut("/settings", SetSettings).WithName("SetFinanceRuleSettings")
            .WithSummary("Replaces the rule parameters ({json: \"…\"}); a new version. Refused naming the field (JSON path): unknown fields, list files, weights outside [0, 1].")
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<RuleListView>>, ProblemHttpResult>> Lists(HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RuleListsAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Created<RuleListView>, ProblemHttpResult>> Upload(HttpContext context, FinanceService finance, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
        var result = await UploadAsync(context, finance, form?["name"], form?["kind"], form?["source"], form?["legalBasis"], form?.Files.GetFile("file"), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/finance/lists/{result.Value!.Id}", result.Value)
            : ApiProblems.From(result.Problem!, invalidTitle: "The list cannot be stored.");
    }

    /// <summary>The upload as the page and the API make it: the file read in the request (nothing written to disk).</summary>
    internal static async Task<Result<RuleListView>> UploadAsync(HttpContext context, FinanceService finance, string? name, string? kind, string? source, string? legalBasis,
        IFormFile? file, CancellationToken ct)
    {
        await using var content = file is { Length: > 0 } ? file.OpenReadStream() : null;
        return await finance.ImportRuleListAsync(new RuleListUpload(name, kind, source, legalBasis, file?.FileName, content), context.User.ToCaseViewer(), ct);
    }

    internal static async Task<Results<Ok<RuleListDetail>, ProblemHttpResult>> List(Guid id, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RuleListAsync(id.ToString(), context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<RuleSettingsView>, ProblemHttpResult>> Settings(HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RuleSettingsAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<RuleSettingsView>, ProblemHttpResult>> SetSettings(SettingsInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.SetRuleSettingsAsync(input.Json, context.User.ToCaseViewer(), ct), "The rule settings are not valid.");

    internal static async Task<Results<Ok<RuleListView>, ProblemHttpResult>> Retire(Guid id, RetireInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RetireRuleListAsync(id.ToString(), input.Reason, context.User.ToCaseViewer(), ct), "The list cannot be retired.");

    internal static async Task<Results<Ok<IReadOnlyList<RuleSettingsVersionView>>, ProblemHttpResult>> SettingsVersions(HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RuleSettingsVersionsAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<RuleSettingsVersionDetail>, ProblemHttpResult>> SettingsVersion(int version, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RuleSettingsVersionAsync(version, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<RuleSettingsView>, ProblemHttpResult>> RestoreSettings(int version, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RestoreRuleSettingsAsync(version, context.User.ToCaseViewer(), ct), "The rule settings are not valid.");

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Result<T> result, string? invalidTitle = null) => FinanceEndpoints.Answer(result, invalidTitle);
}
