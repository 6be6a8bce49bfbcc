using System.IO.Compression;
using System.Text;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics;
using Ariadne.Tests.Infrastructure;
using MiniExcelLibs;

namespace Ariadne.Tests.ImportExport;

/// <summary>
/// Files built to exhaust or confuse the reader: a zip bomb, a sheet too long, too wide or with a cell too long,
/// invalid UTF-8, NUL bytes, and files that are no workbook at all. Each is refused with a message naming the file and
/// the reason or limit, and the CLI answers them as invalid input (exit 2, one line).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImportLimitsTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private readonly CaseFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A minimal workbook whose only sheet is <paramref name="sheetXml"/> written by <paramref name="writeSheet"/>.</summary>
    private static void Workbook(Stream output, Action<Stream> writeSheet)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        void Text(string name, string content)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
        Text("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
        Text("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Text("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        writeSheet(sheet);
    }

    private string Sheet(string name, string rows)
    {
        var path = _files.PathOf(name);
        using var file = File.Create(path);
        Workbook(file, s => s.Write(Encoding.UTF8.GetBytes(
            $"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>""")));
        return path;
    }

    private static string Row(int number, params string[] cells) =>
        $"<row r=\"{number}\">" + string.Concat(cells.Select((c, i) => $"<c r=\"{(char)('A' + i)}{number}\" t=\"inlineStr\"><is><t>{c}</t></is></c>")) + "</row>";

    private static CaseFileContent ReadCases(string path, ImportLimits? limits = null) =>
        new CaseFileReader(CodeListRegistry.Default, Today, limits).Read(path, new HashSet<string>());

    private static List<XlsxRow> ReadRows(string path, ImportLimits? limits = null)
    {
        using var stream = File.OpenRead(path);
        using var workbook = XlsxReader.Open(stream, Path.GetFileName(path), limits);
        return [.. workbook.Rows()];
    }

    [Fact]
    public void Xlsx_ZipBomb_RefusedFromItsDeclaredSizesWithoutInflatingIt()
    {
        // 64 MB of one repeated byte packs about a thousand times smaller: within the file limit, far beyond the ratio.
        var path = _files.PathOf("bomb.xlsx");
        using (var file = File.Create(path))
        {
            Workbook(file, sheet =>
            {
                sheet.Write("<worksheet><sheetData><row r=\"1\"><c><v>"u8);
                var block = new byte[1 << 16];
                Array.Fill(block, (byte)'7');
                for (var i = 0; i < 1024; i++)
                {
                    sheet.Write(block);
                }
                sheet.Write("</v></c></row></sheetData></worksheet>"u8);
            });
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<ImportFileException>(() => ReadCases(path));
        var glotip = Assert.Throws<ImportFileException>(() => GlotipFile.Read(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("'bomb.xlsx': xl/worksheets/sheet1.xml unpacks to 67108", refused.Message, StringComparison.Ordinal);
        Assert.Contains("more than 100 times (the limit) is refused as a possible zip bomb", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, glotip.Message);
        Assert.True(allocated < 4 << 20, $"{allocated} bytes allocated to refuse a 64 MB entry");
    }

    [Fact]
    public void Xlsx_TooManyRowsColumnsOrCharacters_RefusedNamingTheLimit()
    {
        var limits = new ImportLimits { MaxRows = 3, MaxColumns = 4, MaxCellLength = 10 };
        var rows = Sheet("rows.xlsx", Row(1, "caseCode") + Row(2, "A") + Row(3, "B") + Row(4, "C"));
        var wide = Sheet("wide.xlsx", Row(1, "a", "b", "c", "d", "e"));
        var longCell = Sheet("long.xlsx", Row(1, "caseCode", "narrative") + Row(2, "T-1", "eleven char"));

        Assert.Equal("'rows.xlsx' has more than 3 rows (the limit); split it into smaller files.",
            Assert.Throws<ImportFileException>(() => ReadRows(rows, limits)).Message);
        Assert.Equal("'wide.xlsx': row 1 has a cell in column 5; more than 4 columns (the limit) are refused.",
            Assert.Throws<ImportFileException>(() => ReadRows(wide, limits)).Message);
        Assert.Equal("'long.xlsx': row 2, column B has more than 10 characters (the limit for a cell).",
            Assert.Throws<ImportFileException>(() => ReadRows(longCell, limits)).Message);
        // Within the limits the same reader reads them.
        Assert.Equal([1, 2, 3, 4], ReadRows(rows).Select(r => r.Number));
        Assert.Equal(["T-1", "eleven char"], ReadRows(longCell)[1].Cells);
    }

    [Fact]
    public void Csv_TooManyRowsOrCharacters_RefusedNamingTheLimit()
    {
        var rows = _files.Csv("rows.csv", CaseFiles.GoodRow("T-1"), CaseFiles.GoodRow("T-2"), CaseFiles.GoodRow("T-3"));
        var longCell = _files.Csv("long.csv", CaseFiles.GoodRow("T-1").Replace("A synthetic narrative.", new string('x', 33), StringComparison.Ordinal));

        Assert.Equal("'rows.csv' has more than 3 rows (the limit); split it into smaller files.",
            Assert.Throws<ImportFileException>(() => ReadCases(rows, new ImportLimits { MaxRows = 3 })).Message);
        Assert.Equal("'long.csv': row 2, column narrative has 33 characters; at most 32 (the limit for a cell) are read.",
            Assert.Throws<ImportFileException>(() => ReadCases(longCell, new ImportLimits { MaxCellLength = 32 })).Message);
        Assert.Equal(3, ReadCases(rows).Valid.Count);
    }

    [Fact]
    public void Csv_InvalidUtf8AndNulBytes_RowRejectedNamingRowAndColumn()
    {
        var path = _files.PathOf("bytes.csv");
        var text = string.Join("\r\n", CaseFiles.Header, CaseFiles.GoodRow("T-1"), CaseFiles.GoodRow("T-2"), CaseFiles.GoodRow("T-3")) + "\r\n";
        var bytes = Encoding.UTF8.GetBytes(text.Replace("T-2,Synthetic", "T-2,Synth\u00A4tic", StringComparison.Ordinal)
            .Replace("T-3,Synthetic", "T-3,Synth\u0000tic", StringComparison.Ordinal));
        // U+00A4 is C2 A4 in UTF-8; C2 followed by a lone continuation-less byte is invalid.
        var at = Array.IndexOf(bytes, (byte)0xC2);
        bytes[at + 1] = (byte)'?';
        File.WriteAllBytes(path, bytes);

        var content = ReadCases(path);

        Assert.Equal(["T-1"], content.Valid.Select(r => r.Input.CaseCode));
        Assert.Equal(
            ["row 3, column givenName: The cell is not valid UTF-8 text; save the file as UTF-8.",
             "row 4, column givenName: The text contains the control character U+0000 at position 6; it cannot be stored."],
            content.Errors.Select(e => e.ToString()));
    }

    public static TheoryData<string, string> NotWorkbooks => new()
    {
        { "text.xlsx", "not a zip archive, or a truncated one" },
        { "truncated.xlsx", "not a zip archive, or a truncated one" },
        { "nosheet.xlsx", "the part xl/workbook.xml is missing" },
        { "badxml.xlsx", "malformed XML at line 1" },
    };

    private string NotWorkbook(string name)
    {
        var path = _files.PathOf(name);
        switch (name)
        {
            case "text.xlsx":
                File.WriteAllText(path, "caseCode,givenName\r\nT-1,Synthetic\r\n");
                break;
            case "truncated.xlsx":
                var whole = new MemoryStream();
                whole.SaveAs(new[] { new Dictionary<string, object?> { ["caseCode"] = "T-1" } }, excelType: ExcelType.XLSX);
                File.WriteAllBytes(path, whole.ToArray()[..(int)(whole.Length / 2)]);
                break;
            case "nosheet.xlsx":
                using (var file = File.Create(path))
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
                {
                    zip.CreateEntry("readme.txt");
                }
                break;
            default:
                Sheet(name, "<row r=\"1\"><c><v>1</v></row>");
                break;
        }
        return path;
    }

    [Theory]
    [MemberData(nameof(NotWorkbooks))]
    public void Xlsx_NotAWorkbook_RefusedWithAFriendlyMessage(string name, string reason)
    {
        var path = NotWorkbook(name);

        var cases = Assert.Throws<ImportFileException>(() => ReadCases(path));
        var glotip = Assert.Throws<ImportFileException>(() => GlotipFile.Read(path));

        Assert.StartsWith($"'{name}' is not a valid XLSX workbook ({reason}", cases.Message, StringComparison.Ordinal);
        Assert.Equal(cases.Message, glotip.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_MalformedWorkbook_Exit2OneLineNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var text = NotWorkbook("text.xlsx");
        var truncated = NotWorkbook("truncated.xlsx");

        var cases = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "cases", text);
        var glotip = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "glotip", truncated);

        Assert.Equal(2, cases.Exit);
        Assert.Equal("ariadne: 'text.xlsx' is not a valid XLSX workbook (not a zip archive, or a truncated one).", cases.Error.Trim());
        Assert.Equal(2, glotip.Exit);
        Assert.Equal("ariadne: 'truncated.xlsx' is not a valid XLSX workbook (not a zip archive, or a truncated one).", glotip.Error.Trim());
        await using var db = database.NewContext();
        Assert.Equal(0, db.Cases.Count());
    }
}
