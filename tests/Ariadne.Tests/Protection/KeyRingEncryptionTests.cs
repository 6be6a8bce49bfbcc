using System.Net;
using System.Xml.Linq;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Protection;

/// <summary>The ASP.NET Core Data Protection key ring is stored encrypted under the master keys and still shared by every node.</summary>
public sealed class KeyRingEncryptionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoNodes_SignInOnOneCookieOnOther_KeyRingHoldsNoPlaintextSecret(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var nodeA = await TestApp.StartAsync(provider, sharedDatabase: database, storedKeyRing: true);
        var user = await nodeA.AddUserAsync("two-nodes", "Synthetic NGO", Roles.CaseWorker);
        var cookies = new System.Net.CookieContainer();
        var clientA = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = nodeA.App.GetTestServer().CreateHandler() })
        {
            BaseAddress = nodeA.App.GetTestServer().BaseAddress,
        };
        var signIn = await PageRenderingTests.PostFormAsync(clientA, "/Account/Login",
            new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var second = await PageRenderingTests.PostFormAsync(clientA, signIn.Headers.Location!.OriginalString, new() { ["Code"] = nodeA.TotpCode(user.AuthenticatorKey!) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/Cases", ct)).StatusCode);

        await using var nodeB = await TestApp.StartAsync(provider, sharedDatabase: database, storedKeyRing: true);
        var clientB = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = nodeB.App.GetTestServer().CreateHandler() })
        {
            BaseAddress = nodeB.App.GetTestServer().BaseAddress,
        };
        var onB = await clientB.GetAsync("/Cases", ct);

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        await using var db = database.NewContext();
        var rows = await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct);
        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.DoesNotContain("<masterKey", row.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", row.Xml, StringComparison.Ordinal);
            Assert.Contains("<ariadneEncryptedKey", row.Xml, StringComparison.Ordinal);
            Assert.Contains("kekId=\"test-a\"", row.Xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void EncryptDecrypt_RoundTripUnderActiveKey_MissingKeyFailsClosedAlteredFailsTag()
    {
        var secret = new XElement("masterKey", new XElement("value", "c2VjcmV0IGtleSBtYXRlcmlhbA=="));
        var ringAB = TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB);

        var encrypted = KeyRingEncryption.Encrypt(ringAB, secret);

        Assert.Equal("test-b", encrypted.Attribute("kekId")!.Value);
        Assert.DoesNotContain("c2VjcmV0", encrypted.ToString(), StringComparison.Ordinal);
        Assert.Equal(secret.ToString(), KeyRingEncryption.Decrypt(TestKeys.Ring(TestKeys.EntryB), encrypted).ToString());
        var missing = Assert.Throws<KeyUnavailableException>(() => KeyRingEncryption.Decrypt(TestKeys.Ring(TestKeys.EntryA), encrypted));
        Assert.Equal("test-b", missing.KeyId);
        var bytes = Convert.FromBase64String(encrypted.Value);
        bytes[^1] ^= 1;
        var altered = new XElement(encrypted.Name, encrypted.Attribute("kekId"), Convert.ToBase64String(bytes));
        Assert.Throws<ProtectedDataException>(() => KeyRingEncryption.Decrypt(ringAB, altered));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ProtectKeyRing_LegacyPlainRowThenRotation_EncryptedThenUnderNewKey(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        const string legacy = """
            <key id="0f5e3c1a-4a7b-4f55-9d2f-1d8b3a6c7e90" version="1"><creationDate>2026-01-01T00:00:00Z</creationDate><activationDate>2026-01-01T00:00:00Z</activationDate><expirationDate>2026-04-01T00:00:00Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection"><!-- Warning: the key below is in an unencrypted form. --><value>UExBSU5URVhUS0VZTUFURVJJQUxQTEFJTlRFWFRLRVk=</value></masterKey></descriptor></descriptor></key>
            """;
        await using (var db = database.NewContext())
        {
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-legacy", Xml = legacy });
            await db.SaveChangesAsync(ct);
        }

        int first, again, rotated;
        string afterFirst, afterRotation;
        await using (var db = database.NewContext())
        {
            first = await new KeyRotation(db, TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA)), []).ProtectKeyRingAsync(ct);
            again = await new KeyRotation(db, TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA)), []).ProtectKeyRingAsync(ct);
            afterFirst = (await db.DataProtectionKeys.AsNoTracking().SingleAsync(ct)).Xml!;
            rotated = await new KeyRotation(db, TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB)), []).ProtectKeyRingAsync(ct);
            afterRotation = (await db.DataProtectionKeys.AsNoTracking().SingleAsync(ct)).Xml!;
        }

        Assert.Equal((1, 0, 1), (first, again, rotated));
        Assert.DoesNotContain("UExBSU5URVhU", afterFirst, StringComparison.Ordinal);
        Assert.Contains("kekId=\"test-a\"", afterFirst, StringComparison.Ordinal);
        Assert.Contains("decryptorType=\"" + typeof(MasterKeyXmlDecryptor).FullName, afterFirst, StringComparison.Ordinal);
        Assert.Contains("kekId=\"test-b\"", afterRotation, StringComparison.Ordinal);
        var encrypted = XElement.Parse(afterRotation).Descendants("ariadneEncryptedKey").Single();
        var secret = KeyRingEncryption.Decrypt(TestKeys.Ring(TestKeys.EntryB), encrypted);
        Assert.Equal("UExBSU5URVhUS0VZTUFURVJJQUxQTEFJTlRFWFRLRVk=", secret.Element("value")!.Value);
    }
}
