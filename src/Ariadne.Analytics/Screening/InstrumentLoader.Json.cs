using System.Text.Json;

namespace Ariadne.Analytics.Screening;

public static partial class InstrumentLoader
{
    /// <summary>The typed access to JSON properties, each failure recorded with its path.</summary>
    private sealed partial class Reader
    {
        private JsonElement? Property(JsonElement parent, string name, string path, JsonValueKind kind)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Error(path, "Required.");
                return null;
            }
            if (value.ValueKind != kind)
            {
                Error(path, $"Must be {(kind == JsonValueKind.Array ? "an array" : "an object")}.");
                return null;
            }
            return value;
        }

        private string? RequiredString(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Error(path, "Required: a non-empty string.");
                return null;
            }
            return value.GetString()!.Trim();
        }

        private string? OptionalString(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Error(path, "Must be a string.");
                return null;
            }
            return value.GetString();
        }

        private List<string> StringArray(JsonElement parent, string name, string path)
        {
            var result = new List<string>();
            if (!parent.TryGetProperty(name, out var value))
            {
                return result;
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                Error(path, "Must be an array of strings.");
                return result;
            }
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
                {
                    result.Add(item.GetString()!);
                }
                else
                {
                    Error(path, $"'{item.GetRawText()}' is not a non-empty string.");
                }
            }
            return result;
        }

        private Dictionary<string, string> Labels(JsonElement parent, string name, string path)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
            {
                Error(path, "Required: an object of labels by language, with at least \"en\".");
                return result;
            }
            foreach (var label in value.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(label.Value.GetString()))
                {
                    result[label.Name] = label.Value.GetString()!;
                }
                else
                {
                    Error($"{path}.{label.Name}", "A label must be a non-empty string.");
                }
            }
            if (!result.ContainsKey("en"))
            {
                Error(path + ".en", "The English label is required.");
            }
            return result;
        }
    }
}
