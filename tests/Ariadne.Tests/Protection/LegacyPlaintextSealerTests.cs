using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Protection;

/// <summary>A database from before field encryption keeps its data: the old plaintext is sealed, then its columns go.</summary>
public sealed class LegacyPlaintextSealerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SealAsync_PlaintextInOldColumns_SealedReadableAndColumnsDropped(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        Guid withLegacy, untouched;
        await using (var db = database.NewContext())
        {
            var cases = ProtectionTestData.Service(db, TestKeys.Default);
            var plain = ProtectionTestData.Distinctive() with { GivenName = null, FamilyName = null, Aliases = [], DateOfBirth = null, DocumentNumber = null, DocumentType = null, Phone = null, Email = null, Address = null, Narrative = null, AgeAtExploitationStart = null };
            withLegacy = (await cases.CreateAsync(plain, organisation, CaseViewer.LocalOperator, ct)).Case!.Id;
            untouched = (await cases.CreateAsync(ProtectionTestData.Distinctive("2"), organisation, CaseViewer.LocalOperator, ct)).Case!.Id;
            // What an installation from before field encryption holds after the FieldEncryption migration.
            var personId = await db.Cases.Where(c => c.Id == withLegacy).Select(c => c.Person.Id).SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Persons\" SET \"GivenName\" = {0}, \"FamilyName\" = {1}, \"DateOfBirth\" = {2} WHERE \"Id\" = {3}",
                ["Legacygivenq", "Legacyfamilyq", new DateOnly(1990, 1, 31), personId], ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Cases\" SET \"Narrative\" = {0} WHERE \"Id\" = {1}", ["Legacy narrative Qwzyxv.", withLegacy], ct);
        }

        int sealedRecords, again;
        await using (var db = database.NewContext())
        {
            var sealer = new LegacyPlaintextSealer(db, new IdentityVault(TestKeys.Default), new FakeTimeProvider(TestApp.Now));
            sealedRecords = await sealer.SealAsync(ct);
            again = await sealer.SealAsync(ct);
        }

        Assert.Equal(1, sealedRecords);
        Assert.Equal(0, again);
        await using (var db = database.NewContext())
        {
            var cases = ProtectionTestData.Service(db, TestKeys.Default);
            var legacy = (await cases.GetAsync(withLegacy, CaseViewer.LocalOperator, ct))!;
            Assert.Equal("Legacygivenq", legacy.Person.Identity!.GivenName);
            Assert.Equal("Legacyfamilyq", legacy.Person.Identity.FamilyName);
            Assert.Equal(new DateOnly(1990, 1, 31), legacy.Person.Identity.DateOfBirth);
            Assert.Equal("Legacy narrative Qwzyxv.", legacy.Narrative);
            Assert.Single(await cases.FindByNameAndDateOfBirthAsync("Legacyfamilyq", "Legacygivenq", new DateOnly(1990, 1, 31), CaseViewer.LocalOperator, ct));
            Assert.Equal("Zyxwvutsrq2", (await cases.GetAsync(untouched, CaseViewer.LocalOperator, ct))!.Person.Identity!.GivenName);
        }
        Assert.Empty(ProtectionTestData.Find(await ProtectionTestData.DatabaseBytesAsync(database), ["Legacygivenq", "Legacyfamilyq", "1990-01-31", "Qwzyxv"]));
    }
}
