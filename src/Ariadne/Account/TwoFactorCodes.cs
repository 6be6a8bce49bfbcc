using System.Text;

namespace Ariadne.Account;

/// <summary>Formatting of authenticator keys and codes for people.</summary>
public static class TwoFactorCodes
{
    /// <summary>Removes spaces and hyphens people type into a code.</summary>
    public static string Normalise(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>The key in groups of four lower-case characters, easier to type into an app.</summary>
    public static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                result.Append(' ');
            }
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return result.ToString().ToLowerInvariant();
    }

    /// <summary>The otpauth URI an authenticator app imports (RFC 6238 defaults: SHA-1, 6 digits, 30 seconds).</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/Ariadne:{Uri.EscapeDataString(userName)}?secret={key}&issuer=Ariadne&digits=6";
}
