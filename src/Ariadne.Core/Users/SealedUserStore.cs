using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Users;

/// <summary>
/// Identity's user store with the second-factor secrets kept out of the database in the clear. The authenticator key
/// (the TOTP shared secret) is sealed with AES-256-GCM under the master key ring, bound to the user's id, so a copy of
/// the database yields no second factor; recovery codes are stored as keyed hashes (HMAC-SHA-256 under the master
/// key ring's blind-index secret), so they can be checked but not read back. Identity stores both in plain by default.
/// </summary>
public sealed class SealedUserStore(AppDbContext context, IServiceProvider services, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole<Guid>, AppDbContext, Guid>(context, describer)
{
    // Resolved when a secret is sealed or checked, not with the store: user management without the master keys (a
    // host that never touches a second factor) keeps working, and a missing key ring fails only where it is needed.
    private IKeyEncryptionKeyProvider Keys => services.GetRequiredService<IKeyEncryptionKeyProvider>();

    /// <summary>The prefix of a sealed authenticator key: <c>sealed:v1:{master key id}:{base64 ciphertext}</c>.</summary>
    public const string SealedPrefix = "sealed:v1:";

    /// <summary>The prefix of each hashed recovery code.</summary>
    public const string HashedPrefix = "hmac:v1:";

    // Identity's own names for the rows (private in UserStoreBase).
    private const string InternalLoginProvider = "[AspNetUserStore]";
    private const string RecoveryCodeTokenName = "RecoveryCodes";

    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, Seal(user, key), cancellationToken);

    /// <summary>The key in the clear; a key stored before sealing existed is returned as it is (sealed at its next reset).</summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken) =>
        await base.GetAuthenticatorKeyAsync(user, cancellationToken) is { } stored ? Unseal(user, stored) : null;

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, string.Join(";", recoveryCodes.Select(c => Hash(user, c))), cancellationToken);

    /// <summary>Redeems a recovery code once: its hash is removed from the stored list.</summary>
    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        var stored = (await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var presented = Encoding.ASCII.GetBytes(Hash(user, code));
        var match = stored.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), presented));
        if (match is null)
        {
            return false;
        }
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, string.Join(";", stored.Where(s => s != match)), cancellationToken);
        return true;
    }

    private static byte[] Purpose(AppUser user, string purpose) => Encoding.ASCII.GetBytes($"ariadne/{purpose}/v1/{user.Id}");

    private string Seal(AppUser user, string key)
    {
        var plain = Encoding.UTF8.GetBytes(key);
        try
        {
            var wrapped = Keys.Wrap(plain, Purpose(user, "authenticator-key"));
            return $"{SealedPrefix}{wrapped.KeyId}:{Convert.ToBase64String(wrapped.Wrapped)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private string Unseal(AppUser user, string stored)
    {
        if (!stored.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            return stored;
        }
        var rest = stored.AsSpan(SealedPrefix.Length);
        var colon = rest.LastIndexOf(':');
        if (colon <= 0)
        {
            throw new ProtectedDataException("A sealed authenticator key is malformed.");
        }
        byte[] wrapped;
        try
        {
            wrapped = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        }
        catch (FormatException e)
        {
            throw new ProtectedDataException("A sealed authenticator key is not valid base64.", e);
        }
        var plain = Keys.Unwrap(rest[..colon].ToString(), wrapped, Purpose(user, "authenticator-key"));
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private string Hash(AppUser user, string code)
    {
        var mac = HMACSHA256.HashData(Keys.BlindIndexSecret, [.. Purpose(user, "recovery-code"), (byte)'|', .. Encoding.UTF8.GetBytes(code.Trim())]);
        return HashedPrefix + Convert.ToBase64String(mac);
    }
}
