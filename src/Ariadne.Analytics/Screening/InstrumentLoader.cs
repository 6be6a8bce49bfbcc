using System.Globalization;
using System.Text.Json;

namespace Ariadne.Analytics.Screening;

/// <summary>One reason an instrument is invalid: where (a JSON path such as <c>lists[adult-labour].weights.DR01</c>) and what.</summary>
public sealed record InstrumentError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>An instrument that failed validation; <see cref="Errors"/> lists every reason found.</summary>
public sealed class InstrumentValidationException(IReadOnlyList<InstrumentError> errors)
    : Exception("The screening instrument is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<InstrumentError> Errors { get; } = errors;
}

/// <summary>Codes the instrument may refer to, from the code lists of the installation; null skips that check.</summary>
/// <param name="ExploitationForms">Codes of the exploitation-form list.</param>
/// <param name="ControlMethods">Codes of the means-of-control list (HTCDS MethodsOfControl).</param>
public sealed record InstrumentCodeSets(IReadOnlySet<string>? ExploitationForms, IReadOnlySet<string>? ControlMethods);

/// <summary>
/// Reads an instrument from JSON and validates it: unique codes; every indicator in exactly one dimension; weights
/// of S, M or W for known indicators; a combination rule per age category and a rule per Palermo element that parse
/// and name only known dimensions; known list forms and mapping codes. All errors are collected, each naming the
/// indicator, field or rule.
/// </summary>
public static partial class InstrumentLoader
{
    /// <summary>The count names a dimension rule may use.</summary>
    public static readonly IReadOnlyList<string> CountNames = ["strong", "medium", "weak", "total"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <exception cref="InstrumentValidationException">The JSON is malformed or the instrument is invalid.</exception>
    public static ScreeningInstrument Load(string json, InstrumentCodeSets? codes = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InstrumentValidationException([new("$", $"Not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            var reader = new Reader(codes ?? new InstrumentCodeSets(null, null));
            var instrument = reader.Read(document.RootElement);
            if (reader.Errors.Count > 0 || instrument is null)
            {
                throw new InstrumentValidationException(reader.Errors);
            }
            return instrument;
        }
    }

    /// <exception cref="InstrumentValidationException">The stream is not a valid instrument.</exception>
    public static ScreeningInstrument Load(Stream stream, InstrumentCodeSets? codes = null)
    {
        using var text = new StreamReader(stream);
        return Load(text.ReadToEnd(), codes);
    }

    private sealed partial class Reader(InstrumentCodeSets codes)
    {
        public List<InstrumentError> Errors { get; } = [];

        private void Error(string path, string message) => Errors.Add(new(path, message));

        public ScreeningInstrument? Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("$", "The instrument must be a JSON object.");
                return null;
            }
            var id = RequiredString(root, "id", "id");
            var version = RequiredString(root, "version", "version");
            if (id is not null && (id.Contains('@', StringComparison.Ordinal) || id.Any(char.IsWhiteSpace)))
            {
                Error("id", $"'{id}' may not contain '@' or spaces.");
            }
            if (version is not null && (version.Contains('@', StringComparison.Ordinal) || version.Any(char.IsWhiteSpace)))
            {
                Error("version", $"'{version}' may not contain '@' or spaces.");
            }
            var title = Labels(root, "title", "title");
            var source = OptionalString(root, "source", "source") ?? "";

            var indicators = ReadIndicators(root);
            var dimensions = ReadDimensions(root, indicators);
            var dimensionCodes = dimensions.Select(d => d.Code).ToList();

            var rules = Property(root, "rules", "rules", JsonValueKind.Object);
            ScreeningRule? dimensionRule = null;
            var combination = new Dictionary<AgeCategory, ScreeningRule>();
            var elements = new Dictionary<PalermoElement, ScreeningRule>();
            if (rules is { } r)
            {
                dimensionRule = ReadRule(r, "dimension", "rules.dimension", CountNames, []);
                if (Property(r, "combination", "rules.combination", JsonValueKind.Object) is { } c)
                {
                    foreach (var age in Enum.GetValues<AgeCategory>())
                    {
                        var name = Kebab(age);
                        if (ReadRule(c, name, $"rules.combination.{name}", [], dimensionCodes) is { } rule)
                        {
                            combination[age] = rule;
                        }
                    }
                }
                if (Property(r, "elements", "rules.elements", JsonValueKind.Object) is { } e)
                {
                    foreach (var element in Enum.GetValues<PalermoElement>())
                    {
                        var name = Kebab(element);
                        if (ReadRule(e, name, $"rules.elements.{name}", [], dimensionCodes) is { } rule)
                        {
                            elements[element] = rule;
                        }
                    }
                }
            }

            var lists = ReadLists(root, indicators);
            var forcedLabour = ReadForcedLabour(root);
            foreach (var indicator in indicators.Values)
            {
                foreach (var number in indicator.ForcedLabour)
                {
                    if (!forcedLabour.Any(f => f.Number == number))
                    {
                        Error($"indicators[{indicator.Code}].forcedLabour", $"No forced-labour indicator number {number.ToString(CultureInfo.InvariantCulture)} in forcedLabourIndicators.");
                    }
                }
            }
            var mappings = Property(root, "mappings", "mappings", JsonValueKind.Object);
            var forcedLabourMapping = mappings is { } m1 ? ReadVerification(m1, "forcedLabour", "mappings.forcedLabour") : Verification.Missing;
            var controlMapping = mappings is { } m2 ? ReadVerification(m2, "controlMethods", "mappings.controlMethods") : Verification.Missing;
            var formMapping = mappings is { } m3 ? ReadVerification(m3, "forms", "mappings.forms") : Verification.Missing;

            if (Errors.Count > 0 || id is null || version is null || dimensionRule is null)
            {
                return null;
            }
            return new ScreeningInstrument
            {
                Id = id,
                Version = version,
                Title = title,
                Source = source,
                DimensionRule = dimensionRule,
                CombinationRules = combination,
                ElementRules = elements,
                Dimensions = dimensions,
                Indicators = [.. indicators.Values],
                Lists = lists,
                ForcedLabourIndicators = forcedLabour,
                ForcedLabourMapping = forcedLabourMapping,
                ControlMethodMapping = controlMapping,
                FormMapping = formMapping,
            };
        }

        private Dictionary<string, ScreeningIndicator> ReadIndicators(JsonElement root)
        {
            var result = new Dictionary<string, ScreeningIndicator>(StringComparer.Ordinal);
            if (Property(root, "indicators", "indicators", JsonValueKind.Array) is not { } array)
            {
                return result;
            }
            var position = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"indicators[{position.ToString(CultureInfo.InvariantCulture)}]";
                position++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Error(path, "An indicator must be an object.");
                    continue;
                }
                var code = RequiredString(item, "code", path + ".code");
                if (code is null)
                {
                    continue;
                }
                path = $"indicators[{code}]";
                if (result.ContainsKey(code))
                {
                    Error(path + ".code", $"The indicator code '{code}' is used twice.");
                    continue;
                }
                var labels = Labels(item, "labels", path + ".labels");
                var forcedLabour = new List<int>();
                if (item.TryGetProperty("forcedLabour", out var fl))
                {
                    if (fl.ValueKind != JsonValueKind.Array)
                    {
                        Error(path + ".forcedLabour", "Must be an array of numbers from 1 to 11.");
                    }
                    else
                    {
                        foreach (var n in fl.EnumerateArray())
                        {
                            if (n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var number) && number >= 1)
                            {
                                forcedLabour.Add(number);
                            }
                            else
                            {
                                Error(path + ".forcedLabour", $"'{n.GetRawText()}' is not a forced-labour indicator number.");
                            }
                        }
                    }
                }
                var forms = StringArray(item, "forms", path + ".forms");
                foreach (var form in forms)
                {
                    if (codes.ExploitationForms is { } known && !known.Contains(form))
                    {
                        Error(path + ".forms", $"'{form}' is not a code of the exploitation-form list.");
                    }
                }
                result.Add(code, new ScreeningIndicator(code, labels, forcedLabour, forms));
            }
            if (result.Count == 0)
            {
                Error("indicators", "The instrument has no indicators.");
            }
            return result;
        }

        private List<ScreeningDimension> ReadDimensions(JsonElement root, Dictionary<string, ScreeningIndicator> indicators)
        {
            var result = new List<ScreeningDimension>();
            if (Property(root, "dimensions", "dimensions", JsonValueKind.Array) is not { } array)
            {
                return result;
            }
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            var position = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"dimensions[{position.ToString(CultureInfo.InvariantCulture)}]";
                position++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Error(path, "A dimension must be an object.");
                    continue;
                }
                var code = RequiredString(item, "code", path + ".code");
                if (code is null)
                {
                    continue;
                }
                path = $"dimensions[{code}]";
                if (result.Any(d => d.Code == code) || indicators.ContainsKey(code))
                {
                    Error(path + ".code", $"The code '{code}' is used twice.");
                    continue;
                }
                if (!code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.') || string.Equals(code, "and", StringComparison.OrdinalIgnoreCase) || string.Equals(code, "or", StringComparison.OrdinalIgnoreCase))
                {
                    Error(path + ".code", $"'{code}' cannot be used as a name in rules (letters, digits, '_', '-', '.' only; not 'and' or 'or').");
                }
                var labels = Labels(item, "labels", path + ".labels");
                PalermoElement element = default;
                if (RequiredString(item, "element", path + ".element") is { } elementText && !TryEnum(elementText, out element))
                {
                    Error(path + ".element", $"'{elementText}' is not one of act, means, purpose.");
                }
                var members = StringArray(item, "indicators", path + ".indicators");
                if (members.Count == 0)
                {
                    Error(path + ".indicators", "The dimension has no indicators.");
                }
                foreach (var member in members)
                {
                    if (!indicators.ContainsKey(member))
                    {
                        Error(path + ".indicators", $"No indicator '{member}' in indicators.");
                    }
                    else if (owner.TryGetValue(member, out var other))
                    {
                        Error($"indicators[{member}]", other == code
                            ? $"The indicator is listed twice in dimension {code}."
                            : $"The indicator is in two dimensions: {other} and {code}.");
                    }
                    else
                    {
                        owner[member] = code;
                    }
                }
                var rule = item.TryGetProperty("rule", out _) ? ReadRule(item, "rule", path + ".rule", CountNames, []) : null;
                var verification = ReadVerification(item, "verification", path + ".verification");
                result.Add(new ScreeningDimension(code, labels, element, members, rule, verification));
            }
            if (result.Count > 64)
            {
                Error("dimensions", "At most 64 dimensions are supported.");
            }
            foreach (var code in indicators.Keys.Where(c => !owner.ContainsKey(c)))
            {
                Error($"indicators[{code}]", "The indicator is in no dimension.");
            }
            return result;
        }

        private ScreeningRule? ReadRule(JsonElement parent, string name, string path, IReadOnlyList<string> countNames, IReadOnlyList<string> booleanNames)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Error(path, "The rule is missing.");
                return null;
            }
            string? expression;
            var verification = Verification.Verified;
            if (value.ValueKind == JsonValueKind.String)
            {
                expression = value.GetString();
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                expression = RequiredString(value, "expression", path + ".expression");
                verification = ReadVerification(value, "verification", path + ".verification");
                path += ".expression";
            }
            else
            {
                Error(path, "A rule is a string or an object with an expression.");
                return null;
            }
            if (expression is null)
            {
                return null;
            }
            try
            {
                RuleExpression.Parse(expression, countNames, booleanNames);
            }
            catch (RuleSyntaxException e)
            {
                Error(path, $"'{expression}' does not parse. {e.Message}");
                return null;
            }
            return new ScreeningRule(expression, verification);
        }

        private Verification ReadVerification(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Error(path, "Required: verified, secondary, memory, team or missing.");
                return Verification.Missing;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is null || !TryEnum(text, out Verification verification))
            {
                Error(path, $"'{text ?? value.GetRawText()}' is not one of verified, secondary, memory, team, missing.");
                return Verification.Missing;
            }
            return verification;
        }
    }

    private static bool TryEnum<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value) && Enum.IsDefined(value)
        && !text.Any(char.IsAsciiDigit);

    /// <summary>The JSON spelling of an enum value: <c>Adult</c> → <c>adult</c>.</summary>
    public static string Kebab<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
