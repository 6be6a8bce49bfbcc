using System.Globalization;
using Ariadne.Core.ImportExport.Cases;
using CsvHelper;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// Reads an imported plan with the project's CSV reader: fields separated by the header line's delimiter ("," or ";",
/// <see cref="CaseFileReader.DetectDelimiter"/>), quoted fields may hold delimiters, doubled quotes and line breaks. Each
/// record knows the line it starts on, so that errors name it. A record that cannot be read (an unclosed quote, a quote
/// inside an unquoted field) has no fields, and reading stops there.
/// </summary>
internal static class PlanCsv
{
    internal sealed record Record(long Line, string[]? Fields);

    public static List<Record> Read(TextReader reader)
    {
        var text = reader.ReadToEnd();
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        var options = CsvReaderOptions.Default with
        {
            Separator = CaseFileReader.DetectDelimiter(text.Split('\n', 2)[0]),
            FormatProvider = CultureInfo.InvariantCulture,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        var records = new List<Record>();
        try
        {
            using var csv = CsvReader.Create(new StringReader(text), options);
            while (csv.Read())
            {
                records.Add(new(csv.LineNumber, [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]));
            }
        }
        catch (CsvFormatException e)
        {
            records.Add(new(e.LineNumber, null));
        }
        return records;
    }
}
