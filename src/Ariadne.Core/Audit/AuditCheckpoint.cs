using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Core.Audit;

/// <summary>
/// A signed head of the audit log: the last entry's number and hash at a time, authenticated with an HMAC under the
/// audit key. Kept outside the database (a file on another system, the log of <c>serve</c>), it catches what the chain
/// alone cannot: entries removed from the end. Holds no personal data.
/// </summary>
/// <param name="Sequence">The number of the last entry (0 for an empty log).</param>
/// <param name="Hash">That entry's hash (<see cref="AuditHash.Genesis"/> for an empty log).</param>
/// <param name="AtUtc">When the checkpoint was taken, UTC.</param>
/// <param name="Mac">HMAC-SHA256 over the marker and the three fields, lower-case hex.</param>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("atUtc")] DateTime AtUtc,
    [property: JsonPropertyName("mac")] string Mac)
{
    public const string FormatMarker = "ariadne-audit-checkpoint-v1";

    /// <summary>A checkpoint of the head (<paramref name="sequence"/>, <paramref name="hash"/>) signed with <paramref name="key"/>.</summary>
    public static AuditCheckpoint Create(long sequence, string hash, DateTime atUtc, ReadOnlySpan<byte> key)
    {
        var at = AuditHash.TruncateToMicroseconds(atUtc);
        return new AuditCheckpoint(sequence, hash, at, ComputeMac(sequence, hash, at, key));
    }

    /// <summary>Whether the MAC matches: the checkpoint was made with this audit key and not changed since.</summary>
    public bool IsAuthentic(ReadOnlySpan<byte> key) =>
        Mac is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeMac(Sequence, Hash, AtUtc, key)), Encoding.ASCII.GetBytes(Mac.ToLowerInvariant()));

    /// <summary>One line of JSON, as written to the checkpoint file and the log.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a checkpoint written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a checkpoint.</exception>
    public static AuditCheckpoint Parse(string text)
    {
        AuditCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(text.Trim());
        }
        catch (JsonException e)
        {
            throw new FormatException("It is not an audit checkpoint (JSON with sequence, hash, atUtc and mac).", e);
        }
        if (checkpoint is null || checkpoint.Sequence < 0 || checkpoint.Hash is not { Length: 64 } || checkpoint.Mac is not { Length: 64 })
        {
            throw new FormatException("It is not an audit checkpoint (JSON with sequence, hash, atUtc and mac).");
        }
        return checkpoint with { Hash = checkpoint.Hash.ToLowerInvariant(), AtUtc = DateTime.SpecifyKind(checkpoint.AtUtc.ToUniversalTime(), DateTimeKind.Utc) };
    }

    private static string ComputeMac(long sequence, string hash, DateTime atUtc, ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, AuditHash.SerialiseFields(
            FormatMarker,
            sequence.ToString(CultureInfo.InvariantCulture),
            hash,
            atUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))));
}
