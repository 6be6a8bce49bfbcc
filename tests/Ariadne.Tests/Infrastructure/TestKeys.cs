using Ariadne.Core.Protection;

namespace Ariadne.Tests.Infrastructure;

/// <summary>Fixed, synthetic master keys for tests; never used anywhere else.</summary>
public static class TestKeys
{
    /// <summary>Key "test-a": 32 bytes 0x41.</summary>
    public static readonly string EntryA = "test-a:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x41, MasterKeyRing.KeySize).ToArray());

    /// <summary>Key "test-b": 32 bytes 0x42.</summary>
    public static readonly string EntryB = "test-b:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x42, MasterKeyRing.KeySize).ToArray());

    /// <summary>The ring every test app and test database uses unless a test says otherwise: only "test-a".</summary>
    public static MasterKeyRing Default { get; } = Ring(EntryA);

    public static MasterKeyRing Ring(params string[] entries) => MasterKeyRing.Parse(string.Join(",", entries), "test keys");

    public static IdentityVault Vault(IKeyEncryptionKeyProvider? keys = null) => new(keys ?? Default);
}
