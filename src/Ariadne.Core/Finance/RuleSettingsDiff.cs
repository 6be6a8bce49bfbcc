using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ariadne.Core.Finance;

/// <summary>
/// A plain diff of two rule-settings JSONs for the settings history: the leaves of each (objects are walked, arrays
/// and scalars are values) by JSON path (<c>funnel.windowHours</c>, <c>weights.R1</c>), and each path whose JSON
/// differs, with its old and new JSON (null: not set, so the default applies). Paths compare ordinally and come out
/// sorted. Comments and trailing commas are allowed, as in the settings; JSON that does not parse counts as "{}" (the
/// stored versions were validated when set).
/// </summary>
public static class RuleSettingsDiff
{
    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static IReadOnlyList<RuleSettingsChange> Compare(string before, string after)
    {
        var old = Leaves(before);
        var now = Leaves(after);
        return [.. old.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(path => new RuleSettingsChange(path, old.GetValueOrDefault(path), now.GetValueOrDefault(path)))
            .Where(c => c.Before != c.After)];
    }

    private static Dictionary<string, string> Leaves(string json)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Reading);
        }
        catch (JsonException)
        {
            return leaves;
        }
        Walk(root, "", leaves);
        return leaves;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                Walk(value, path.Length == 0 ? name : path + "." + name, leaves);
            }
        }
        else if (path.Length > 0)
        {
            leaves[path] = node?.ToJsonString() ?? "null";
        }
    }
}
