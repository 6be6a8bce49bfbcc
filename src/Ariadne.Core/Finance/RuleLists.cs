using Ariadne.Analytics.Finance;

namespace Ariadne.Core.Finance;

/// <summary>
/// The list files a rule set names (R14 <c>thirdPartyProcessors.listFile</c>, R15 <c>taggedAddresses.listFile</c>, R17
/// <c>recruitmentAgencies.registerFile</c>), read into the rule set's entries. Format (docs/finance.md): UTF-8 text, one
/// entry a line; the entry is the line's first comma-separated field, trimmed (an account id as the transactions file
/// writes it, or an address); further fields (a name, a source, a date) are ignored; empty lines and lines starting
/// with '#' are skipped; an optional first line <c>account_id</c> (or <c>address</c>, <c>entry</c>) is a header. All or
/// nothing: every bad line is named (file, line) and no rule set is returned.
/// </summary>
public static class RuleLists
{
    public const int MaxEntryLength = 256;

    private static readonly string[] HeaderNames = ["account_id", "address", "entry", "id"];

    /// <summary>The rule set with its list files read (relative paths against the directory of <paramref name="rulesPath"/>), or the errors.</summary>
    public static (RuleSet? Rules, IReadOnlyList<FileError> Errors) Load(RuleSet rules, string rulesPath)
    {
        var errors = new List<FileError>();
        var origin = (Path.GetDirectoryName(Path.GetFullPath(rulesPath))!, Path.GetFileName(rulesPath));
        var processors = Read(rules.ThirdPartyProcessors.ListFile, "thirdPartyProcessors.listFile", origin, errors);
        var tagged = Read(rules.TaggedAddresses.ListFile, "taggedAddresses.listFile", origin, errors);
        var register = Read(rules.RecruitmentAgencies.RegisterFile, "recruitmentAgencies.registerFile", origin, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (rules with
        {
            ThirdPartyProcessors = rules.ThirdPartyProcessors with { Entries = [.. rules.ThirdPartyProcessors.Entries, .. processors] },
            TaggedAddresses = rules.TaggedAddresses with { Entries = [.. rules.TaggedAddresses.Entries, .. tagged] },
            RecruitmentAgencies = rules.RecruitmentAgencies with { Register = [.. rules.RecruitmentAgencies.Register, .. register] },
        }, errors);
    }

    private static List<string> Read(string? file, string setting, (string Directory, string Name) rules, List<FileError> errors)
    {
        var entries = new List<string>();
        if (string.IsNullOrWhiteSpace(file))
        {
            return entries;
        }
        var path = Path.IsPathRooted(file) ? file : Path.Combine(rules.Directory, file);
        if (!File.Exists(path))
        {
            errors.Add(new FileError(rules.Name, 0, setting, $"the list file '{file}' does not exist"));
            return entries;
        }
        var name = Path.GetFileName(path);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var trimmed = text.Trim().TrimStart('\uFEFF');
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            var entry = (trimmed.IndexOf(',', StringComparison.Ordinal) is var comma and >= 0 ? trimmed[..comma] : trimmed).Trim().Trim('"');
            if (line == 1 && HeaderNames.Contains(entry, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (entry.Length == 0)
            {
                errors.Add(new FileError(name, line, "entry", "empty entry (the first field is the account id or address)"));
            }
            else if (entry.Length > MaxEntryLength)
            {
                errors.Add(new FileError(name, line, "entry", $"longer than {MaxEntryLength} characters"));
            }
            else if (entry.Any(char.IsWhiteSpace))
            {
                errors.Add(new FileError(name, line, "entry", $"'{entry}' contains white space; an entry is one account id or address"));
            }
            else if (!seen.TryAdd(entry, line))
            {
                errors.Add(new FileError(name, line, "entry", $"'{entry}' is listed twice (first on line {seen[entry]})"));
            }
            else
            {
                entries.Add(entry);
            }
            if (errors.Count >= TransactionFiles.MaxListedErrors)
            {
                break;
            }
        }
        return entries;
    }
}
