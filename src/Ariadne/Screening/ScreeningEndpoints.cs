using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Account;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Screening;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Screening;

/// <summary>
/// <c>/api/v1/cases/{id}/screenings</c> (case workers screen a visible case; 404 otherwise) and
/// <c>/api/v1/screening</c> (the instruments; administrators install versions and run impact analyses).
/// </summary>
public static class ScreeningEndpoints
{
    public sealed record ImpactRequest(string? Candidate);

    public static IEndpointRouteBuilder MapScreeningApi(this IEndpointRouteBuilder app)
    {
        var screenings = app.MapApiGroup("/api/v1/cases/{caseId:guid}/screenings", "Screening", Policies.CaseReader, TokenScopes.Screening);
        screenings.MapGet("/", List).WithName("ListScreenings")
            .WithSummary("The case's screenings, newest first. Screenings are immutable; the ETag changes only with a new screening or with whether the notes are revealed to you (If-None-Match gives 304).");
        screenings.MapGet("/{screeningId:guid}", Get).WithName("GetScreening")
            .WithSummary("One screening as stored, with an ETag (If-None-Match gives 304); notes only while the case's identity is revealed to you.");
        screenings.MapPost("/", Create).WithName("ScreenCase").RequireAuthorization(Policies.CaseEditor)
            .WithSummary("Scores an indicator-based screening of the case and stores it with its instrument version and result.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var instruments = app.MapApiGroup("/api/v1/screening", "Screening", policy: null, TokenScopes.Screening);
        instruments.MapGet("/instruments", ListInstruments).WithName("ListScreeningInstruments")
            .RequireAuthorization(p => p.RequireRole(Roles.CaseWorker, Roles.Coordinator, Roles.Administrator));
        instruments.MapPost("/instruments", Install).WithName("InstallScreeningInstrument")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator))
            .WithSummary("Installs a national instrument version (the instrument JSON as the body); validated, then immutable.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        instruments.MapPost("/impact", Impact).WithName("ScreeningImpact")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator))
            .WithSummary("Re-scores every stored screening under a candidate version and counts the outcome changes by from → to.");

        app.MapGet("/api/v1/statistics/screenings", Statistics).WithName("ScreeningStatistics").WithTags("Statistics")
            .RequireAuthorization(Policies.StatisticsReader)
            .RequireScope(TokenScopes.Statistics)
            .AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue)
            .RequireRateLimiting(Web.RateLimits.Api)
            .WithSummary("Screenings counted by outcome, form, list (adult/child), instrument and year (?by=outcome,form), every subtotal, after disclosure control (threshold 5).");
        return app;
    }

    internal static async Task<Results<Ok<JsonArray>, NotFound, StatusCodeHttpResult>> List(
        Guid caseId, HttpContext context, ScreeningService service, CancellationToken cancellationToken)
    {
        if (await service.ListAsync(caseId, context.User.ToCaseViewer(), cancellationToken) is not { } list)
        {
            return TypedResults.NotFound();
        }
        var tag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join(",", list.Select(TagOf)))))[..32]}\"";
        return NotModified(context, tag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(new JsonArray([.. list.Select(Dto)]));
    }

    internal static async Task<Results<Ok<JsonObject>, NotFound, StatusCodeHttpResult>> Get(
        Guid caseId, Guid screeningId, HttpContext context, ScreeningService service, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(caseId, screeningId, context.User.ToCaseViewer(), cancellationToken) is not { } view)
        {
            return TypedResults.NotFound();
        }
        return NotModified(context, $"\"{TagOf(view)}\"") ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(Dto(view));
    }

    /// <summary>Screening aggregates as a logged release (threshold 5, or the administrator's higher floor; no way to lower it here).</summary>
    internal static async Task<Results<Ok<JsonObject>, ValidationProblem>> Statistics(
        string? by, ReleaseService releases, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["dimensions"] = new JsonArray([.. (by ?? "outcome").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => JsonValue.Create(d))]),
        };
        try
        {
            var (release, table) = await releases.PublishAsync(ScreeningTableProducer.KindName, parameters, "json", cancellationToken);
            return TypedResults.Ok(new JsonObject
            {
                ["release"] = release.Id,
                ["columns"] = new JsonArray([.. table.Columns.Select(c => JsonValue.Create(c))]),
                ["rows"] = new JsonArray([.. table.Rows.Select(r => new JsonArray([.. r.Select(c => JsonValue.Create(c))]))]),
                ["method"] = table.Method,
            });
        }
        catch (ReleaseParameterException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [e.Message] });
        }
    }

    /// <summary>
    /// A screening never changes (immutable, append-only history); what a viewer receives changes only with whether its
    /// notes are open to them, so the tag is the id and that state.
    /// </summary>
    private static string TagOf(ScreeningView view) =>
        $"{view.Id:N}-{(view.NotesSealed ? "s" : view.Request.Answers.Values.Any(a => a.Note is not null) ? "o" : "n")}";

    private static bool NotModified(HttpContext context, string tag)
    {
        context.Response.Headers.ETag = tag;
        return context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() is var x && (x == "*" || x == tag || x == "W/" + tag)));
    }

    internal static async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> Create(
        Guid caseId, JsonElement body, HttpContext context, ScreeningService service, CancellationToken cancellationToken)
    {
        ScreeningInput input;
        try
        {
            input = ReadInput(body);
        }
        catch (ScreeningInputException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Reason] }, title: "The screening has invalid fields.");
        }
        var result = await service.CreateAsync(caseId, input, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/cases/{caseId}/screenings/{result.Value!.Id}", Dto(result.Value))
            : ApiProblems.From(result.Problem!, invalidTitle: "The screening has invalid fields.");
    }

    internal static async Task<Ok<IReadOnlyList<InstrumentSummary>>> ListInstruments(InstrumentCatalogue catalogue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalogue.ListAsync(cancellationToken));

    internal static async Task<Results<Created<InstrumentSummary>, ProblemHttpResult>> Install(
        HttpContext context, InstrumentCatalogue catalogue, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        var result = await catalogue.InstallAsync(json, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/screening/instruments/{result.Value!.Key}", result.Value)
            : ApiProblems.From(result.Problem!, invalidTitle: "The instrument is invalid.");
    }

    internal static async Task<Results<Ok<ImpactReport>, ValidationProblem>> Impact(
        ImpactRequest request, ScreeningService service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Candidate) || await service.ImpactAsync(request.Candidate.Trim(), cancellationToken) is not { } report)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["candidate"] = [$"No instrument '{request.Candidate}'."] });
        }
        return TypedResults.Ok(report);
    }

    /// <summary>
    /// The request body: <c>{ "instrument"?, "form"?, "ageAtStart"?, "ageUncertain"?, "reasonsToBelieveChild"?, "answers": { "DR01": "yes", … } }</c>;
    /// missing age facts and form come from the case.
    /// </summary>
    private static ScreeningInput ReadInput(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ScreeningInputException("$", "The body must be a JSON object.");
        }
        string? String(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool? Bool(string name) => body.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new ScreeningInputException(name, $"'{v.GetRawText()}' is not true or false."),
        } : null;
        int? age = null;
        if (body.TryGetProperty("ageAtStart", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            age = a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var years) && years is >= 0 and <= 130
                ? years
                : throw new ScreeningInputException("ageAtStart", $"'{a.GetRawText()}' is not an age in whole years.");
        }
        var answers = body.TryGetProperty("answers", out var answersElement) ? ScreeningRequestJson.ParseAnswers(answersElement) : [];
        return new ScreeningInput(String("instrument"), String("form"), age, Bool("ageUncertain"), Bool("reasonsToBelieveChild") ?? false, answers);
    }

    /// <summary>A stored screening as JSON: its stored request and result snapshot verbatim.</summary>
    internal static JsonObject Dto(ScreeningView view) => new()
    {
        ["id"] = view.Id,
        ["caseId"] = view.CaseId,
        ["instrument"] = view.Instrument,
        ["list"] = view.List,
        ["outcome"] = view.Outcome,
        ["unverified"] = view.Unverified,
        ["screenedAtUtc"] = view.ScreenedAtUtc,
        ["notesSealed"] = view.NotesSealed,
        ["request"] = JsonNode.Parse(ScreeningRequestJson.Write(view.Request)),
        ["result"] = JsonNode.Parse(ScreeningSnapshot.Serialise(view.Result)),
    };
}
