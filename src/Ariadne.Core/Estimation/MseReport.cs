using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Analytics.Estimation;

namespace Ariadne.Core.Estimation;

/// <summary>The selected model's figures in <see cref="MseReport"/>.</summary>
public sealed record MseSelected(string Model, double? Estimate, double? Lower, double? Upper, double? Undetected);

/// <summary>
/// The machine form of a multiple systems estimation, one shape for <c>ariadne estimate mse --json</c> and
/// <c>POST /api/v1/estimates/mse</c>: <c>{"observed", "lists", "selection", "selected": {model, estimate, lower, upper,
/// undetected} or null, "models": [...]}</c>. <c>upper</c> null means unbounded above; <c>selected</c> null means no
/// model's estimate exists (each model's <c>reason</c> says why).
/// </summary>
public sealed record MseReport(long Observed, IReadOnlyList<string> Lists, MseSelection Selection, MseSelected? Selected, IReadOnlyList<MseModelFit> Models)
{
    /// <summary>camelCase names, enums in kebab case (<c>main-effects</c>, <c>stepwise</c>, <c>bic</c>), nulls written.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static MseReport From(MseResult result) => new(result.Observed, result.Lists, result.Selection,
        result.Selected is { } s ? new MseSelected(s.Model, s.Estimate, s.Lower, s.Upper, s.Undetected) : null, result.Models);

    /// <summary>The selection rule named as the command line and the API name it: main-effects, stepwise, bic; null when unknown.</summary>
    public static MseSelection? ParseSelection(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "stepwise" => MseSelection.Stepwise,
        "main-effects" => MseSelection.MainEffects,
        "bic" => MseSelection.Bic,
        _ => null,
    };
}
