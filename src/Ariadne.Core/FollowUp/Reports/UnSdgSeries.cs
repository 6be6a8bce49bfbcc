using System.Globalization;
using System.Text.Json;

namespace Ariadne.Core.FollowUp.Reports;

/// <summary>
/// SDG indicator 16.2.2 computed from the cases, written the two ways national and UN reporting reads it: UN SDG
/// API-shaped JSON (the fields of <c>Series/Data</c> records, series <c>VC_HTF_DETV</c> for the number of detected
/// victims and <c>VC_HTF_DETVR</c> per 100,000 population, dimensions Sex and Age with the API's codes) and the Open SDG
/// CSV (<see cref="OpenSdgCsv"/>'s writer). A suppressed cell keeps its mark ("&lt;5", "x") — in the JSON as the value
/// with value type "Suppressed", in the CSV as an empty value with the mark as the observation status — never a small
/// number; a rate that is not available (no population or country) is left out.
/// </summary>
public static class UnSdgSeries
{
    public sealed record Series(string Code, string Description, string Units, string OpenSdgUnits);

    public static readonly Series Number = new("VC_HTF_DETV", "Detected victims of human trafficking (number)", "NUMBER", "Number");

    public static readonly Series Rate = new("VC_HTF_DETVR", "Detected victims of human trafficking (per 100,000 population)", "PER_100000_POP", "Per 100,000 population");

    public const string Suppressed = "Suppressed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A release cell's dimensions as the SDG API's Sex and Age codes (a missing dimension is the total); null for a label the API has no code for (e.g. sex unknown).</summary>
    public static IReadOnlyDictionary<string, string>? Dimensions(IReadOnlyDictionary<string, string> cell)
    {
        string? sex = cell.TryGetValue("sex", out var s) ? s switch { "female" => "FEMALE", "male" => "MALE", _ => null } : "BOTHSEX";
        string? age = cell.TryGetValue("ageGroup", out var a) ? a switch { "0 to 17 years" => "<18Y", "18 years or over" => "18Y+", _ => null } : "ALLAGE";
        return sex is null || age is null ? null : new Dictionary<string, string> { ["Sex"] = sex, ["Age"] = age };
    }

    public static SdgApiObservation Observation(Series series, int year, string value, IReadOnlyDictionary<string, string> dimensions, string geoAreaCode,
        string geoAreaName, Guid releaseId)
    {
        var number = decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
        return new SdgApiObservation(["16"], ["16.2"], ["16.2.2"], series.Code, series.Description, geoAreaCode, geoAreaName, year, value,
            number ? "Float" : Suppressed, series.Units, dimensions, new Dictionary<string, string> { ["Nature"] = "C", ["Units"] = series.Units }, releaseId);
    }

    /// <summary>The observations as the SDG API's page of results (<c>totalElements</c>, <c>totalPages</c>, <c>data</c>), camel case.</summary>
    public static async Task WriteJsonAsync(IReadOnlyList<SdgApiObservation> observations, Stream output, CancellationToken cancellationToken) =>
        await JsonSerializer.SerializeAsync(output, new { totalElements = observations.Count, totalPages = 1, pageNumber = 1, pageSize = observations.Count, data = observations },
            Json, cancellationToken);

    /// <summary>The columns of the Open SDG CSV written from the cases.</summary>
    public static readonly IReadOnlyList<string> OpenSdgColumns = [OpenSdgCsv.YearColumn, "Series", "Units", "Sex", "Age", "Observation status", OpenSdgCsv.ValueColumn];

    /// <summary>The observations as an Open SDG table (CRLF, no byte-order mark; an empty Sex or Age is the total, as on Open SDG platforms).</summary>
    public static OpenSdgCsv.Table OpenSdgTable(IReadOnlyList<SdgApiObservation> observations) => new(OpenSdgColumns, "\r\n", false,
        [.. observations.Select(o => new[]
        {
            o.TimePeriodStart.ToString(CultureInfo.InvariantCulture),
            o.Series,
            o.Series == Rate.Code ? Rate.OpenSdgUnits : Number.OpenSdgUnits,
            o.Dimensions["Sex"] switch { "FEMALE" => "Female", "MALE" => "Male", _ => "" },
            o.Dimensions["Age"] switch { "<18Y" => "Under 18", "18Y+" => "18 and over", _ => "" },
            o.ValueType == Suppressed ? Suppressed + " (" + o.Value + ")" : "",
            o.ValueType == Suppressed ? "" : o.Value,
        })]);

    /// <summary>"csv": the Open SDG CSV; anything else the SDG API JSON. Returns the file's media type and name.</summary>
    public static async Task<(string MediaType, string FileName)> WriteAsync(IReadOnlyList<SdgApiObservation> observations, string? format, Stream output,
        CancellationToken cancellationToken)
    {
        if (format == "csv")
        {
            await WriteOpenSdgCsvAsync(observations, output, cancellationToken);
            return ("text/csv", FollowUpService.SdgFileName(FollowUpService.SdgIndicator));
        }
        await WriteJsonAsync(observations, output, cancellationToken);
        return ("application/json", "sdg-16-2-2.json");
    }

    public static Task WriteOpenSdgCsvAsync(IReadOnlyList<SdgApiObservation> observations, Stream output, CancellationToken cancellationToken) =>
        OpenSdgCsv.WriteAsync(OpenSdgTable(observations), output, cancellationToken);
}
