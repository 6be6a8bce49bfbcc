using System.Globalization;
using System.Text.Json;

namespace Ariadne.Core.Jobs;

/// <summary>
/// A finished job's one-line summary, counts only (never anything identifying), in every language: <see cref="Key"/>
/// names the sentence in the UI's resources, formatted with <see cref="Arguments"/> (numbers, which the UI writes in the
/// reader's culture: a resource says <c>{0:N0}</c> where it wants digit grouping); <see cref="Text"/> is the same
/// sentence in English for the API, the command line and a UI that does not know the key.
/// </summary>
/// <param name="Text">The English sentence.</param>
/// <param name="Key">The resource key of the sentence, or null when there is only the English text.</param>
/// <param name="Arguments">The sentence's placeholders {0}, {1}, … in order.</param>
public sealed record JobSummary(string Text, string? Key = null, IReadOnlyList<double>? Arguments = null)
{
    /// <summary>
    /// The summary as stored in <see cref="BackgroundJob.Summary"/> (at most <paramref name="maxLength"/> characters): the
    /// plain text without a key (as before keys existed), else JSON; a keyed summary too long for the column keeps its text only.
    /// </summary>
    public string Serialise(int maxLength)
    {
        if (Key is not null)
        {
            var json = JsonSerializer.Serialize(new Stored(Key, [.. Arguments ?? []], Text));
            if (json.Length <= maxLength)
            {
                return json;
            }
        }
        return Text.Length <= maxLength ? Text : Text[..maxLength];
    }

    /// <summary>A stored summary: JSON written by <see cref="Serialise"/>, or a plain text (a summary without a key, or stored before keys existed).</summary>
    public static JobSummary Deserialise(string stored)
    {
        if (stored.StartsWith("{\"", StringComparison.Ordinal))
        {
            try
            {
                if (JsonSerializer.Deserialize<Stored>(stored) is { Key: not null, Text: not null } json)
                {
                    return new JobSummary(json.Text, json.Key, json.Arguments ?? []);
                }
            }
            catch (JsonException)
            {
                // A plain text that happens to begin like JSON.
            }
        }
        return new JobSummary(stored);
    }

    /// <summary>An English sentence with its numbers in the invariant culture (no grouping): <paramref name="format"/> uses the same placeholders as the resource.</summary>
    public static JobSummary Of(string key, string format, params double[] arguments) =>
        new(string.Format(CultureInfo.InvariantCulture, format, [.. arguments.Cast<object>()]), key, arguments);

    private sealed record Stored(string Key, List<double>? Arguments, string Text);
}
