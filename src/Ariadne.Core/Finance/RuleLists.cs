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

    private static readonly string[] HeaderNames = ["account_id", "address", "entry", "id", "identifier", "phone", "email"];

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
        if (string.IsNullOrWhiteSpace(file))
        {
            return [];
        }
        var path = Path.IsPathRooted(file) ? file : Path.Combine(rules.Directory, file);
        if (!File.Exists(path))
        {
            errors.Add(new FileError(rules.Name, 0, setting, $"the list file '{file}' does not exist"));
            return [];
        }
        return [.. Parse(Path.GetFileName(path), File.ReadLines(path), PlainEntry, errors).Select(e => e.Key)];
    }

    /// <summary>
    /// The entries of one list's lines (account ids or addresses), each with its line; every bad line is named in
    /// <paramref name="errors"/> (file <paramref name="name"/>, line, column entry). The same format as the list files.
    /// </summary>
    public static IReadOnlyList<(int Line, string Key)> ReadEntries(string name, IEnumerable<string> lines, List<FileError> errors) =>
        Parse(name, lines, PlainEntry, errors);

    /// <summary>
    /// The identifiers of an ad-identifier list (R19) as normalised keys "phone|digits" or "email|lower-case address":
    /// an entry with '@' is an e-mail address, else a phone number (digits with + ( ) - . / and spaces; at least 6
    /// digits; a leading 00 read as +, as the parties' phones are). Errors never repeat the identifier (personal data).
    /// </summary>
    public static IReadOnlyList<(int Line, string Key)> ReadIdentifiers(string name, IEnumerable<string> lines, List<FileError> errors) =>
        Parse(name, lines, Identifier, errors, quiet: true);

    private static (string? Key, string? Error) PlainEntry(string entry) =>
        entry.Any(char.IsWhiteSpace) ? (null, $"'{entry}' contains white space; an entry is one account id or address") : (entry, null);

    private static (string? Key, string? Error) Identifier(string entry)
    {
        if (entry.Contains('@', StringComparison.Ordinal))
        {
            var at = entry.IndexOf('@', StringComparison.Ordinal);
            var valid = at > 0 && at == entry.LastIndexOf('@') && entry.IndexOf('.', at) > at + 1 && !entry.EndsWith('.') && !entry.Any(char.IsWhiteSpace);
            return valid ? ("email|" + entry.ToLowerInvariant(), null) : (null, "not an e-mail address");
        }
        if (entry.Any(c => !char.IsAsciiDigit(c) && !" +()-./".Contains(c, StringComparison.Ordinal)))
        {
            return (null, "neither a phone number nor an e-mail address");
        }
        var digits = FinanceService.NormalisePhone(entry);
        return digits is { Length: >= 6 } ? ("phone|" + digits, null) : (null, "a phone number needs at least 6 digits");
    }

    private static List<(int Line, string Key)> Parse(string name, IEnumerable<string> lines, Func<string, (string? Key, string? Error)> check, List<FileError> errors, bool quiet = false)
    {
        var entries = new List<(int, string)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = 0;
        var start = errors.Count;
        foreach (var text in lines)
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
            var (key, error) = entry.Length == 0 ? (null, "empty entry (the first field is the account id or address)")
                : entry.Length > MaxEntryLength ? (null, $"longer than {MaxEntryLength} characters")
                : check(entry);
            if (key is null)
            {
                errors.Add(new FileError(name, line, "entry", error!));
            }
            else if (!seen.TryAdd(key, line))
            {
                errors.Add(new FileError(name, line, "entry", quiet ? $"listed twice (first on line {seen[key]})" : $"'{entry}' is listed twice (first on line {seen[key]})"));
            }
            else
            {
                entries.Add((line, key));
            }
            if (errors.Count - start >= TransactionFiles.MaxListedErrors)
            {
                break;
            }
        }
        return entries;
    }
}
