using System.Collections.Frozen;
using Ariadne.Analytics.Referral;

namespace Ariadne.Core.Referral.National;

/// <summary>
/// The referral-mechanism definitions shipped with the product (<c>Referral/National/Jurisdictions/*.json</c>), loaded and
/// validated once per process: a definition that does not validate stops the application with the loader's message.
/// </summary>
public sealed class Jurisdictions
{
    public const string Generic = "generic";

    private const string Prefix = "Ariadne.Referral.Jurisdictions.";

    private static readonly Lazy<Jurisdictions> Shipped = new(LoadShipped);

    private readonly FrozenDictionary<string, LifecycleEngine> _engines;

    public Jurisdictions(IEnumerable<LifecycleDefinition> definitions) =>
        _engines = definitions.ToFrozenDictionary(d => d.Jurisdiction, d => new LifecycleEngine(d), StringComparer.OrdinalIgnoreCase);

    public static Jurisdictions Default => Shipped.Value;

    public IEnumerable<LifecycleDefinition> Definitions => _engines.Values.Select(e => e.Definition);

    /// <summary>The engine of <paramref name="jurisdiction"/>; the generic one when it has no definition of its own.</summary>
    public LifecycleEngine For(string? jurisdiction) =>
        jurisdiction is not null && _engines.TryGetValue(jurisdiction, out var engine) ? engine : _engines[Generic];

    public bool IsDefined(string jurisdiction) => _engines.ContainsKey(jurisdiction);

    private static Jurisdictions LoadShipped()
    {
        var assembly = typeof(Jurisdictions).Assembly;
        var definitions = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return LifecycleDefinitionLoader.Load(stream, n);
            })
            .ToList();
        return new Jurisdictions(definitions);
    }
}
