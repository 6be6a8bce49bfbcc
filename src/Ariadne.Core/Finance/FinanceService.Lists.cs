using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Finance;

/// <summary>The kinds of stored rule lists and the rule each feeds.</summary>
public static class FinanceRuleLists
{
    public const string Processors = "processors";
    public const string TaggedAddresses = "tagged-addresses";
    public const string LicensedAgencies = "licensed-agencies";
    public const string AdIdentifiers = "ad-identifiers";

    public static readonly IReadOnlyList<string> Kinds = [Processors, TaggedAddresses, LicensedAgencies, AdIdentifiers];

    /// <summary>The rule a kind of list feeds: R14, R15, R17, R19.</summary>
    public static string Rule(string kind) => kind switch
    {
        Processors => "R14",
        TaggedAddresses => "R15",
        LicensedAgencies => "R17",
        _ => "R19",
    };
}

/// <summary>A list's version as shown: name, kind, version, source, legal basis, entries, file, when and by whom; and, for a retired list, when, by whom and why it was retired.</summary>
public sealed record RuleListView(Guid Id, string Name, string Kind, int Version, string Source, string? LegalBasis, int Entries, string FileName, DateTime UploadedAtUtc, string UploadedByName,
    DateTime? RetiredAtUtc = null, string? RetiredByName = null, string? RetiredReason = null);

/// <summary>A list with its version history (newest first) and, for the lists of account ids and addresses, the current entries (at most 500; ad identifiers are never shown).</summary>
public sealed record RuleListDetail(RuleListView Current, IReadOnlyList<RuleListView> Versions, IReadOnlyList<string> Entries);

/// <summary>An upload: a new list, or a new version of the list of that name (same kind). Legal basis required for ad identifiers.</summary>
public sealed record RuleListUpload(string? Name, string? Kind, string? Source, string? LegalBasis, string? FileName, Stream? Content);

/// <summary>The rule parameters in force: the stored JSON ("{}" until the first change: the defaults), its version (0: never changed), when and by whom.</summary>
public sealed record RuleSettingsView(string Json, int Version, DateTime? ChangedAtUtc, string? ChangedByName);

/// <summary>One version of the rule settings in the history: its number, when and by whom it was set.</summary>
public sealed record RuleSettingsVersionView(int Version, DateTime ChangedAtUtc, string ChangedByName);

/// <summary>One field that differs between two versions of the rule settings: its JSON path, and its JSON before and after (null: not set, so the default).</summary>
public sealed record RuleSettingsChange(string Field, string? Before, string? After);

/// <summary>One version of the rule settings with its JSON and the fields changed from the version before (version 1: from the defaults, "{}").</summary>
public sealed record RuleSettingsVersionDetail(int Version, string Json, DateTime ChangedAtUtc, string ChangedByName, int? PreviousVersion, IReadOnlyList<RuleSettingsChange> Changes);

/// <summary>The rule set's JSON (the <c>--rules</c> file's format) as the product reads it: unknown fields are refused, comments and trailing commas allowed.</summary>
public static class RuleSetJson
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

public sealed partial class FinanceService
{
    public const string RuleListSubject = "finance-rule-list";
    public const string RuleSettingsSubject = "finance-rule-settings";
    public const int ListEntriesShown = 500;

    /// <summary>The settings of the list files, which the product does not read (its lists are uploaded).</summary>
    private static readonly string[] FileSettings = ["thirdPartyProcessors.listFile", "taggedAddresses.listFile", "recruitmentAgencies.registerFile"];

    // ---------------------------------------------------------------- lists

    /// <summary>The stored lists with their current versions, by name.</summary>
    public async Task<Result<IReadOnlyList<RuleListView>>> RuleListsAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var rows = await (from l in db.Set<FinanceRuleList>().AsNoTracking()
                          join v in db.Set<FinanceRuleListVersion>().AsNoTracking() on l.CurrentVersionId equals v.Id
                          select new { l, v }).ToListAsync(cancellationToken);
        return rows.Select(r => ToView(r.l, r.v)).OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>One list by id or by name, with its versions; entries only for the lists that hold no personal data.</summary>
    public async Task<Result<RuleListDetail>> RuleListAsync(string idOrName, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var list = await FindListAsync(idOrName, tracked: false, cancellationToken);
        if (list is null)
        {
            return Problem.NotFound();
        }
        var versions = (await db.Set<FinanceRuleListVersion>().AsNoTracking().Where(v => v.ListId == list.Id).ToListAsync(cancellationToken))
            .OrderByDescending(v => v.Version).Select(v => ToView(list, v)).ToList();
        IReadOnlyList<string> entries = list.Kind == FinanceRuleLists.AdIdentifiers ? [] : await db.Set<FinanceRuleListEntry>().AsNoTracking()
            .Where(e => e.VersionId == list.CurrentVersionId).OrderBy(e => e.Line).Take(ListEntriesShown).Select(e => e.Value!).ToListAsync(cancellationToken);
        return new RuleListDetail(versions[0], versions, entries);
    }

    /// <summary>
    /// Stores an uploaded list: a new list, or the next version of the list of that name. All or nothing: every bad
    /// line is named (file, line, column entry) and nothing is stored. Ad identifiers (R19) need a source and a legal
    /// basis; their phone numbers and e-mail addresses are reduced to the parties' blind indexes at once and never
    /// stored, shown or logged in plain. Audited (also a refusal and a failure, with the number of errors).
    /// </summary>
    public async Task<Result<RuleListView>> ImportRuleListAsync(RuleListUpload upload, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Denied, RuleListSubject, null), cancellationToken);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        var name = upload.Name?.Trim();
        var kind = upload.Kind?.Trim().ToLowerInvariant();
        var source = upload.Source?.Trim();
        var legalBasis = string.IsNullOrWhiteSpace(upload.LegalBasis) ? null : upload.LegalBasis.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > FinanceRuleList.MaxNameLength)
        {
            errors.Add(new FieldError("ListName", "Required", $"Give the list a name of at most {FinanceRuleList.MaxNameLength} characters."));
        }
        if (kind is null || !FinanceRuleLists.Kinds.Contains(kind))
        {
            errors.Add(new FieldError("Kind", "Invalid", $"The kind is one of {string.Join(", ", FinanceRuleLists.Kinds)}."));
        }
        if (string.IsNullOrEmpty(source) || source.Length > FinanceRuleListVersion.MaxSourceLength)
        {
            errors.Add(new FieldError("Source", "Required", $"Name the list's source (who compiled it, when), at most {FinanceRuleListVersion.MaxSourceLength} characters."));
        }
        if (kind == FinanceRuleLists.AdIdentifiers && legalBasis is null)
        {
            errors.Add(new FieldError("LegalBasis", "Required", "Identifiers from ads are personal data: state the legal basis for processing them."));
        }
        if (legalBasis is { Length: > FinanceRuleListVersion.MaxLegalBasisLength })
        {
            errors.Add(new FieldError("LegalBasis", "Length", $"The legal basis may have at most {FinanceRuleListVersion.MaxLegalBasisLength} characters."));
        }
        var existing = name is null ? null : await db.Set<FinanceRuleList>().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
        if (existing is not null && kind is not null && existing.Kind != kind)
        {
            errors.Add(new FieldError("Kind", "Invalid", $"The list '{name}' holds {existing.Kind}; a new version keeps its kind."));
        }
        var fileName = Path.GetFileName(upload.FileName?.Trim() ?? "");
        fileName = fileName.Length == 0 ? "list.csv" : fileName.Length > 256 ? fileName[..256] : fileName;
        IReadOnlyList<(int Line, string Key)> entries = [];
        if (upload.Content is null)
        {
            errors.Add(new FieldError("ListFile", "Required", "Choose the list file."));
        }
        else if (errors.Count == 0)
        {
            var fileErrors = new List<FileError>();
            entries = kind == FinanceRuleLists.AdIdentifiers
                ? RuleLists.ReadIdentifiers(fileName, Lines(upload.Content), fileErrors)
                : RuleLists.ReadEntries(fileName, Lines(upload.Content), fileErrors);
            errors.AddRange(fileErrors.Select(e => new FieldError("ListFile", "Row", e.ToString())));
            if (fileErrors.Count == 0 && entries.Count == 0)
            {
                errors.Add(new FieldError("ListFile", "Row", $"{fileName}: the file holds no entry."));
            }
        }
        if (errors.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Failed, RuleListSubject, existing?.Id.ToString(),
                Details: new Dictionary<string, string> { ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
            return Problem.Invalid(errors);
        }
        var actor = auditContext.Actor;
        var now = time.GetUtcNow().UtcDateTime;
        var list = existing ?? new FinanceRuleList { Id = Guid.CreateVersion7(), Name = name!, Kind = kind!, CreatedAtUtc = now };
        var number = existing is null ? 1 : await db.Set<FinanceRuleListVersion>().Where(v => v.ListId == list.Id).MaxAsync(v => v.Version, cancellationToken) + 1;
        var version = new FinanceRuleListVersion
        {
            Id = Guid.CreateVersion7(),
            ListId = list.Id,
            Version = number,
            Source = source!,
            LegalBasis = legalBasis,
            FileName = fileName,
            Entries = entries.Count,
            UploadedAtUtc = now,
            UploadedByUserId = actor.UserId,
            UploadedByName = actor.Name,
        };
        list.CurrentVersionId = version.Id;
        // A new version activates a retired list again (with the source and legal basis given now).
        (list.RetiredAtUtc, list.RetiredByUserId, list.RetiredByName, list.RetiredReason) = (null, null, null, null);
        if (existing is null)
        {
            db.Add(list);
        }
        db.Add(version);
        foreach (var (line, key) in entries)
        {
            db.Add(kind == FinanceRuleLists.AdIdentifiers ? IdentifierEntry(version.Id, line, key) : new FinanceRuleListEntry { VersionId = version.Id, Line = line, Value = key });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Success, RuleListSubject, list.Id.ToString(),
            Details: new Dictionary<string, string>
            {
                ["name"] = list.Name,
                ["kind"] = list.Kind,
                ["version"] = number.ToString(CultureInfo.InvariantCulture),
                ["entries"] = entries.Count.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return ToView(list, version);
    }

    /// <summary>
    /// Retires a list (the source withdrew it, the legal basis ended): the analysis stops using it from its next run; the
    /// list and its versions stay as history, shown as retired with when, by whom and why. A reason is required. Uploading
    /// a new version activates it again. For an ad-identifier list the blind indexes of <b>all</b> its versions are
    /// deleted: they are pseudonymised personal data held only on the stated legal basis, and once that has ended
    /// (or the source is withdrawn) there is no basis to keep them (storage limitation); the version rows (source, legal
    /// basis, counts) stay as the record of what was processed. Other lists (account ids, addresses) keep their entries.
    /// Audited (also a refusal).
    /// </summary>
    public async Task<Result<RuleListView>> RetireRuleListAsync(string idOrName, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Denied, RuleListSubject, null), cancellationToken);
            return Problem.Forbidden();
        }
        var list = await FindListAsync(idOrName, tracked: true, cancellationToken);
        if (list is null)
        {
            return Problem.NotFound();
        }
        var why = reason?.Trim();
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(why) || why.Length > FinanceRuleList.MaxRetiredReasonLength)
        {
            errors.Add(new FieldError("RetireReason", "Required", $"Say why the list is retired (the source withdrew it, the legal basis ended), at most {FinanceRuleList.MaxRetiredReasonLength} characters."));
        }
        if (list.RetiredAtUtc is not null)
        {
            errors.Add(new FieldError("ListName", "Retired", $"The list '{list.Name}' is retired already; upload a new version to use it again."));
        }
        if (errors.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Failed, RuleListSubject, list.Id.ToString(),
                Details: new Dictionary<string, string> { ["step"] = "retire", ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
            return Problem.Invalid(errors);
        }
        var actor = auditContext.Actor;
        (list.RetiredAtUtc, list.RetiredByUserId, list.RetiredByName, list.RetiredReason) = (time.GetUtcNow().UtcDateTime, actor.UserId, actor.Name, why);
        var deleted = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (list.Kind == FinanceRuleLists.AdIdentifiers)
            {
                var versions = db.Set<FinanceRuleListVersion>().Where(v => v.ListId == list.Id).Select(v => v.Id);
                deleted = await db.Set<FinanceRuleListEntry>().Where(e => versions.Contains(e.VersionId)).ExecuteDeleteAsync(cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleList, AuditOutcomes.Success, RuleListSubject, list.Id.ToString(), why,
            Details: new Dictionary<string, string>
            {
                ["step"] = "retire",
                ["name"] = list.Name,
                ["kind"] = list.Kind,
                ["blindIndexesDeleted"] = deleted.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        var current = await db.Set<FinanceRuleListVersion>().AsNoTracking().FirstAsync(v => v.Id == list.CurrentVersionId, cancellationToken);
        return ToView(list, current);
    }

    private Task<FinanceRuleList?> FindListAsync(string idOrName, bool tracked, CancellationToken cancellationToken)
    {
        var lists = tracked ? db.Set<FinanceRuleList>() : db.Set<FinanceRuleList>().AsNoTracking();
        return Guid.TryParse(idOrName, out var id)
            ? lists.FirstOrDefaultAsync(l => l.Id == id, cancellationToken)
            : lists.FirstOrDefaultAsync(l => l.Name == idOrName.Trim(), cancellationToken);
    }

    /// <summary>An ad identifier ("phone|digits", "email|address") as the blind index the parties' phone or e-mail index has; the plain value is dropped here.</summary>
    private FinanceRuleListEntry IdentifierEntry(Guid versionId, int line, string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        var kind = key[..bar];
        return new FinanceRuleListEntry { VersionId = versionId, Line = line, IdentifierKind = kind, BlindIndex = vault.IdentifierIndex(kind, key[(bar + 1)..]) };
    }

    private static IEnumerable<string> Lines(Stream content)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static RuleListView ToView(FinanceRuleList l, FinanceRuleListVersion v) =>
        new(l.Id, l.Name, l.Kind, v.Version, v.Source, v.LegalBasis, v.Entries, v.FileName, v.UploadedAtUtc, v.UploadedByName, l.RetiredAtUtc, l.RetiredByName, l.RetiredReason);

    // ---------------------------------------------------------------- settings

    public async Task<Result<RuleSettingsView>> RuleSettingsAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var row = await CurrentSettingsAsync(cancellationToken);
        return row is null ? new RuleSettingsView("{}", 0, null, null) : new RuleSettingsView(row.Json, row.Version, row.ChangedAtUtc, row.ChangedByName);
    }

    /// <summary>
    /// Replaces the rule parameters with <paramref name="json"/> (the <c>--rules</c> file's JSON; fields left out keep
    /// their defaults). Refused naming the field: JSON that is no rule set (the path and line), an unknown field, a list
    /// file (the product's lists are uploaded), a weight or the flag threshold outside [0, 1]. Each change is a new
    /// version; audited.
    /// </summary>
    public Task<Result<RuleSettingsView>> SetRuleSettingsAsync(string? json, CaseViewer viewer, CancellationToken cancellationToken) =>
        SetRuleSettingsAsync(json, viewer, cancellationToken, restoredFrom: null);

    private async Task<Result<RuleSettingsView>> SetRuleSettingsAsync(string? json, CaseViewer viewer, CancellationToken cancellationToken, int? restoredFrom)
    {
        if (!MayUse(viewer))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleSettings, AuditOutcomes.Denied, RuleSettingsSubject, null), cancellationToken);
            return Problem.Forbidden();
        }
        var text = string.IsNullOrWhiteSpace(json) ? "{}" : json.Trim();
        var errors = ValidateRuleSettings(text);
        if (errors.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleSettings, AuditOutcomes.Failed, RuleSettingsSubject, null,
                Details: new Dictionary<string, string> { ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
            return Problem.Invalid(errors);
        }
        var actor = auditContext.Actor;
        var current = await CurrentSettingsAsync(cancellationToken);
        var row = new FinanceRuleSettings
        {
            Version = (current?.Version ?? 0) + 1,
            Json = text,
            ChangedAtUtc = time.GetUtcNow().UtcDateTime,
            ChangedByUserId = actor.UserId,
            ChangedByName = actor.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleSettings, AuditOutcomes.Success, RuleSettingsSubject, row.Version.ToString(CultureInfo.InvariantCulture),
            Details: restoredFrom is { } from ? new Dictionary<string, string> { ["restoredFrom"] = from.ToString(CultureInfo.InvariantCulture) } : null), cancellationToken);
        return new RuleSettingsView(row.Json, row.Version, row.ChangedAtUtc, row.ChangedByName);
    }

    /// <summary>The history of the rule settings, newest first (empty until the first change: the defaults).</summary>
    public async Task<Result<IReadOnlyList<RuleSettingsVersionView>>> RuleSettingsVersionsAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        return await db.Set<FinanceRuleSettings>().AsNoTracking().OrderByDescending(s => s.Version)
            .Select(s => new RuleSettingsVersionView(s.Version, s.ChangedAtUtc, s.ChangedByName)).ToListAsync(cancellationToken);
    }

    /// <summary>One version of the rule settings with its JSON and the fields changed from the version before it.</summary>
    public async Task<Result<RuleSettingsVersionDetail>> RuleSettingsVersionAsync(int version, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var rows = await db.Set<FinanceRuleSettings>().AsNoTracking().Where(s => s.Version <= version).OrderByDescending(s => s.Version).Take(2).ToListAsync(cancellationToken);
        if (rows.Count == 0 || rows[0].Version != version)
        {
            return Problem.NotFound();
        }
        var previous = rows.Count > 1 ? rows[1] : null;
        return new RuleSettingsVersionDetail(version, rows[0].Json, rows[0].ChangedAtUtc, rows[0].ChangedByName, previous?.Version,
            RuleSettingsDiff.Compare(previous?.Json ?? "{}", rows[0].Json));
    }

    /// <summary>
    /// Uses an older version of the rule settings again: its JSON is set as a new version (the history is never
    /// rewritten), checked and audited like any change, the audit naming the version restored.
    /// </summary>
    public async Task<Result<RuleSettingsView>> RestoreRuleSettingsAsync(int version, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRuleSettings, AuditOutcomes.Denied, RuleSettingsSubject, null), cancellationToken);
            return Problem.Forbidden();
        }
        var row = await db.Set<FinanceRuleSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Version == version, cancellationToken);
        if (row is null)
        {
            return Problem.NotFound();
        }
        return await SetRuleSettingsAsync(row.Json, viewer, cancellationToken, restoredFrom: version);
    }

    /// <summary>The errors of a rule-settings JSON, each under the field's JSON path (<c>funnel.windowHours</c>); empty when it is valid.</summary>
    public static List<FieldError> ValidateRuleSettings(string json)
    {
        var errors = new List<FieldError>();
        if (json.Length > FinanceRuleSettings.MaxJsonLength)
        {
            errors.Add(new FieldError("Json", "Length", $"The rule settings may have at most {FinanceRuleSettings.MaxJsonLength} characters."));
            return errors;
        }
        RuleSet? rules;
        try
        {
            rules = JsonSerializer.Deserialize<RuleSet>(json, RuleSetJson.Strict);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "Json" : e.Path.TrimStart('$', '.');
            errors.Add(new FieldError(field, "Invalid", string.Create(CultureInfo.InvariantCulture, $"{field} (line {(e.LineNumber ?? 0) + 1}): not a valid rule setting: {e.Message}")));
            return errors;
        }
        if (rules is null)
        {
            errors.Add(new FieldError("Json", "Invalid", "The rule settings are a JSON object."));
            return errors;
        }
        string?[] files = [rules.ThirdPartyProcessors.ListFile, rules.TaggedAddresses.ListFile, rules.RecruitmentAgencies.RegisterFile];
        for (var i = 0; i < files.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(files[i]))
            {
                errors.Add(new FieldError(FileSettings[i], "Invalid", $"{FileSettings[i]}: the product reads no list files; upload the list on the lists page (ariadne finance lists import)."));
            }
        }
        if (rules.FlagThreshold is <= 0 or > 1)
        {
            errors.Add(new FieldError("flagThreshold", "Invalid", "flagThreshold: a score between 0 (exclusive) and 1."));
        }
        foreach (var (rule, weight) in rules.Weights.Where(w => w.Value is < 0 or > 1 || double.IsNaN(w.Value)))
        {
            errors.Add(new FieldError($"weights.{rule}", "Invalid", $"weights.{rule}: a weight between 0 and 1."));
        }
        return errors;
    }

    private Task<FinanceRuleSettings?> CurrentSettingsAsync(CancellationToken cancellationToken) =>
        db.Set<FinanceRuleSettings>().AsNoTracking().OrderByDescending(s => s.Version).FirstOrDefaultAsync(cancellationToken);

    // ---------------------------------------------------------------- what the analysis uses

    /// <summary>A stored ad-identifier list's current version as the analysis uses it: its label for the explanation and its keys.</summary>
    internal sealed record StoredAdList(string Name, int Version, string Source, string LegalBasis, AdIdentifierList Keys);

    /// <summary>
    /// The rule set of the stored settings (the defaults until they are changed) with the entries of the current versions
    /// of the stored lists added to R14, R15 and R17, and the audit's note of what was used ("settings v2; lists: …").
    /// </summary>
    internal async Task<(RuleSet Rules, string Used)> StoredRulesAsync(CancellationToken cancellationToken)
    {
        var settings = await CurrentSettingsAsync(cancellationToken);
        var rules = settings is null ? new RuleSet() : JsonSerializer.Deserialize<RuleSet>(settings.Json, RuleSetJson.Strict) ?? new RuleSet();
        var lists = await CurrentListsAsync(cancellationToken);
        var values = lists.Where(l => l.List.Kind != FinanceRuleLists.AdIdentifiers).Select(l => l.List.CurrentVersionId).ToList();
        var entries = (await db.Set<FinanceRuleListEntry>().AsNoTracking().Where(e => values.Contains(e.VersionId)).Select(e => new { e.VersionId, e.Value }).ToListAsync(cancellationToken))
            .ToLookup(e => e.VersionId, e => e.Value!);
        string[] Of(string kind) => [.. lists.Where(l => l.List.Kind == kind).SelectMany(l => entries[l.List.CurrentVersionId]).Distinct(StringComparer.Ordinal)];
        rules = rules with
        {
            ThirdPartyProcessors = rules.ThirdPartyProcessors with { Entries = [.. rules.ThirdPartyProcessors.Entries, .. Of(FinanceRuleLists.Processors)] },
            TaggedAddresses = rules.TaggedAddresses with { Entries = [.. rules.TaggedAddresses.Entries, .. Of(FinanceRuleLists.TaggedAddresses)] },
            RecruitmentAgencies = rules.RecruitmentAgencies with { Register = [.. rules.RecruitmentAgencies.Register, .. Of(FinanceRuleLists.LicensedAgencies)] },
        };
        var used = string.Create(CultureInfo.InvariantCulture, $"settings v{settings?.Version ?? 0}")
            + (lists.Count == 0 ? "" : "; lists: " + string.Join(", ", lists.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.List.Name} v{l.Version.Version}"))));
        return (rules, used);
    }

    /// <summary>The stored ad-identifier lists (current versions) with their keys (hex of the blind indexes), by name.</summary>
    internal async Task<IReadOnlyList<StoredAdList>> StoredAdListsAsync(CancellationToken cancellationToken)
    {
        var lists = (await CurrentListsAsync(cancellationToken)).Where(l => l.List.Kind == FinanceRuleLists.AdIdentifiers).ToList();
        var ids = lists.Select(l => l.List.CurrentVersionId).ToList();
        var entries = (await db.Set<FinanceRuleListEntry>().AsNoTracking().Where(e => ids.Contains(e.VersionId) && e.BlindIndex != null)
            .Select(e => new { e.VersionId, e.IdentifierKind, e.BlindIndex }).ToListAsync(cancellationToken)).ToLookup(e => e.VersionId);
        return [.. lists.Select(l => new StoredAdList(l.List.Name, l.Version.Version, l.Version.Source, l.Version.LegalBasis ?? "", new AdIdentifierList(
            entries[l.List.CurrentVersionId].Where(e => e.IdentifierKind == "phone").Select(e => Convert.ToHexString(e.BlindIndex!)).ToHashSet(StringComparer.Ordinal),
            entries[l.List.CurrentVersionId].Where(e => e.IdentifierKind == "email").Select(e => Convert.ToHexString(e.BlindIndex!)).ToHashSet(StringComparer.Ordinal))))];
    }

    /// <summary>The lists in use (not retired) with their current versions, by name.</summary>
    private async Task<List<(FinanceRuleList List, FinanceRuleListVersion Version)>> CurrentListsAsync(CancellationToken cancellationToken) =>
        [.. (await (from l in db.Set<FinanceRuleList>().AsNoTracking().Where(l => l.RetiredAtUtc == null)
                    join v in db.Set<FinanceRuleListVersion>().AsNoTracking() on l.CurrentVersionId equals v.Id
                    select new { l, v }).ToListAsync(cancellationToken))
            .OrderBy(r => r.l.Name, StringComparer.Ordinal).Select(r => (r.l, r.v))];
}
