using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// What a producer releases: a table of text cells (counts already protected, "&lt;5", "x"), the method in words,
/// the effective parameters (every default filled in, the noise seed included) and a digest of its input. The seed and
/// the digests never leave <see cref="ReleaseService"/>: it seals the seed and keys the digests before anything is logged.
/// </summary>
public sealed record ReleaseTable(
    IReadOnlyList<string> Columns,
    IReadOnlyList<string[]> Rows,
    string Method,
    JsonObject EffectiveParameters,
    string InputSha256)
{
    /// <summary>For microdata: k, ℓ, suppression and information loss (null for tables); not part of the fingerprint.</summary>
    public MicrodataSummary? Microdata { get; init; }

    /// <summary>The privacy loss of the noise in this release (null when it adds none); spent from the budget of its dataset.</summary>
    public PrivacyLoss? PrivacyLoss { get; init; }

    /// <summary>
    /// For releases made from case records: how many were left out because the person refused or withdrew consent to
    /// statistics (<see cref="Consent.StatisticsConsent"/>), also stated in <see cref="Method"/>; null for other input.
    /// Not part of the fingerprint.
    /// </summary>
    public int? ExcludedByConsent { get; init; }

    /// <summary>For case tables: true when each person counted once (<c>deduplicate</c>), false when every case; null for other input.</summary>
    public bool? Deduplicated { get; init; }

    /// <summary>
    /// For case tables counting each person once: the cases of the table's scope set aside as the same person as another
    /// case, as published ("&lt;5", rounded); null otherwise or with noise. Also stated in <see cref="Method"/>.
    /// </summary>
    public string? SetAside { get; init; }

    /// <summary>SHA-256 (hex) over the columns and rows (unit- and record-separated), independent of the delivery format.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Columns);
        foreach (var row in Rows)
        {
            Append(hash, row);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>One row per cell of <paramref name="published"/>: its labels (or "Total"), then its published text ("&lt;5", "x").</summary>
    public static List<string[]> CellRows(Analytics.Disclosure.ProtectedTable published)
    {
        var rows = new List<string[]>(published.Values.Count);
        for (var i = 0; i < published.Values.Count; i++)
        {
            var at = published.Coordinates(i);
            rows.Add([.. at.Select((index, d) => published.Dimensions[d].Label(index)), published.Display(i)]);
        }
        return rows;
    }

    /// <summary>SHA-256 (hex) of any input, for <see cref="InputSha256"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> input) => Convert.ToHexStringLower(SHA256.HashData(input));

    private static void Append(IncrementalHash hash, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(cells[i]));
            hash.AppendData(i == cells.Count - 1 ? "\u001e"u8 : "\u001f"u8);
        }
    }
}

/// <summary>A parameter of a release is missing or invalid; <see cref="Parameter"/> names it.</summary>
public class ReleaseParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>The zCDP privacy loss <paramref name="Rho"/> of a noisy release over <paramref name="Dataset"/> (<see cref="PrivacyDatasets"/>).</summary>
public sealed record PrivacyLoss(string Dataset, double Rho);

/// <summary>
/// Produces one kind of release from its parameters. Contract: the same parameters over the same input give the same
/// table, byte for byte; randomness is seeded only from the parameter <c>seed</c>, which <see cref="ReleaseService"/>
/// draws and passes in (a producer that uses it returns it in <see cref="ReleaseTable.EffectiveParameters"/>, and the
/// service removes it before anything is logged). A producer that adds noise states its privacy loss in
/// <see cref="ReleaseTable.PrivacyLoss"/>.
/// </summary>
public interface IReleaseProducer
{
    string Kind { get; }

    /// <exception cref="ReleaseParameterException">A parameter is missing or invalid.</exception>
    Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken);
}
