using System.Text;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Finance;

/// <summary>
/// On both providers: the parties' name encodings and date-of-birth indexes are stored at import (no plaintext), R6 joins
/// a holder's accounts under name variants and explains it, a bad date of birth is named, and the disposition note is
/// sealed under the dataset's key (the raw column holds no plaintext; rotation re-wraps the key). One database per
/// provider, no app.
/// </summary>
public sealed class FinancePartyStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finparty-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAnalyseDispose_NameVariantsJoinR6_EncodingsAndNoteSealed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var service = new FinanceService(db, TestKeys.Vault(), new RecordingAuditLog(), new LocalOperatorAuditContext(),
            new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        var investigator = new CaseViewer(Guid.NewGuid(), null, new HashSet<string> { Roles.FinancialInvestigator });
        var data = FinanceGenerator.Generate(400, 4000, 5);
        FinanceFiles.WriteGenerated(_folder, data);
        var generated = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 5, sharedGroups: 1, variantPersons: 3);
        var partiesPath = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(partiesPath, generated.Parties);
        var transactions = Path.Combine(_folder, FinanceFiles.TransactionsFile);
        var accounts = Path.Combine(_folder, FinanceFiles.AccountsFile);

        // A bad date of birth is named by file, line and column.
        var bad = Path.Combine(_folder, "bad-parties.csv");
        File.WriteAllText(bad, "account_id,name,date_of_birth\nA1,Synthetic One,1980-01-02\nA2,Synthetic Two,02.01.1980\n");
        var refused = await service.ImportAsync(new FinanceImportRequest("bad", "amlsim", transactions, accounts, bad), investigator, null, Token);
        Assert.Contains("bad-parties.csv, line 3, column date_of_birth", Assert.Single(refused.Problem!.Errors).Message, StringComparison.Ordinal);

        var dataset = (await service.ImportAsync(new FinanceImportRequest("variants", "amlsim", transactions, accounts, partiesPath), investigator, null, Token)).Value!;
        var raw = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == dataset.Id).ToListAsync(Token);
        Assert.All(raw, p => Assert.Equal(FinancePartyNames.EncodingBytes, p.NameEncoding!.Length));
        Assert.All(raw, p => Assert.Equal(16, p.BirthDateIndex!.Length));
        var person = generated.Parties[0];
        Assert.DoesNotContain(raw.SelectMany(p => new[] { p.NameEncoding!, p.BirthDateIndex! }).Select(Encoding.Latin1.GetString),
            text => text.Contains(person.DateOfBirth!, StringComparison.Ordinal) || text.Contains(person.Name!.Split(' ')[1], StringComparison.OrdinalIgnoreCase));

        // The shared phone group's first holder also holds accounts under name variants: R6 spans them too and says why.
        Assert.True((await service.AnalyseAsync(dataset.Id, null, investigator, null, Token)).Succeeded);
        var shared = Assert.Single((await service.AlertsAsync(new AlertQuery(Rule: "R6"), investigator, Token)).Value!.Items);
        var view = (await service.AlertAsync(shared.Id, investigator, Token)).Value!;
        Assert.Equal(generated.SharedGroups[0].Concat(generated.Persons[0]).Distinct().Order(StringComparer.Ordinal), view.Accounts.Select(a => a.ExternalId).Order(StringComparer.Ordinal));
        Assert.Contains("holders carry 3 different names", view.Explanation, StringComparison.Ordinal);
        Assert.Matches(@"names similar (0\.(8[5-9]|9\d)|1\.00) on the encoded comparison, same date of birth", view.Explanation);

        // The disposition note is sealed under the dataset's key: the raw column holds no plaintext, the view opens it.
        const string note = "Synthetic controller note: same holder at two banks";
        Assert.True((await service.DisposeAsync(shared.Id, "TruePositive", note, investigator, Token)).Succeeded);
        db.ChangeTracker.Clear();
        await using (var connection = database.NewContext())
        {
            var command = connection.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT \"SealedDispositionNote\" FROM \"FinanceAlerts\" WHERE \"SealedDispositionNote\" IS NOT NULL";
            await connection.Database.OpenConnectionAsync(Token);
            var sealedNote = (byte[])(await command.ExecuteScalarAsync(Token))!;
            Assert.DoesNotContain("controller", Encoding.UTF8.GetString(sealedNote), StringComparison.Ordinal);
            Assert.DoesNotContain(db.Model.FindEntityType(typeof(Core.Finance.Data.FinanceAlert))!.GetProperties(), p => p.ClrType == typeof(string) && p.Name.Contains("Note", StringComparison.Ordinal));
        }
        Assert.Equal(note, (await service.AlertAsync(shared.Id, investigator, Token)).Value!.DispositionNote);

        // Rotation re-wraps the dataset key under the new master key; the note still opens.
        var rotated = TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB);
        Assert.Equal(1, await new FinanceDatasetMasterKeys().RewrapAsync(db, rotated, Token));
        db.ChangeTracker.Clear();
        Assert.Equal("test-b", (await db.Set<FinanceDataset>().AsNoTracking().SingleAsync(d => d.Id == dataset.Id, Token)).KekId);
        var after = new FinanceService(db, TestKeys.Vault(rotated), new RecordingAuditLog(), new LocalOperatorAuditContext(), TimeProvider.System);
        Assert.Equal(note, (await after.AlertAsync(shared.Id, investigator, Token)).Value!.DispositionNote);
    }
}
