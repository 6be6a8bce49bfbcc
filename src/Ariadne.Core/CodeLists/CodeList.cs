using System.Collections.Frozen;
using System.Globalization;

namespace Ariadne.Core.CodeLists;

/// <summary>
/// One versioned code list: the values a coded field may take, their labels in every UI language and their
/// equivalents in the external standards we exchange data with (CTDC, GLOTIP, HTCDS).
/// </summary>
/// <remarks>Codes are stable identifiers stored in the database; labels may change between versions, codes may not.</remarks>
/// <exception cref="InvalidDataException">Two entries share a code (the message names the list and the code).</exception>
public sealed record CodeList(string Id, string Version, string Source, IReadOnlyList<CodeEntry> Entries)
{
    private readonly FrozenDictionary<string, CodeEntry> _byCode = IndexByCode(Id, Entries);

    public bool Contains(string code) => _byCode.ContainsKey(code);

    public CodeEntry? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The label in the given culture's language, falling back to English, then to the code itself.</summary>
    public string Label(string code, CultureInfo culture) => Find(code)?.Label(culture) ?? code;

    /// <summary>Finds the entry whose code, external code (CTDC, GLOTIP, HTCDS) or label matches, ignoring case.</summary>
    public CodeEntry? Resolve(string value)
    {
        var trimmed = value.Trim();
        if (_byCode.TryGetValue(trimmed, out var exact))
        {
            return exact;
        }
        return Entries.FirstOrDefault(e =>
            string.Equals(e.Code, trimmed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Ctdc, trimmed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Glotip, trimmed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Htcds, trimmed, StringComparison.OrdinalIgnoreCase)
            || e.Labels.Values.Any(l => string.Equals(l, trimmed, StringComparison.OrdinalIgnoreCase)));
    }

    private static FrozenDictionary<string, CodeEntry> IndexByCode(string id, IReadOnlyList<CodeEntry> entries)
    {
        var byCode = new Dictionary<string, CodeEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!byCode.TryAdd(entry.Code, entry))
            {
                throw new InvalidDataException($"Code list '{id}': code '{entry.Code}' appears twice.");
            }
        }
        return byCode.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>One value of a code list.</summary>
/// <param name="Code">The stable identifier stored in the database (kebab-case, or ISO alpha-2 for countries).</param>
/// <param name="Labels">Label per two-letter language code; "en" is always present.</param>
/// <param name="Ctdc">The CTDC value or flag column this code maps to, or null where CTDC has none.</param>
/// <param name="Glotip">The UNODC GLOTIP category this code is counted under, or null where GLOTIP has none.</param>
/// <param name="Htcds">The HTCDS v2.0 value name, or null where HTCDS has none.</param>
/// <param name="Attributes">Further list-specific data (for countries: alpha-3, numeric, M49 region and subregion).</param>
public sealed record CodeEntry(
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    string? Ctdc = null,
    string? Glotip = null,
    string? Htcds = null,
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    public string Label(CultureInfo culture) =>
        Labels.TryGetValue(culture.TwoLetterISOLanguageName, out var label) ? label
        : Labels.TryGetValue("en", out var english) ? english
        : Code;

    public string? Attribute(string name) => Attributes?.GetValueOrDefault(name);
}
