using System.Globalization;
using System.Text;
using Ariadne.Analytics.Linkage;
using Ariadne.Core.ImportExport.Cases;
using CsvHelper;

namespace Ariadne.Core.Linkage;

/// <summary>
/// The files of linkage between agencies. An agency encodes its identifiers (<see cref="Encode"/>) and sends the
/// encodings file to the operator. That file holds <c>record_id,encoding,blocks</c>: base64 of the 1,024-bit encoding and
/// of the keyed blocking keys, with no plaintext and no other metadata. The operator matches the files
/// (<see cref="Match"/>) and returns to each agency <c>record_id,cluster_id</c> for its own records.
/// </summary>
public static class LinkageFiles
{
    public const string EncodingsHeader = "record_id,encoding,blocks";

    /// <summary>Reads <paramref name="input"/> (CSV, values trimmed), encodes each record and writes the encodings file; returns the number of records.</summary>
    public static int Encode(string input, LinkageSchema schema, byte[] secret, string output, IProgress<double>? progress = null)
    {
        var rows = ReadRecords(input, schema);
        using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        WriteEncodings(rows.Select(r => (r.Id, (IReadOnlyList<string?>)r.Values)), rows.Count, schema, secret, writer, progress);
        return rows.Count;
    }

    /// <summary>
    /// Writes the encodings file of <paramref name="records"/> (id and the values of the schema's fields, in order) to
    /// <paramref name="writer"/>: the one writer of the format, for a CSV file (<see cref="Encode"/>) and for the persons of
    /// a database (<see cref="AgencyLinkage"/>). <paramref name="count"/> only scales the progress.
    /// </summary>
    public static void WriteEncodings(IEnumerable<(string Id, IReadOnlyList<string?> Values)> records, int count, LinkageSchema schema, byte[] secret,
        TextWriter writer, IProgress<double>? progress = null)
    {
        var encoder = new BloomFilterEncoder(secret, schema.Fields);
        var blocking = new BlockingKeys(secret, schema.Blocking);
        var words = new ulong[BloomFilterEncoder.EncodingWords];
        var keys = new ulong[blocking.Count];
        var bytes = new byte[BloomFilterEncoder.EncodingWords * 8];
        var keyBytes = new byte[blocking.Count * 8];
        writer.Write(EncodingsHeader + "\n");
        var i = 0;
        foreach (var (id, values) in records)
        {
            encoder.Encode(values, words);
            blocking.Compute(values, keys);
            Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
            Buffer.BlockCopy(keys, 0, keyBytes, 0, keyBytes.Length);
            writer.Write(Quote(id) + "," + Convert.ToBase64String(bytes) + "," + Convert.ToBase64String(keyBytes) + "\n");
            if (progress is not null && i % 10_000 == 0)
            {
                progress.Report(i / (double)Math.Max(count, 1));
            }
            i++;
        }
    }

    /// <summary>Matches the encodings files and writes <c>DIR/NAME.csv</c> (<c>record_id,cluster_id</c>) per input; returns the result.</summary>
    /// <param name="inputs">The encodings files.</param>
    /// <param name="outputDirectory">Where the results go.</param>
    /// <param name="options">The matcher's options.</param>
    /// <param name="progress">The matcher's fraction and stage (Blocking, Comparing, Clustering); may throw to stop the run.</param>
    public static MatchResult Match(IReadOnlyList<string> inputs, string outputDirectory, MatchOptions options, IProgress<(double Fraction, string Stage)>? progress = null)
    {
        var names = inputs.Select(Path.GetFileNameWithoutExtension).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new LinkageInputException("two encodings files have the same name; each agency's result is written under its file's name");
        }
        var parties = inputs.Select(ReadEncodings).ToList();
        var result = EncodedMatcher.Match([.. parties.Select(p => p.Encodings)], options, progress);
        Directory.CreateDirectory(outputDirectory);
        for (var p = 0; p < parties.Count; p++)
        {
            using var writer = new StreamWriter(Path.Combine(outputDirectory, names[p] + ".csv"), false, new UTF8Encoding(false));
            writer.Write("record_id,cluster_id\n");
            for (var r = 0; r < parties[p].Ids.Count; r++)
            {
                writer.Write(Quote(parties[p].Ids[r]) + "," + result.ClusterOfRecord[p][r].ToString(CultureInfo.InvariantCulture) + "\n");
            }
        }
        return result;
    }

    /// <summary>The agencies' secret from a file: its bytes, a trailing line break ignored; at least 16 bytes.</summary>
    public static byte[] ReadSecret(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }
        return length >= 16 ? bytes[..length]
            : throw new LinkageInputException($"{Path.GetFileName(path)}: the secret has {length} bytes; at least 16 (e.g. 32 random bytes: head -c 32 /dev/urandom > KEY)");
    }

    internal sealed record Record(string Id, string?[] Values);

    /// <summary>The records of an agency's CSV: the id and the schema's fields, trimmed (FEBRL puts a space after each comma).</summary>
    internal static List<Record> ReadRecords(string path, LinkageSchema schema) => ReadRecords(path, schema.Id, [.. schema.Fields.Select(f => f.Name)]);

    /// <summary>The records of a CSV: the id column and the named columns, trimmed; errors name the file, row and column.</summary>
    internal static List<Record> ReadRecords(string path, string idColumn, IReadOnlyList<string> columnNames)
    {
        var name = Path.GetFileName(path);
        char separator;
        using (var head = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            separator = CaseFileReader.DetectDelimiter(head.ReadLine() ?? "");
        }
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = separator, HasHeader = false, FormatProvider = CultureInfo.InvariantCulture });
        if (!csv.Read())
        {
            throw new LinkageInputException($"{name}: the file is empty");
        }
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim().TrimStart('\uFEFF')).ToList();
        int Column(string column) => header.IndexOf(column) is var i and >= 0 ? i
            : throw new LinkageInputException($"{name}: row 1: no column '{column}' (the schema names it)");
        var id = Column(idColumn);
        var columns = columnNames.Select(Column).ToArray();
        var records = new List<Record>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var row = 1;
        while (csv.Read())
        {
            row++;
            if (csv.FieldCount == 1 && csv.GetString(0).Trim().Length == 0)
            {
                continue;
            }
            if (csv.FieldCount != header.Count)
            {
                throw new LinkageInputException($"{name}: row {row}: {csv.FieldCount} fields, the header has {header.Count}");
            }
            var recordId = csv.GetString(id).Trim();
            if (recordId.Length == 0)
            {
                throw new LinkageInputException($"{name}: row {row}, column {idColumn}: the record id is empty");
            }
            if (!ids.TryAdd(recordId, row))
            {
                throw new LinkageInputException($"{name}: row {row}, column {idColumn}: '{recordId}' is also the id of row {ids[recordId]}");
            }
            records.Add(new Record(recordId, [.. columns.Select(c => (string?)csv.GetString(c).Trim())]));
        }
        return records;
    }

    private static (IReadOnlyList<string> Ids, PartyEncodings Encodings) ReadEncodings(string path)
    {
        var name = Path.GetFileName(path);
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, FormatProvider = CultureInfo.InvariantCulture });
        if (!csv.Read() || csv.FieldCount != 3 || csv.GetString(0) != "record_id" || csv.GetString(1) != "encoding" || csv.GetString(2) != "blocks")
        {
            throw new LinkageInputException($"{name}: row 1: not an encodings file (header {EncodingsHeader})");
        }
        var ids = new List<string>();
        var words = new List<ulong>();
        var keys = new List<ulong>();
        var keysPerRecord = -1;
        var row = 1;
        var encoding = new byte[BloomFilterEncoder.EncodingWords * 8];
        while (csv.Read())
        {
            row++;
            if (csv.FieldCount != 3)
            {
                throw new LinkageInputException($"{name}: row {row}: {csv.FieldCount} fields, the header has 3");
            }
            if (!Convert.TryFromBase64String(csv.GetString(1), encoding, out var written) || written != encoding.Length)
            {
                throw new LinkageInputException($"{name}: row {row}, column encoding: not a 1,024-bit encoding in base64");
            }
            byte[] blockBytes;
            try
            {
                blockBytes = Convert.FromBase64String(csv.GetString(2));
            }
            catch (FormatException)
            {
                throw new LinkageInputException($"{name}: row {row}, column blocks: not base64");
            }
            if (blockBytes.Length % 8 != 0 || (keysPerRecord >= 0 && blockBytes.Length / 8 != keysPerRecord))
            {
                throw new LinkageInputException($"{name}: row {row}, column blocks: a different number of blocking keys than row 2");
            }
            keysPerRecord = blockBytes.Length / 8;
            ids.Add(csv.GetString(0));
            for (var w = 0; w < BloomFilterEncoder.EncodingWords; w++)
            {
                words.Add(BitConverter.ToUInt64(encoding, w * 8));
            }
            for (var k = 0; k < keysPerRecord; k++)
            {
                keys.Add(BitConverter.ToUInt64(blockBytes, k * 8));
            }
        }
        var perRecord = Math.Max(keysPerRecord, 0);
        return (ids, new PartyEncodings([.. words], perRecord > 0 ? [.. keys] : null, perRecord));
    }

    internal static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
