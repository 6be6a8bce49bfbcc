using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Analytics.Screening;

/// <summary>
/// The stored form of a <see cref="ScreeningResult"/>: camel-case JSON with enums spelled in kebab case
/// (<c>continue-assessment</c>). A screening keeps this snapshot so that its result is shown exactly as computed.
/// </summary>
public static class ScreeningSnapshot
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = false,
        // Data, not markup: pages encode it when they render it, so keep rules such as "medium + weak >= 1" legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialise(ScreeningResult result) => JsonSerializer.Serialize(result, Options);

    /// <exception cref="JsonException">Not a snapshot.</exception>
    public static ScreeningResult Deserialise(string json) =>
        JsonSerializer.Deserialize<ScreeningResult>(json, Options) ?? throw new JsonException("The snapshot is empty.");

    /// <summary>The stored spelling of a recommendation: <c>refer</c>, <c>continue-assessment</c>, <c>no-indicators-found</c>.</summary>
    public static string Spell(Recommendation recommendation) => JsonNamingPolicy.KebabCaseLower.ConvertName(recommendation.ToString());
}
