using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Organisations;
using Ariadne.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Tests.ImportExport;

public sealed class CaseImportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_OneBadRowAmongGoodOnes_NothingStoredAndEveryBadRowReported(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv",
            CaseFiles.GoodRow("T-1"),
            CaseFiles.GoodRow("T-2").Replace(",female,", ",robot,", StringComparison.Ordinal),
            CaseFiles.GoodRow("T-3").Replace("2026-05-02", "2027-01-01", StringComparison.Ordinal),
            CaseFiles.GoodRow("T-4").Replace("2026-05-02", "1999-05-05", StringComparison.Ordinal),
            "T-5,,,male,,30,true,RO,2026-01-10,possible,police,,,,",
            CaseFiles.GoodRow("T-6").Replace("A synthetic narrative.", new string('n', CaseRules.MaxNarrativeLength + 1), StringComparison.Ordinal),
            CaseFiles.GoodRow("T-7").Replace("2026-05-02", "2024-13-01", StringComparison.Ordinal),
            "T-8,,,male,,abc,,RO,2026-01-10,possible,police,,,,",
            CaseFiles.GoodRow("T-1"),
            CaseFiles.GoodRow("T-9"));
        await using var db = database.NewContext();

        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions(), null, Token);

        Assert.Equal(CaseImportOutcome.Invalid, result.Outcome);
        Assert.Equal(0, result.Stored);
        Assert.Equal(0, await db.Cases.CountAsync(Token));
        var errors = result.Errors.Select(e => (e.Row, e.Column)).ToList();
        Assert.Contains((3, "sex"), errors);
        Assert.Contains((4, "identificationDate"), errors);
        Assert.Contains((5, "identificationDate"), errors);
        Assert.Contains((6, "minorAtIdentification"), errors);
        Assert.Contains((7, "narrative"), errors);
        Assert.Contains((8, "identificationDate"), errors);
        Assert.Contains((9, "ageAtIdentification"), errors);
        Assert.Contains((10, "caseCode"), errors);
        Assert.DoesNotContain(result.Errors, e => e.Row is 2 or 11);
        Assert.Equal(8, result.Rejected);
        Assert.Equal("row 3, column sex: 'robot' is not a code of the sex list.", result.Errors.Single(e => e.Row == 3).ToString());
        Assert.Contains("future", result.Errors.Single(e => e.Row == 4).Reason, StringComparison.Ordinal);
        Assert.Contains("before the date of birth", result.Errors.Single(e => e.Row == 5).Reason, StringComparison.Ordinal);
        Assert.Contains("minor", result.Errors.Single(e => e.Row == 6).Reason, StringComparison.Ordinal);
        Assert.Contains("8000", result.Errors.Single(e => e.Row == 7).Reason, StringComparison.Ordinal);
        // The unreadable date is reported once, not again as "required".
        Assert.Equal("'2024-13-01' is not a date in the form yyyy-MM-dd.", result.Errors.Single(e => e.Row == 8).Reason);
        Assert.Equal("'abc' is not a whole number.", result.Errors.Single(e => e.Row == 9).Reason);
        Assert.Contains("row 2", result.Errors.Single(e => e.Row == 10).Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(CaseImporter.RejectsPath(path)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SkipInvalid_GoodRowsStoredAndRejectsFileHasOriginalCellsAndReasons(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var bad = CaseFiles.GoodRow("T-2").Replace(",female,", ",robot,", StringComparison.Ordinal).Replace(",NG,", ",XX,", StringComparison.Ordinal);
        var path = files.Csv("cases.csv", CaseFiles.GoodRow("T-1"), bad, CaseFiles.GoodRow("T-3"), "T-4,,,male,,abc,,RO,2026-01-10,possible,police,,,,");
        await using var db = database.NewContext();

        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { SkipInvalid = true }, null, Token);

        Assert.Equal(CaseImportOutcome.Imported, result.Outcome);
        Assert.Equal(2, result.Stored);
        Assert.Equal(2, result.Rejected);
        Assert.Equal(["T-1", "T-3"], await db.Cases.OrderBy(c => c.CaseCode).Select(c => c.CaseCode).ToListAsync(Token));
        Assert.Equal(files.PathOf("cases.rejected.csv"), result.RejectsFile);
        using var rejects = CsvReader.FromFile(result.RejectsFile!, CsvReaderOptions.Default with { Separator = ',' });
        Assert.Equal([.. CaseFiles.Header.Split(','), CaseRejectsWriter.ReasonsColumn], rejects.Headers);
        Assert.True(rejects.Read());
        Assert.Equal("T-2", rejects.GetString("caseCode"));
        Assert.Equal("robot", rejects.GetString("sex"));
        Assert.Equal("sex: 'robot' is not a code of the sex list. | citizenships: 'XX' is not a code of the country list.",
            rejects.GetString(CaseRejectsWriter.ReasonsColumn));
        Assert.True(rejects.Read());
        Assert.Equal("ageAtIdentification: 'abc' is not a whole number.", rejects.GetString(CaseRejectsWriter.ReasonsColumn));
        Assert.False(rejects.Read());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SemicolonCsvWithBomAndExternalCodes_StoredWithProductCodes(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Write("semicolon.csv",
            "Sex;IDENTIFICATIONDATE;traffickingStatus;detectingOrganisationType;citizenships;narrative;ageAtIdentification\n" +
            "Feminine;2025-02-03;possible;NGO;\"NG; FR\";\"Commas, and \"\"quotes\"\"; kept\";16\n", byteOrderMark: true);
        await using var db = database.NewContext();

        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions(), null, Token);

        Assert.Empty(result.Errors);
        var stored = await db.Cases.Include(c => c.Person).ThenInclude(p => p.Key).SingleAsync(Token);
        CaseService.OpenIdentity(stored, TestKeys.Vault());
        Assert.Equal("female", stored.Person.Sex);
        Assert.Equal("ngo", stored.DetectingOrganisationType);
        Assert.Equal(["NG", "FR"], stored.Person.Citizenships);
        Assert.Equal("Commas, and \"quotes\"; kept", stored.Narrative);
        Assert.Equal(AgeGroup.Minor, stored.AgeGroup);
        Assert.Matches("^C-", stored.CaseCode);
        Assert.Equal(CaseImporter.DefaultOrganisationName, (await db.Organisations.SingleAsync(Token)).Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_Xlsx_TypedCellsReadAndBadRowReportedWithSpreadsheetRow(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.PathOf("cases.xlsx");
        Dictionary<string, object?> Row(string code, string sex, int age) => new()
        {
            ["caseCode"] = code,
            ["sex"] = sex,
            ["ageAtIdentification"] = age,
            ["minorAtIdentification"] = age < 18,
            ["identificationDate"] = "2025-07-01",
            ["traffickingStatus"] = "actual",
            ["statusDecidedBy"] = "police",
            ["detectingOrganisationType"] = "police",
            ["exploitationForms"] = "forced-labour;forced-criminal-activity",
        };
        MiniExcel.SaveAs(path, new[] { Row("X-1", "male", 34), Row("X-2", "female", 15), Row("X-3", "robot", 20) });
        await using var db = database.NewContext();

        var invalid = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions(), null, Token);
        Assert.Equal("row 4, column sex: 'robot' is not a code of the sex list.", Assert.Single(invalid.Errors).ToString());
        Assert.Equal(0, await db.Cases.CountAsync(Token));

        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { SkipInvalid = true }, null, Token);
        Assert.Equal(2, result.Stored);
        var minor = await db.Cases.SingleAsync(c => c.CaseCode == "X-2", Token);
        Assert.Equal(15, minor.AgeAtIdentification);
        Assert.Equal(AgeGroup.Minor, minor.AgeGroup);
        Assert.Equal(["forced-labour", "forced-criminal-activity"], minor.Exploitation.Forms);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_UnknownAndMissingColumns_FileErrorNamingTheColumnAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Write("cases.csv", "caseCode,gender,identificationDate,traffickingStatus,detectingOrganisationType,ageGroup\nT-1,female,2025-01-01,possible,ngo,Adult\n");
        await using var db = database.NewContext();

        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { SkipInvalid = true }, null, Token);

        Assert.Equal(CaseImportOutcome.Invalid, result.Outcome);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("row 1, column gender: 'gender' is not a column of the case layout", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("row 1, column sex: The required column is missing.", result.Errors[1].ToString());
        Assert.Equal(0, await db.Cases.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_CaseCodeAlreadyStored_RowRejected(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        await using var db = database.NewContext();
        await CaseFiles.Importer(db).ImportAsync(files.Csv("first.csv", CaseFiles.GoodRow("T-1")), new CaseImportOptions(), null, Token);

        var result = await CaseFiles.Importer(db).ImportAsync(files.Csv("second.csv", CaseFiles.GoodRow("T-2"), CaseFiles.GoodRow("T-1")),
            new CaseImportOptions(), null, Token);

        Assert.Equal("row 3, column caseCode: The case code 'T-1' is already in use.", Assert.Single(result.Errors).ToString());
        Assert.Equal(1, await db.Cases.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_Organisation_NamedMustExistAndRequiredWhenSeveral(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        await using var db = database.NewContext();
        db.Organisations.AddRange(new Organisation { Name = "NGO A", Type = "ngo" }, new Organisation { Name = "NGO B", Type = "ngo" });
        await db.SaveChangesAsync(Token);
        var path = files.Csv("cases.csv", CaseFiles.GoodRow("T-1"));

        await Assert.ThrowsAsync<CaseImportException>(() => CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions(), null, Token));
        await Assert.ThrowsAsync<CaseImportException>(() => CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { Organisation = "NGO C" }, null, Token));
        var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { Organisation = "NGO B" }, null, Token);

        Assert.Equal("NGO B", result.Organisation);
        Assert.Equal("NGO B", (await db.Cases.Include(c => c.Organisation).SingleAsync(Token)).Organisation!.Name);
    }

    /// <summary>The bulk path writes exactly what EF Core writes: the same stored values, and rows EF finds by key.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BulkAndEntityFramework_StoreIdenticalRows(DatabaseProvider provider)
    {
        await using var viaEf = await TestDatabase.CreateAsync(provider);
        await using var viaBulk = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Write("cases.csv", RoundTripTests.VariedCasesCsv);

        async Task<AppDbContext> ImportAsync(TestDatabase database, CaseInsertMethod method)
        {
            var db = database.NewContext();
            var result = await CaseFiles.Importer(db).ImportAsync(path, new CaseImportOptions { Method = method }, null, Token);
            Assert.Empty(result.Errors);
            return db;
        }
        await using var efDb = await ImportAsync(viaEf, CaseInsertMethod.EntityFramework);
        await using var bulkDb = await ImportAsync(viaBulk, CaseInsertMethod.Bulk);

        Assert.Equal(await RawRowsAsync(efDb, "Cases"), await RawRowsAsync(bulkDb, "Cases"));
        Assert.Equal(await RawRowsAsync(efDb, "Persons"), await RawRowsAsync(bulkDb, "Persons"));
        Assert.Equal(await RawRowsAsync(efDb, "PersonKeys"), await RawRowsAsync(bulkDb, "PersonKeys"));
        Assert.Equal(4, (await RawRowsAsync(bulkDb, "PersonKeys")).Count);
        Assert.Equal(await RoundTripTests.ReadAllAsync(efDb), await RoundTripTests.ReadAllAsync(bulkDb));
        if (provider == DatabaseProvider.Sqlite)
        {
            // The bulk path drops and re-creates the indexes of an import larger than the table: they must all be back.
            const string indexes = "SELECT name || ':' || coalesce(sql, '') AS \"Value\" FROM sqlite_master WHERE type = 'index' ORDER BY name";
            Assert.Equal(await efDb.Database.SqlQueryRaw<string>(indexes).ToListAsync(Token), await bulkDb.Database.SqlQueryRaw<string>(indexes).ToListAsync(Token));
        }
        var some = await bulkDb.Cases.AsNoTracking().Select(c => new { c.Id, PersonId = c.Person.Id }).FirstAsync(Token);
        Assert.True(await bulkDb.Cases.AnyAsync(c => c.Id == some.Id, Token));
        Assert.True(await bulkDb.Persons.AnyAsync(p => p.Id == some.PersonId, Token));
    }

    /// <summary>
    /// Every stored value as text, rows in case-code (or sex, name) order. Keys differ between two imports, so only
    /// their form is kept: upper- or lower-case text, or a native value.
    /// </summary>
    private static async Task<List<string>> RawRowsAsync(AppDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync(Token);
        var rows = new List<string>();
        while (await reader.ReadAsync(Token))
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                var value = reader.GetValue(i);
                cells.Add(name + "=" + (name is "Id" or "PersonId" or "OrganisationId"
                    ? value is string s ? (s == s.ToUpperInvariant() ? "TEXT-UPPER" : "text-lower") + s.Length : value.GetType().Name
                    // Sealed values have a random nonce: only their form and length can match; ReadAllAsync compares them opened.
                    : name.EndsWith("Ciphertext", StringComparison.Ordinal) || name == "WrappedKey"
                        ? value is byte[] sealedBytes ? "sealed" + sealedBytes.Length : value.GetType().Name
                    : value is Array array ? "[" + string.Join(",", array.Cast<object>()) + "]"
                    : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
                      + ":" + value.GetType().Name));
            }
            rows.Add(string.Join("|", cells));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
