using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Retention;

/// <summary><c>ariadne retention preview|apply</c> against a database with one case closed long ago (the CLI uses the real clock).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RetentionCommandTests
{
    [Fact]
    public async Task PreviewThenApply_OneOldClosedCase_CountedThenErased()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using (var db = database.NewContext())
        {
            var old = CaseService.NewCase(ProtectionTestData.Distinctive() with { CaseCode = "C-OLD", Status = "closed" }, organisation,
                new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), TestKeys.Vault());
            db.Cases.Add(old);
            db.Cases.Add(CaseService.NewCase(ProtectionTestData.Distinctive("2") with { CaseCode = "C-NEW", Status = "closed" }, organisation,
                DateTime.UtcNow, TestKeys.Vault()));
            await db.SaveChangesAsync(ct);
        }
        var path = database.Options.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal).Split(';')[0];

        var preview = await CliRunner.RunAsync("retention", "preview", "--json", "--database", path);
        var apply = await CliRunner.RunAsync("retention", "apply", "--database", path);
        var again = await CliRunner.RunAsync("retention", "apply", "--json", "--database", path);

        Assert.True(preview.Exit == 0, preview.Error);
        using (var json = JsonDocument.Parse(preview.Output))
        {
            Assert.Equal(1, json.RootElement.GetProperty("preview").GetProperty("dueCaseClosed").GetInt32());
            Assert.Equal(5, json.RootElement.GetProperty("policy").GetProperty("identityYears").GetInt32());
        }
        Assert.True(apply.Exit == 0, apply.Error);
        Assert.Contains("Erased: 1.", apply.Output, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(again.Output))
        {
            Assert.Equal(0, json.RootElement.GetProperty("erased").GetInt32());
        }
        await using var check = database.NewContext();
        Assert.Equal(["C-OLD"], await check.Cases.Where(c => c.Person.IdentityErasedAtUtc != null).Select(c => c.CaseCode).ToListAsync(ct));
    }

    [Fact]
    public async Task Preview_InvalidYearsInEnvironment_ExitOneNamingTheKey()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = database.Options.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal).Split(';')[0];
        Environment.SetEnvironmentVariable("Retention__IdentityYears", "-3");
        try
        {
            var result = await CliRunner.RunAsync("retention", "preview", "--database", path);

            Assert.Equal(1, result.Exit);
            Assert.Contains("Retention:IdentityYears must be 0 (off) or 1 to 100 years; it is -3.", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Retention__IdentityYears", null);
        }
    }
}
