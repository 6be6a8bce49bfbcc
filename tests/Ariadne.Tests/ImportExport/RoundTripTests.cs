using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.ImportExport;

public sealed class RoundTripTests
{
    /// <summary>Synthetic cases that use every column: lists, quotes, commas, line breaks, non-ASCII text, unknown ages.</summary>
    internal const string VariedCasesCsv =
        "caseCode,status,givenName,familyName,sex,dateOfBirth,yearOfBirth,ageAtIdentification,minorAtIdentification,citizenships," +
        "identificationDate,traffickingStatus,statusDecidedBy,detectingOrganisationType,countryOfExploitation,ageAtExploitationStart," +
        "exploitationForms,meansOfControl,labourTypes,recruitmentMethod,recruiterRelationship,narrative\n" +
        "R-1,active,Ada,Muster,female,2000-03-01,,,,NG;FR,2026-05-02,actual,police,ngo,DE,22,sexual-exploitation;forced-labour," +
        "debt-bondage;withholds-documents,,,,\"Said \"\"no\"\", then left,\nnext day.\"\n" +
        "R-2,closed,Jörg,Ñandú,male,,1990,35,false,RO,2025-11-30,possible,,police,RO,,forced-labour,,,,,\n" +
        "R-3,active,,,unknown,,,,true,,2024-02-29,not-a-victim,,shelter,,,,,,,,Minor with unknown age\n" +
        "R-4,active,,,transgender-nonconforming,,,,,VN,2023-01-01,possible,,other,GB,,,,,,,\n";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_Csv_AllFieldsRoundTrip(DatabaseProvider provider) =>
        await RoundTripAsync(provider, CaseExportFormat.Csv, "export.csv");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_Xlsx_AllFieldsRoundTrip(DatabaseProvider provider) =>
        await RoundTripAsync(provider, CaseExportFormat.Xlsx, "export.xlsx");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_Json_AllFieldsRoundTrip(DatabaseProvider provider) =>
        await RoundTripAsync(provider, CaseExportFormat.Json, "export.json");

    [Fact]
    public async Task Export_Json_ArrayOfCaseDtosInIdentificationDateOrder()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        await using var db = database.NewContext();
        await CaseFiles.Importer(db).ImportAsync(files.Write("cases.csv", VariedCasesCsv), new CaseImportOptions(), null, TestContext.Current.CancellationToken);
        using var stream = new MemoryStream();

        var written = await CaseFiles.Exporter(db).ExportAsync(stream, new CaseExportOptions(CaseExportFormat.Json), CaseViewer.LocalOperator, null, TestContext.Current.CancellationToken);

        Assert.Equal(4, written);
        var dtos = JsonSerializer.Deserialize<List<CaseDto>>(stream.ToArray(), CaseExporter.Json)!;
        Assert.Equal(["R-4", "R-3", "R-2", "R-1"], dtos.Select(d => d.CaseCode));
        Assert.Equal("\"Adult\"", JsonSerializer.Serialize(dtos[2].AgeGroup, CaseExporter.Json));
        Assert.Equal(CaseImporter.DefaultOrganisationName, dtos[0].OrganisationName);
    }

    private static async Task RoundTripAsync(DatabaseProvider provider, CaseExportFormat format, string fileName)
    {
        var token = TestContext.Current.CancellationToken;
        await using var source = await TestDatabase.CreateAsync(provider);
        await using var target = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        await using var sourceDb = source.NewContext();
        var imported = await CaseFiles.Importer(sourceDb).ImportAsync(files.Write("cases.csv", VariedCasesCsv), new CaseImportOptions(), null, token);
        Assert.Equal(4, imported.Stored);
        var exported = files.PathOf(fileName);
        await using (var stream = File.Create(exported))
        {
            await CaseFiles.Exporter(sourceDb).ExportAsync(stream, new CaseExportOptions(format, IncludeIdentity: true, Reason: "transfer to a new instance", ByteOrderMark: true), CaseViewer.LocalOperator, null, token);
        }

        await using var targetDb = target.NewContext();
        var result = await CaseFiles.Importer(targetDb).ImportAsync(exported, new CaseImportOptions(), null, token);

        Assert.Empty(result.Errors);
        Assert.Equal(4, result.Stored);
        Assert.Equal(await ReadAllAsync(sourceDb), await ReadAllAsync(targetDb));
    }

    /// <summary>Every case as JSON without the keys a new import assigns, in case-code order.</summary>
    internal static async Task<List<string>> ReadAllAsync(AppDbContext db)
    {
        var cases = await db.Cases.AsNoTracking().Include(c => c.Person).ThenInclude(p => p.Key).Include(c => c.Organisation)
            .ToListAsync(TestContext.Current.CancellationToken);
        var vault = TestKeys.Vault();
        cases.ForEach(c => CaseService.OpenIdentity(c, vault));
        return [.. cases.Select(CaseDto.From)
            .OrderBy(d => d.CaseCode, StringComparer.Ordinal)
            .Select(d => JsonSerializer.Serialize(d with { Id = Guid.Empty, OrganisationId = Guid.Empty }, CaseExporter.Json))];
    }
}
