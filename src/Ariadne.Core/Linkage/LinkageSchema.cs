using System.Text.Json;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;

namespace Ariadne.Core.Linkage;

/// <summary>
/// What the agencies agree before linking: the record id column, the identifier fields and how each is encoded, and
/// the blocking rules. A JSON file (see <c>docs/examples/febrl-schema.json</c>):
/// <code>
/// { "id": "rec_id",
///   "fields": [ { "name": "surname", "tokens": "bigrams", "hashes": 15 }, … ],
///   "blocking": [ [ { "field": "surname", "transform": "soundex" }, { "field": "date_of_birth", "transform": "prefix4" } ], … ],
///   "comparisons": [ { "field": "surname", "type": "name", "termFrequency": true }, { "field": "soc_sec_id", "type": "distance", "thresholds": [1, 2] }, … ] }
/// </code>
/// <c>comparisons</c> is optional and only used by <c>linkage dedupe</c> (encoding ignores it, so older schema files stay
/// valid): each names a column (any column of the file, not only the encoded fields), a type (<c>name</c>,
/// <c>text</c>, <c>date</c>, <c>exact</c>, <c>distance</c>), optional thresholds (Jaro–Winkler for name and text, edits
/// for distance) and whether exact matches weigh by the value's frequency. Without it, every field is compared by a
/// type inferred from its name and values (see <see cref="LinkageDedupe.Comparisons"/>).
/// </summary>
/// <param name="Id">The record id column.</param>
/// <param name="Fields">The identifier fields and how each is encoded.</param>
/// <param name="Blocking">The blocking rules, OR-ed; their parts refer to <paramref name="Fields"/> by position.</param>
/// <param name="Comparisons">The comparisons of deduplication as the file states them (empty: inferred).</param>
public sealed record LinkageSchema(string Id, IReadOnlyList<EncodedField> Fields, IReadOnlyList<BlockingRule> Blocking, IReadOnlyList<ComparisonSpec>? Comparisons = null)
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
        return new LinkageSchema(id, fields, rules, ReadComparisons(root, name, id));
    }

    private static List<ComparisonSpec> ReadComparisons(JsonElement root, string name, string id)
    {
        var comparisons = new List<ComparisonSpec>();
        if (!root.TryGetProperty("comparisons", out var element))
        {
            return comparisons;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new LinkageInputException($"{name}: 'comparisons' must be a list");
        }
        foreach (var (comparison, i) in element.EnumerateArray().Select((c, i) => (c, i)))
        {
            var at = $"{name}: comparisons[{i}]";
            if (comparison.ValueKind != JsonValueKind.Object)
            {
                throw new LinkageInputException($"{at}: an object with field and type");
            }
            var field = comparison.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
            if (field.Length == 0 || field == id || comparisons.Any(c => c.Field == field))
            {
                throw new LinkageInputException($"{at}.field: a column name, not the id and not given twice");
            }
            var typeName = comparison.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            ComparisonKind? kind = typeName switch
            {
                null => null,
                "name" => ComparisonKind.Name,
                "text" => ComparisonKind.Text,
                "date" => ComparisonKind.Date,
                "exact" => ComparisonKind.Exact,
                "distance" => ComparisonKind.Distance,
                _ => throw new LinkageInputException($"{at}.type: '{typeName}' is not name, text, date, exact or distance"),
            };
            List<double>? thresholds = null;
            if (comparison.TryGetProperty("thresholds", out var th))
            {
                if (th.ValueKind != JsonValueKind.Array || th.GetArrayLength() is 0 or > 10 || th.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
                {
                    throw new LinkageInputException($"{at}.thresholds: a list of 1 to 10 numbers");
                }
                thresholds = [.. th.EnumerateArray().Select(x => x.GetDouble())];
                var distance = kind == ComparisonKind.Distance;
                if (kind is ComparisonKind.Date or ComparisonKind.Exact
                    || (distance && thresholds.Any(x => x is < 1 or > 10 || x != Math.Floor(x)))
                    || (!distance && thresholds.Any(x => x is <= 0 or >= 1))
                    || !thresholds.SequenceEqual(distance ? thresholds.Order() : thresholds.OrderDescending()))
                {
                    throw new LinkageInputException($"{at}.thresholds: for name and text Jaro–Winkler similarities between 0 and 1, highest first; for distance whole edit counts 1 to 10, lowest first; none for date and exact");
                }
            }
            bool? termFrequency = null;
            if (comparison.TryGetProperty("termFrequency", out var tf))
            {
                termFrequency = tf.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new LinkageInputException($"{at}.termFrequency: true or false"),
                };
            }
            comparisons.Add(new ComparisonSpec(field, kind, thresholds, termFrequency));
        }
        if (comparisons.Count > FieldComparison.MaxComparisons)
        {
            throw new LinkageInputException($"{name}: 'comparisons' lists {comparisons.Count}; at most {FieldComparison.MaxComparisons}");
        }
        return comparisons;
    }
}

/// <summary>A comparison as the schema file states it; what it leaves out (null) is inferred.</summary>
/// <param name="Field">The CSV column compared.</param>
/// <param name="Kind">How it is compared; null: inferred from the column's name and values.</param>
/// <param name="Thresholds">Jaro–Winkler thresholds (name, text) or edit counts (distance); null: the defaults.</param>
/// <param name="TermFrequency">Whether exact matches weigh by the value's rarity; null: yes for names, no otherwise.</param>
public sealed record ComparisonSpec(string Field, ComparisonKind? Kind, IReadOnlyList<double>? Thresholds, bool? TermFrequency);

/// <summary>An input file, schema or secret that cannot be used; the message names the file and the row, column or property.</summary>
public sealed class LinkageInputException(string message) : Exception(message);
