using System.Buffers.Text;
using System.Text;

namespace Ariadne.Tests.Infrastructure;

/// <summary>Reads and changes the parts of a compact JWS (a signed referral package) the way an attacker or a partner would.</summary>
internal static class JwsParts
{
    /// <summary>The decoded payload (the signed content) as text.</summary>
    public static string Payload(string package) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(package.Trim().Split('.')[1]));

    /// <summary>The package with its payload replaced, header and signature kept as they were.</summary>
    public static string WithPayload(string package, string payload) => With(package.Trim(), 1, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)));

    /// <summary>The package with its signature part emptied.</summary>
    public static string Unsigned(string package) => With(package.Trim(), 2, "");

    private static string With(string package, int index, string value)
    {
        var parts = package.Split('.');
        parts[index] = value;
        return string.Join('.', parts);
    }
}
