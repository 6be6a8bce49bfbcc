using System.Text;
using Ariadne.Core.ImportExport.Cases;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// A small RFC 4180 reader for imported plans: fields separated by the header line's delimiter ("," or ";"), quoted
/// fields may hold delimiters, doubled quotes and line breaks. Each record knows the line it starts on, so that errors
/// name it. A record that cannot be read (an unclosed quote, a quote inside an unquoted field) has no fields, and
/// reading stops there.
/// </summary>
internal static class PlanCsv
{
    internal sealed record Record(long Line, string[]? Fields);

    public static List<Record> Read(TextReader reader)
    {
        var text = reader.ReadToEnd();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var delimiter = CaseFileReader.DetectDelimiter(text.Split('\n', 2)[0]);
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        var i = 0;
        var quoted = false;
        var fieldStarted = false;
        while (i <= text.Length)
        {
            if (i == text.Length)
            {
                if (quoted)
                {
                    records.Add(new(start, null));
                    return records;
                }
                if (fieldStarted || fields.Count > 0 || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    records.Add(new(start, [.. fields]));
                }
                return records;
            }
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    // After a closing quote only a delimiter or the end of the line may follow.
                    if (i < text.Length && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                    {
                        records.Add(new(start, null));
                        return records;
                    }
                    continue;
                }
                if (c == '\n')
                {
                    line++;
                }
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"')
            {
                if (field.Length > 0)
                {
                    records.Add(new(start, null));
                    return records;
                }
                quoted = true;
                fieldStarted = true;
                i++;
                continue;
            }
            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = true;
                i++;
                continue;
            }
            if (c == '\r' || c == '\n')
            {
                fields.Add(field.ToString());
                records.Add(new(start, [.. fields]));
                fields.Clear();
                field.Clear();
                fieldStarted = false;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                start = line;
                continue;
            }
            field.Append(c);
            fieldStarted = true;
            i++;
        }
        return records;
    }
}
