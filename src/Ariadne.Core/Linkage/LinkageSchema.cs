using System.Text.Json;
using Ariadne.Analytics.Linkage;

namespace Ariadne.Core.Linkage;

/// <summary>
/// What the agencies agree before linking: the record id column, the identifier fields and how each is encoded, and
/// the blocking rules. A JSON file (see <c>docs/examples/febrl-schema.json</c>):
/// <code>
/// { "id": "rec_id",
///   "fields": [ { "name": "surname", "tokens": "bigrams", "hashes": 15 }, … ],
///   "blocking": [ [ { "field": "surname", "transform": "soundex" }, { "field": "date_of_birth", "transform": "prefix4" } ], … ] }
/// </code>
/// </summary>
public sealed record LinkageSchema(string Id, IReadOnlyList<EncodedField> Fields, IReadOnlyList<BlockingRule> Blocking)
{
    /// <summary>Reads and checks a schema; the error names the JSON property that is wrong.</summary>
    /// <exception cref="LinkageInputException">The file is not a valid schema.</exception>
    public static LinkageSchema Read(string path)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        }
        catch (JsonException e)
        {
            throw new LinkageInputException($"{Path.GetFileName(path)}: not JSON ({e.Message})");
        }
        var name = Path.GetFileName(path);
        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : "";
        if (id.Length == 0)
        {
            throw new LinkageInputException($"{name}: 'id' must name the record id column");
        }
        if (!root.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array || fieldsElement.GetArrayLength() == 0)
        {
            throw new LinkageInputException($"{name}: 'fields' must list at least one identifier field");
        }
        var fields = new List<EncodedField>();
        foreach (var (field, i) in fieldsElement.EnumerateArray().Select((f, i) => (f, i)))
        {
            var at = $"{name}: fields[{i}]";
            var fieldName = field.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            if (fieldName.Length == 0 || fieldName == id || fields.Any(f => f.Name == fieldName))
            {
                throw new LinkageInputException($"{at}.name: a column name, not the id and not given twice");
            }
            var tokens = field.TryGetProperty("tokens", out var t) ? t.GetString() : "bigrams";
            var kind = tokens switch
            {
                "bigrams" => TokenKind.Bigrams,
                "whole" => TokenKind.Whole,
                _ => throw new LinkageInputException($"{at}.tokens: '{tokens}' is not bigrams or whole"),
            };
            var hashes = field.TryGetProperty("hashes", out var h) && h.TryGetInt32(out var k) ? k : 0;
            if (hashes is < 1 or > 100)
            {
                throw new LinkageInputException($"{at}.hashes: the bits set per token, 1 to 100");
            }
            fields.Add(new EncodedField(fieldName, kind, hashes));
        }
        var rules = new List<BlockingRule>();
        if (root.TryGetProperty("blocking", out var blocking))
        {
            foreach (var (rule, r) in blocking.EnumerateArray().Select((b, r) => (b, r)))
            {
                var parts = new List<BlockPart>();
                foreach (var (part, p) in rule.EnumerateArray().Select((x, p) => (x, p)))
                {
                    var at = $"{name}: blocking[{r}][{p}]";
                    var fieldName = part.TryGetProperty("field", out var f) ? f.GetString() : null;
                    var index = fields.FindIndex(x => x.Name == fieldName);
                    if (index < 0)
                    {
                        throw new LinkageInputException($"{at}.field: '{fieldName}' is not one of the fields");
                    }
                    var transform = (part.TryGetProperty("transform", out var x) ? x.GetString() : "exact") switch
                    {
                        "exact" => BlockTransform.Exact,
                        "soundex" => BlockTransform.Soundex,
                        "prefix2" => BlockTransform.Prefix2,
                        "prefix4" => BlockTransform.Prefix4,
                        var other => throw new LinkageInputException($"{at}.transform: '{other}' is not exact, soundex, prefix2 or prefix4"),
                    };
                    parts.Add(new BlockPart(index, transform));
                }
                if (parts.Count == 0)
                {
                    throw new LinkageInputException($"{name}: blocking[{r}] has no parts");
                }
                rules.Add(new BlockingRule(parts));
            }
        }
        return new LinkageSchema(id, fields, rules);
    }
}

/// <summary>An input file, schema or secret that cannot be used; the message names the file and the row, column or property.</summary>
public sealed class LinkageInputException(string message) : Exception(message);
