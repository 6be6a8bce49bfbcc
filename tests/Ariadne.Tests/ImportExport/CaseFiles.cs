using System.Text;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.ImportExport;

/// <summary>Synthetic case files for import tests, in a temporary folder removed on dispose.</summary>
internal sealed class CaseFiles : IDisposable
{
    public const string Header =
        "caseCode,givenName,familyName,sex,dateOfBirth,ageAtIdentification,minorAtIdentification,citizenships,identificationDate," +
        "traffickingStatus,detectingOrganisationType,countryOfExploitation,exploitationForms,meansOfControl,narrative";

    public string Folder { get; } = Directory.CreateTempSubdirectory("ariadne-io-").FullName;

    /// <summary>A valid row for <see cref="Header"/> with the given case code.</summary>
    public static string GoodRow(string code) =>
        $"{code},Synthetic,Person,female,2000-03-01,,,NG,2026-05-02,possible,ngo,DE,sexual-exploitation,debt-bondage;withholds-documents,A synthetic narrative.";

    public string Write(string name, string content, bool byteOrderMark = false)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(byteOrderMark));
        return path;
    }

    public string Csv(string name, params string[] rows) => Write(name, string.Join("\r\n", [Header, .. rows]) + "\r\n");

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static CaseImporter Importer(AppDbContext db) =>
        new(db, new FakeTimeProvider(TestApp.Now), Core.CodeLists.CodeListRegistry.Default, TestKeys.Vault());

    public static CaseExporter Exporter(AppDbContext db, RecordingAuditLog? audit = null) => new(db, TestKeys.Vault(), audit ?? new RecordingAuditLog());

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
