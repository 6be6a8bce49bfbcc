using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Data;
using Microsoft.Data.Sqlite;

namespace Ariadne.Core.Protection;

/// <summary>
/// Master keys held in process, each a 256-bit AES key with a short id. The LAST key is active (new data keys are
/// wrapped under it); every key keeps unwrapping, so rotation needs no downtime. The FIRST key also seeds the
/// blind-index secret, so that entry must stay in the ring for as long as the indexes are used.
/// </summary>
/// <remarks>
/// Format (environment <c>ARIADNE_MASTER_KEYS</c> or the file named by <c>ARIADNE_MASTER_KEY_FILE</c>):
/// <c>id1:base64key1,id2:base64key2</c>, commas or line breaks between entries; blank lines and lines starting
/// with <c>#</c> are ignored. Ids are 1 to 32 characters of letters, digits, '.', '_' and '-'.
/// </remarks>
public sealed class MasterKeyRing : IKeyEncryptionKeyProvider
{
    public const string KeysEnvironmentVariable = "ARIADNE_MASTER_KEYS";
    public const string KeyFileEnvironmentVariable = "ARIADNE_MASTER_KEY_FILE";
    public const int KeySize = 32;
    public const int MaxKeyIdLength = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] BlindIndexInfo = Encoding.ASCII.GetBytes("ariadne/blind-index/v1");
    private static readonly byte[] AuditInfo = Encoding.ASCII.GetBytes("ariadne/audit-mac/v1");
    private const string CheckLabel = "ariadne/master-key-check/v1:";

    private readonly Dictionary<string, byte[]> _keys;
    private readonly byte[] _blindIndexSecret;
    private readonly byte[] _auditSecret;

    public MasterKeyRing(IReadOnlyList<(string Id, byte[] Key)> keys)
    {
        if (keys.Count == 0)
        {
            throw new KeyConfigurationException("The master key ring is empty.");
        }
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (id.Length is 0 or > MaxKeyIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new KeyConfigurationException($"Master key id '{id}' is invalid: use 1 to {MaxKeyIdLength} letters, digits, '.', '_' or '-'.");
            }
            if (key.Length != KeySize)
            {
                throw new KeyConfigurationException($"Master key '{id}' has {key.Length} bytes; it must have {KeySize} (base64 of 32 random bytes).");
            }
            if (!_keys.TryAdd(id, [.. key]))
            {
                throw new KeyConfigurationException($"Master key id '{id}' appears twice.");
            }
        }
        KeyIds = [.. keys.Select(k => k.Id)];
        ActiveKeyId = keys[^1].Id;
        _blindIndexSecret = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys[0].Key, KeySize, salt: [], info: BlindIndexInfo);
        // Like the blind indexes, the audit key derives from the FIRST key, which stays in the ring: rotating the
        // active key must not invalidate the authentication codes of entries already written.
        _auditSecret = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys[0].Key, KeySize, salt: [], info: AuditInfo);
    }

    public string ActiveKeyId { get; }

    public IReadOnlyList<string> KeyIds { get; }

    public ReadOnlySpan<byte> BlindIndexSecret => _blindIndexSecret;

    public ReadOnlySpan<byte> AuditSecret => _auditSecret;

    /// <summary>HMAC-SHA256 under the key over <c>ariadne/master-key-check/v1:</c> and the key id.</summary>
    public byte[] CheckValue(string keyId) =>
        _keys.TryGetValue(keyId, out var key)
            ? HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(CheckLabel + keyId))
            : throw new KeyUnavailableException(keyId);

    /// <summary>Reads a ring from its text form (see the remarks on the class).</summary>
    /// <param name="text">The entries.</param>
    /// <param name="source">Where the text came from, for error messages (never the text itself).</param>
    public static MasterKeyRing Parse(string text, string source)
    {
        var keys = new List<(string, byte[])>();
        foreach (var raw in text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.StartsWith('#'))
            {
                continue;
            }
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new KeyConfigurationException($"{source}: an entry is not of the form id:base64key.");
            }
            var id = raw[..colon].Trim();
            byte[] key;
            try
            {
                key = Convert.FromBase64String(raw[(colon + 1)..].Trim());
            }
            catch (FormatException)
            {
                throw new KeyConfigurationException($"{source}: the key of '{id}' is not valid base64.");
            }
            keys.Add((id, key));
        }
        if (keys.Count == 0)
        {
            throw new KeyConfigurationException($"{source} holds no master key.");
        }
        return new MasterKeyRing(keys);
    }

    /// <summary>A new key entry <c>id:base64</c> from the system's random number generator.</summary>
    public static string NewEntry(string id) => $"{id}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize))}";

    /// <summary>
    /// The ring for <paramref name="database"/>: from <c>ARIADNE_MASTER_KEYS</c>, else from the file named by
    /// <c>ARIADNE_MASTER_KEY_FILE</c>. Without either, an SQLite file gets a key file beside it (<c>DB.keys</c>, mode
    /// 0600), created on first use and announced once on <paramref name="notices"/>; PostgreSQL fails closed. A key file
    /// is never created beside a database that already holds data under master keys (a lost key file): a new key could
    /// not read that data, and data written under it would be mixed with data nobody can read.
    /// </summary>
    /// <exception cref="KeyConfigurationException">No usable key is configured.</exception>
    public static MasterKeyRing Load(DatabaseOptions database, Func<string, string?> environment, TextWriter notices)
    {
        if (environment(KeysEnvironmentVariable) is { Length: > 0 } inline)
        {
            return Parse(inline, KeysEnvironmentVariable);
        }
        if (environment(KeyFileEnvironmentVariable) is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                throw new KeyConfigurationException($"{KeyFileEnvironmentVariable}: the key file {file} does not exist.");
            }
            return Parse(File.ReadAllText(file), file);
        }
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (dataSource is { Length: > 0 } && !dataSource.Equals(":memory:", StringComparison.Ordinal))
            {
                return LoadOrCreateKeyFile(Path.GetFullPath(dataSource), Path.GetFullPath(dataSource) + ".keys", notices);
            }
        }
        throw new KeyConfigurationException(
            $"No master key is configured: set {KeysEnvironmentVariable} (id:base64key, the last one active) or {KeyFileEnvironmentVariable}; `ariadne keys new` prints a fresh key.");
    }

    private static MasterKeyRing LoadOrCreateKeyFile(string databasePath, string path, TextWriter notices)
    {
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path), path);
        }
        if (HoldsProtectedData(databasePath))
        {
            throw new KeyConfigurationException(
                $"The database {databasePath} holds data protected under master keys, but its key file {path} is missing. A new key could not read that data, so none is created: restore the key file from your backup (or set {KeysEnvironmentVariable} or {KeyFileEnvironmentVariable}); see docs/field-encryption.md, \"Recovery\".");
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.WriteLine("# Ariadne master keys (id:base64). The last entry is active; keep every entry that still wraps data.");
            writer.WriteLine(NewEntry("k1"));
        }
        notices.WriteLine($"Created the master key file {path}. Back it up apart from the database: without it the identifying data cannot be read.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Whether the SQLite file holds anything under a master key: a key check value, a wrapped data key or a wrapped
    /// signing key. Read only; a missing file or a file without those tables holds nothing.
    /// </summary>
    private static bool HoldsProtectedData(string databasePath)
    {
        if (!File.Exists(databasePath) || new FileInfo(databasePath).Length == 0)
        {
            return false;
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var table in new[] { MasterKeyCheck.Table, "PersonKeys", "OrganisationSigningKeys" })
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            exists.Parameters.AddWithValue("$name", table);
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                continue;
            }
            using var any = connection.CreateCommand();
            any.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{table}\")";
            if (Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return true;
            }
        }
        return false;
    }

    public WrappedKey Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context)
    {
        var output = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], TagSize);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceSize, dataKey.Length), output.AsSpan(NonceSize + dataKey.Length), context);
        return new WrappedKey(ActiveKeyId, output);
    }

    public byte[] Unwrap(string keyId, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        if (!_keys.TryGetValue(keyId, out var kek))
        {
            throw new KeyUnavailableException(keyId);
        }
        if (wrapped.Length <= NonceSize + TagSize)
        {
            throw new ProtectedDataException($"A data key wrapped under '{keyId}' is truncated.");
        }
        var plain = new byte[wrapped.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(kek, TagSize);
            aes.Decrypt(wrapped[..NonceSize], wrapped[NonceSize..^TagSize], wrapped[^TagSize..], plain, context);
        }
        catch (CryptographicException e)
        {
            throw new ProtectedDataException($"A data key wrapped under '{keyId}' failed its integrity check (altered, or wrapped for another person).", e);
        }
        return plain;
    }
}
