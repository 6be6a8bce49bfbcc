using System.Security.Cryptography;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Protection;

public sealed class IdentityVaultTests
{
    private static readonly PersonIdentity Identity = new()
    {
        GivenName = "Zyxwvutsrq",
        FamilyName = "Qponmlkjih",
        Aliases = ["Alias One", "Alias Two"],
        DateOfBirth = new DateOnly(1991, 7, 23),
        DocumentType = "passport",
        DocumentNumber = "QX-98765432",
        Phone = "+49 30 5550199",
        Email = "synthetic.person@example.org",
        Address = "Synthetic Street 1\n10115 Nowhere",
    };

    [Fact]
    public void SealOpen_RoundTrip_ReturnsTheSameIdentity()
    {
        var vault = TestKeys.Vault();
        var personId = Guid.CreateVersion7();
        var (row, key) = vault.NewKeyFor(personId, DateTime.UtcNow);

        var sealedIdentity = vault.Seal(personId, Identity, key);
        var opened = vault.Open(personId, sealedIdentity, vault.KeyFor(row));

        Assert.Equal(Identity with { Aliases = [] }, opened with { Aliases = [] });
        Assert.Equal(Identity.Aliases, opened.Aliases);
        Assert.Equal(1, sealedIdentity[0]);
        Assert.Equal("test-a", row.KekId);
        Assert.Equal(IdentityVault.DataKeySize, key.Length);
    }

    [Fact]
    public void SealNarrative_RoundTrip_ReturnsTheSameText()
    {
        var vault = TestKeys.Vault();
        var caseId = Guid.CreateVersion7();
        var (_, key) = vault.NewKeyFor(Guid.CreateVersion7(), DateTime.UtcNow);

        var text = vault.OpenNarrative(caseId, vault.SealNarrative(caseId, "A synthetic narrative ✓", key), key);

        Assert.Equal("A synthetic narrative ✓", text);
    }

    [Fact]
    public void Open_TamperedCiphertext_ProtectedDataException()
    {
        var vault = TestKeys.Vault();
        var personId = Guid.CreateVersion7();
        var (_, key) = vault.NewKeyFor(personId, DateTime.UtcNow);
        var sealedIdentity = vault.Seal(personId, Identity, key);
        sealedIdentity[20] ^= 0x01;

        var error = Assert.Throws<ProtectedDataException>(() => vault.Open(personId, sealedIdentity, key));

        Assert.IsAssignableFrom<CryptographicException>(error);
        Assert.Contains("integrity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnotherPersonsId_ProtectedDataException()
    {
        var vault = TestKeys.Vault();
        var personId = Guid.CreateVersion7();
        var (_, key) = vault.NewKeyFor(personId, DateTime.UtcNow);
        var sealedIdentity = vault.Seal(personId, Identity, key);

        Assert.Throws<ProtectedDataException>(() => vault.Open(Guid.CreateVersion7(), sealedIdentity, key));
    }

    [Fact]
    public void KeyFor_RowMovedToAnotherPerson_ProtectedDataException()
    {
        var vault = TestKeys.Vault();
        var (row, _) = vault.NewKeyFor(Guid.CreateVersion7(), DateTime.UtcNow);
        row.PersonId = Guid.CreateVersion7();

        Assert.Throws<ProtectedDataException>(() => vault.KeyFor(row));
    }

    [Fact]
    public void KeyFor_MasterKeyNotConfigured_KeyUnavailableExceptionNamingTheKey()
    {
        var (row, _) = TestKeys.Vault(TestKeys.Ring(TestKeys.EntryB)).NewKeyFor(Guid.CreateVersion7(), DateTime.UtcNow);

        var error = Assert.Throws<KeyUnavailableException>(() => TestKeys.Vault().KeyFor(row));

        Assert.Equal("test-b", error.KeyId);
        Assert.Contains("'test-b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrap_OldKeyStillConfigured_SameDataKeyUnderTheActiveKey()
    {
        var (row, key) = TestKeys.Vault().NewKeyFor(Guid.CreateVersion7(), DateTime.UtcNow);
        var both = TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB));

        Assert.True(both.Rewrap(row));

        Assert.Equal("test-b", row.KekId);
        Assert.Equal(key, TestKeys.Vault(TestKeys.Ring(TestKeys.EntryB)).KeyFor(row));
        Assert.False(both.Rewrap(row));
    }

    [Theory]
    [InlineData("Müller-Lüdenscheidt", "MULLERLUDENSCHEIDT")]
    [InlineData("  van   der  Berg ", "VAN DER BERG")]
    [InlineData("O’Brien", "OBRIEN")]
    [InlineData("Ｚｙｘ", "ZYX")]
    [InlineData(null, "")]
    public void NormaliseName_Variants_CanonicalForm(string? value, string expected) =>
        Assert.Equal(expected, IdentityVault.NormaliseName(value));

    [Fact]
    public void BlindIndexes_SpellingVariants_Equal_DifferentValues_Differ()
    {
        var vault = TestKeys.Vault();
        var dob = new DateOnly(1991, 7, 23);

        var index = vault.NameDobIndex("Qponmlkjih", "Zyxwvutsrq", dob);

        Assert.Equal(IdentityVault.BlindIndexSize, index!.Length);
        Assert.Equal(index, vault.NameDobIndex(" qpónmlkjih", "ZYXWVUTSRQ ", dob));
        Assert.NotEqual(index, vault.NameDobIndex("Qponmlkjih", "Zyxwvutsrq", dob.AddDays(1)));
        Assert.NotEqual(index, TestKeys.Vault(TestKeys.Ring(TestKeys.EntryB)).NameDobIndex("Qponmlkjih", "Zyxwvutsrq", dob));
        Assert.Equal(vault.DocumentIndex("Passport", "QX-98765432"), vault.DocumentIndex("passport ", "qx 9876 5432"));
        Assert.Null(vault.NameDobIndex("Qponmlkjih", "Zyxwvutsrq", null));
    }

    [Fact]
    public void BlindIndexKey_NewActiveKeyAppended_Unchanged()
    {
        var before = TestKeys.Vault().NameDobIndex("Qponmlkjih", "Zyxwvutsrq", new DateOnly(1991, 7, 23));
        var after = TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB)).NameDobIndex("Qponmlkjih", "Zyxwvutsrq", new DateOnly(1991, 7, 23));

        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("k1:AAAA", "bytes")]
    [InlineData("k1:not base64!", "base64")]
    [InlineData("nocolon", "id:base64key")]
    [InlineData("bad id:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", "invalid")]
    public void Parse_MalformedEntry_KeyConfigurationExceptionWithoutTheKey(string text, string expected)
    {
        var error = Assert.Throws<KeyConfigurationException>(() => MasterKeyRing.Parse(text, "test"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("QUFB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateId_Refused() =>
        Assert.Throws<KeyConfigurationException>(() => MasterKeyRing.Parse(TestKeys.EntryA + "," + TestKeys.EntryA, "test"));

    [Fact]
    public void Parse_SeveralKeys_LastIsActive()
    {
        var ring = MasterKeyRing.Parse("# comment\n" + TestKeys.EntryA + "\n\n" + TestKeys.EntryB + "\n", "test");

        Assert.Equal(["test-a", "test-b"], ring.KeyIds);
        Assert.Equal("test-b", ring.ActiveKeyId);
    }

    [Fact]
    public void Load_SqliteWithoutConfiguration_CreatesPrivateKeyFileOnceAndReusesIt()
    {
        var directory = Directory.CreateTempSubdirectory("ariadne-keys-");
        try
        {
            var database = DatabaseOptions.Parse(Path.Combine(directory.FullName, "cases.db"));
            var notices = new StringWriter();

            var first = MasterKeyRing.Load(database, _ => null, notices);
            var second = MasterKeyRing.Load(database, _ => null, notices);

            var file = Path.Combine(directory.FullName, "cases.db.keys");
            Assert.True(File.Exists(file));
            Assert.Equal(first.ActiveKeyId, second.ActiveKeyId);
            Assert.Equal(first.BlindIndexSecret.ToArray(), second.BlindIndexSecret.ToArray());
            Assert.Single(notices.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(file, notices.ToString(), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_PostgresWithoutConfiguration_FailsClosed()
    {
        var database = DatabaseOptions.Parse("Host=localhost;Database=x;Username=y");

        var error = Assert.Throws<KeyConfigurationException>(() => MasterKeyRing.Load(database, _ => null, TextWriter.Null));

        Assert.Contains(MasterKeyRing.KeysEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvironmentVariable_WinsOverKeyFile()
    {
        var database = DatabaseOptions.Parse("Host=localhost;Database=x;Username=y");
        var environment = new Dictionary<string, string?>
        {
            [MasterKeyRing.KeysEnvironmentVariable] = TestKeys.EntryA + "," + TestKeys.EntryB,
            [MasterKeyRing.KeyFileEnvironmentVariable] = "/nonexistent/file",
        };

        var ring = MasterKeyRing.Load(database, name => environment.GetValueOrDefault(name), TextWriter.Null);

        Assert.Equal("test-b", ring.ActiveKeyId);
    }
}
