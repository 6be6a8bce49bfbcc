using System.Globalization;
using System.Text.Json;

namespace Ariadne.Analytics.Screening;

public static partial class InstrumentLoader
{
    /// <summary>The reading of the screening lists and the forced-labour indicators.</summary>
    private sealed partial class Reader
    {
        private List<ScreeningList> ReadLists(JsonElement root, Dictionary<string, ScreeningIndicator> indicators)
        {
            var result = new List<ScreeningList>();
            if (Property(root, "lists", "lists", JsonValueKind.Array) is not { } array)
            {
                return result;
            }
            var position = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"lists[{position.ToString(CultureInfo.InvariantCulture)}]";
                position++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Error(path, "A list must be an object.");
                    continue;
                }
                var id = RequiredString(item, "id", path + ".id");
                if (id is null)
                {
                    continue;
                }
                path = $"lists[{id}]";
                if (result.Any(l => l.Id == id))
                {
                    Error(path + ".id", $"The list id '{id}' is used twice.");
                    continue;
                }
                AgeCategory age = default;
                if (RequiredString(item, "age", path + ".age") is { } ageText && !TryEnum(ageText, out age))
                {
                    Error(path + ".age", $"'{ageText}' is not one of adult, child.");
                }
                var form = RequiredString(item, "form", path + ".form") ?? "";
                if (form.Length > 0 && codes.ExploitationForms is { } known && !known.Contains(form))
                {
                    Error(path + ".form", $"'{form}' is not a code of the exploitation-form list.");
                }
                if (result.Any(l => l.Age == age && l.Form == form))
                {
                    Error(path, $"Two lists for {Kebab(age)} × {form}.");
                }
                var weights = new Dictionary<string, Strength>(StringComparer.Ordinal);
                if (Property(item, "weights", path + ".weights", JsonValueKind.Object) is { } w)
                {
                    foreach (var weight in w.EnumerateObject())
                    {
                        var weightPath = $"{path}.weights.{weight.Name}";
                        if (!indicators.ContainsKey(weight.Name))
                        {
                            Error(weightPath, $"No indicator '{weight.Name}' in indicators.");
                            continue;
                        }
                        var text = weight.Value.ValueKind == JsonValueKind.String ? weight.Value.GetString() : null;
                        Strength? strength = text switch
                        {
                            "S" => Strength.Strong,
                            "M" => Strength.Medium,
                            "W" => Strength.Weak,
                            _ => null,
                        };
                        if (strength is null)
                        {
                            Error(weightPath, $"'{(text ?? weight.Value.GetRawText())}' is not a weight; use S (strong), M (medium) or W (weak).");
                            continue;
                        }
                        weights[weight.Name] = strength.Value;
                    }
                    if (weights.Count == 0)
                    {
                        Error(path + ".weights", "The list has no indicators.");
                    }
                }
                var notes = new Dictionary<string, string>(StringComparer.Ordinal);
                if (item.TryGetProperty("weightNotes", out var n) && n.ValueKind == JsonValueKind.Object)
                {
                    foreach (var note in n.EnumerateObject())
                    {
                        if (!weights.ContainsKey(note.Name))
                        {
                            Error($"{path}.weightNotes.{note.Name}", "A note on a weight the list does not have.");
                            continue;
                        }
                        notes[note.Name] = note.Value.GetString() ?? "";
                    }
                }
                var verification = ReadVerification(item, "verification", path + ".verification");
                result.Add(new ScreeningList(id, age, form, weights, verification, notes, OptionalString(item, "note", path + ".note")));
            }
            if (result.Count == 0)
            {
                Error("lists", "The instrument has no lists.");
            }
            return result;
        }

        private List<ForcedLabourIndicator> ReadForcedLabour(JsonElement root)
        {
            var result = new List<ForcedLabourIndicator>();
            if (!root.TryGetProperty("forcedLabourIndicators", out var array))
            {
                return result;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error("forcedLabourIndicators", "Must be an array.");
                return result;
            }
            var position = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"forcedLabourIndicators[{position.ToString(CultureInfo.InvariantCulture)}]";
                position++;
                if (!item.TryGetProperty("number", out var n) || !n.TryGetInt32(out var number) || number < 1 || number > 64)
                {
                    Error(path + ".number", "A number from 1 to 64 is required.");
                    continue;
                }
                if (result.Any(f => f.Number == number))
                {
                    Error(path + ".number", $"The number {number.ToString(CultureInfo.InvariantCulture)} is used twice.");
                    continue;
                }
                var methods = StringArray(item, "controlMethods", path + ".controlMethods");
                foreach (var method in methods)
                {
                    if (codes.ControlMethods is { } known && !known.Contains(method))
                    {
                        Error(path + ".controlMethods", $"'{method}' is not a code of the means-of-control list.");
                    }
                }
                result.Add(new ForcedLabourIndicator(number, Labels(item, "labels", path + ".labels"), methods));
            }
            return result;
        }
    }
}
