using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Finance;

/// <summary>
/// Opaque keys of names for rule R10 (a ticket's passenger against the account's holders): the name normalised as the
/// parties' name blind index normalises it (<see cref="IdentityVault.NormaliseName"/>), then an HMAC-SHA256, as hex. Only
/// equality of keys is ever used; no name is kept. In the database the key is the installation's blind index of the
/// name (<see cref="ForVault"/>: the same value as <c>FinanceParties.NameIndex</c>, so stored passengers compare with
/// stored holders); <c>finance analyse</c> on files, without a database, uses a random key of the process
/// (<see cref="InProcess"/>) that is never written anywhere — the keys mean nothing after the run.
/// </summary>
public static class HolderNameKeys
{
    /// <summary>The installation's blind index of the normalised name, hex; null for an empty name.</summary>
    public static Func<string, string?> ForVault(IdentityVault vault) =>
        name => vault.IdentifierIndex("name", IdentityVault.NormaliseName(name)) is { } index ? Convert.ToHexString(index) : null;

    /// <summary>
    /// A keyed hash under a random key of this call (same input form and length as the blind index: "name|" + normalised,
    /// the first <see cref="IdentityVault.BlindIndexSize"/> bytes of the HMAC), hex; null for an empty name.
    /// </summary>
    public static Func<string, string?> InProcess()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return name => IdentityVault.NormaliseName(name) is { Length: > 0 } normalised
            ? Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("name|" + normalised)).AsSpan(0, IdentityVault.BlindIndexSize))
            : null;
    }
}
