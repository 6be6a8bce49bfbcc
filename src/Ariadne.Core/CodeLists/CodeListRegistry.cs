using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace Ariadne.Core.CodeLists;

/// <summary>
/// Every code list shipped with the product, loaded once from the embedded JSON files and validated on load:
/// a list with a duplicate code, an entry without an English label or a missing list stops the application.
/// </summary>
public sealed class CodeListRegistry
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<CodeListRegistry> Shipped = new(LoadShipped);

    private readonly FrozenDictionary<string, CodeList> _lists;

    public CodeListRegistry(IEnumerable<CodeList> lists)
    {
        var all = lists.ToList();
        foreach (var list in all)
        {
            Validate(list);
        }
        var duplicates = all.GroupBy(l => l.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"Code list(s) defined twice: {string.Join(", ", duplicates)}.");
        }
        _lists = all.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
        var missing = CodeListIds.All.Where(id => !_lists.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"Code list(s) missing: {string.Join(", ", missing)}.");
        }
    }

    /// <summary>The lists shipped with this build (loaded and validated once per process).</summary>
    public static CodeListRegistry Default => Shipped.Value;

    public IEnumerable<CodeList> Lists => _lists.Values;

    public CodeList this[string id] =>
        _lists.TryGetValue(id, out var list) ? list : throw new KeyNotFoundException($"No code list '{id}'.");

    public CodeList Sex => this[CodeListIds.Sex];
    public CodeList Country => this[CodeListIds.Country];
    public CodeList ExploitationForm => this[CodeListIds.ExploitationForm];

    private static CodeListRegistry LoadShipped()
    {
        var assembly = typeof(CodeListRegistry).Assembly;
        const string prefix = "Ariadne.CodeLists.";
        var lists = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => Load(assembly, n));
        return new CodeListRegistry(lists);
    }

    private static CodeList Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"Resource {resourceName} is missing.");
        return Parse(stream, resourceName);
    }

    /// <summary>Reads one code list from its JSON form; the name is used in error messages only.</summary>
    public static CodeList Parse(Stream json, string name)
    {
        var file = JsonSerializer.Deserialize<CodeListFile>(json, JsonOptions)
            ?? throw new InvalidDataException($"{name}: empty code list file.");
        if (string.IsNullOrWhiteSpace(file.Id) || string.IsNullOrWhiteSpace(file.Version))
        {
            throw new InvalidDataException($"{name}: a code list needs an id and a version.");
        }
        var entries = (file.Entries ?? []).Select((e, i) => new CodeEntry(
            e.Code ?? throw new InvalidDataException($"{name}: entry {i + 1} has no code."),
            e.Labels ?? new Dictionary<string, string>(),
            e.Ctdc, e.Glotip, e.Htcds, e.Attributes)).ToList();
        return new CodeList(file.Id, file.Version, file.Source ?? "", entries);
    }

    private static void Validate(CodeList list)
    {
        if (list.Entries.Count == 0)
        {
            throw new InvalidDataException($"Code list '{list.Id}' has no entries.");
        }
        // Duplicate codes cannot get this far: CodeList itself rejects them.
        foreach (var entry in list.Entries)
        {
            if (!entry.Labels.ContainsKey("en") || !entry.Labels.ContainsKey("de"))
            {
                throw new InvalidDataException($"Code list '{list.Id}': code '{entry.Code}' needs an English and a German label.");
            }
        }
    }

    private sealed record CodeListFile(string? Id, string? Version, string? Source, List<EntryFile>? Entries);

    private sealed record EntryFile(
        string? Code,
        Dictionary<string, string>? Labels,
        string? Ctdc,
        string? Glotip,
        string? Htcds,
        Dictionary<string, string>? Attributes);
}
