using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ariadne.Core.Audit;

/// <summary>
/// The canonical serialisation and hash of an <see cref="AuditEntry"/>. Format version 1: the marker
/// <c>ariadne-audit-v1</c> followed by every field in a fixed order, each as a 4-byte big-endian length and its UTF-8
/// bytes (length −1 for null), so no choice of field values can make two different entries serialise alike.
/// </summary>
/// <remarks>Changing the format means a new marker (v2) and keeping v1 for the entries already written.</remarks>
public static class AuditHash
{
    public const string FormatMarker = "ariadne-audit-v1";

    /// <summary>The previous hash of the first entry: 32 zero bytes.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Serialise(entry)));

    /// <summary>HMAC-SHA256 of <see cref="Serialise"/> under <paramref name="key"/> (the audit key), lower-case hex.</summary>
    public static string ComputeMac(AuditEntry entry, ReadOnlySpan<byte> key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Serialise(entry)));

    /// <summary>Whether <paramref name="mac"/> is the entry's code under <paramref name="key"/> (compared in fixed time).</summary>
    public static bool MacMatches(AuditEntry entry, ReadOnlySpan<byte> key, string? mac) =>
        mac is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeMac(entry, key)), Encoding.ASCII.GetBytes(mac.ToLowerInvariant()));

    /// <summary>Length-prefixed UTF-8 fields, as <see cref="Serialise"/> writes them (used for checkpoints too).</summary>
    internal static byte[] SerialiseFields(params string?[] fields)
    {
        using var buffer = new MemoryStream();
        foreach (var field in fields)
        {
            Write(buffer, field);
        }
        return buffer.ToArray();
    }

    public static byte[] Serialise(AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        Write(buffer, FormatMarker);
        Write(buffer, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Write(buffer, entry.ActorUserId?.ToString("D"));
        Write(buffer, entry.ActorName);
        Write(buffer, entry.ActorOrganisationId?.ToString("D"));
        Write(buffer, entry.Action);
        Write(buffer, entry.SubjectType);
        Write(buffer, entry.SubjectId);
        Write(buffer, entry.Reason);
        Write(buffer, entry.FromAddress);
        Write(buffer, entry.Outcome);
        Write(buffer, entry.Details);
        Write(buffer, entry.PreviousHash);
        return buffer.ToArray();
    }

    /// <summary>Drops sub-microsecond ticks, which PostgreSQL would not keep and the hash would then not match.</summary>
    public static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static void Write(Stream stream, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, -1);
            stream.Write(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
