using Ariadne.Analytics.Screening;
using Ariadne.Core.CodeLists;

namespace Ariadne.Core.Screening;

/// <summary>
/// The screening instruments shipped with the product (embedded JSON under <c>Screening/Instruments</c>), validated
/// against the shipped code lists. They are read-only; an administrator installs national versions next to them.
/// </summary>
public static class ShippedInstruments
{
    private const string Prefix = "Ariadne.Screening.Instruments.";

    private static readonly Lazy<IReadOnlyList<(string Json, CompiledInstrument Compiled)>> Shipped = new(LoadAll);

    /// <summary>The instrument a new screening uses unless another is chosen.</summary>
    public const string DefaultId = "ilo-ec-operational-indicators";

    /// <summary>Every shipped version, compiled.</summary>
    public static IReadOnlyList<CompiledInstrument> All => [.. Shipped.Value.Select(s => s.Compiled)];

    /// <summary>The JSON text of a shipped version, or null.</summary>
    public static string? Json(string key) => Shipped.Value.FirstOrDefault(s => s.Compiled.Instrument.Key == key).Json;

    /// <summary>The codes an instrument may refer to in this installation.</summary>
    public static InstrumentCodeSets CodeSets(CodeListRegistry codes) => new(
        codes.ExploitationForm.Entries.Select(e => e.Code).ToHashSet(StringComparer.Ordinal),
        codes[CodeListIds.MeansOfControl].Entries.Select(e => e.Code).ToHashSet(StringComparer.Ordinal));

    private static IReadOnlyList<(string, CompiledInstrument)> LoadAll()
    {
        var assembly = typeof(ShippedInstruments).Assembly;
        var codes = CodeSets(CodeListRegistry.Default);
        var result = new List<(string, CompiledInstrument)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var json = reader.ReadToEnd();
            result.Add((json, CompiledInstrument.Compile(InstrumentLoader.Load(json, codes))));
        }
        return result;
    }
}
