using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// The follow-up of commitments (issue 18, items 1 and 2): the commitment registry (frameworks, items, links between
/// overlapping items, suggestions of likely duplicates, version history) and the implementation plan (measures,
/// evidence, progress reports with approval, the due-date dashboard). One service for the pages, the API and the CLI;
/// <see cref="FollowUpRules"/> decides who may do what. Every change writes a <see cref="FollowUpChange"/> (the item's
/// or measure's history) and one audit entry.
/// </summary>
public sealed partial class FollowUpService(AppDbContext db, IAuditLog audit, IAuditContext auditContext, TimeProvider time, Statistics.Releases.ReleaseService releases)
{
    public const string ItemSubject = "item";

    public const string MeasureSubject = "measure";

    public const string FrameworkSubject = "followup-framework";

    public const string ReportSubject = "progress-report";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every framework with its number of items, newest issue date first.</summary>
    public async Task<Result<IReadOnlyList<FrameworkSummary>>> FrameworksAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var rows = await db.Set<CommitmentFramework>().AsNoTracking()
            .Select(f => new { f.Id, f.Kind, f.Code, f.Title, f.TitleDe, f.Source, f.IssuedOn, f.Cycle, Items = f.Items.Count })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(f => f.IssuedOn).ThenBy(f => f.Code, StringComparer.Ordinal)
            .Select(f => new FrameworkSummary(f.Id, f.Kind, f.Code, f.Title, f.TitleDe, f.Source, f.IssuedOn, f.Cycle, f.Items)).ToList();
    }

    /// <summary>One framework and its items in number order.</summary>
    public async Task<Result<FrameworkView>> FrameworkAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var framework = await db.Set<CommitmentFramework>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (framework is null)
        {
            return Problem.NotFound("No such framework.");
        }
        var items = await db.Set<CommitmentItem>().AsNoTracking().Where(i => i.FrameworkId == id).ToListAsync(cancellationToken);
        var itemIds = items.Select(i => i.Id).ToList();
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => itemIds.Contains(m.ItemId))
            .GroupBy(m => m.ItemId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new FrameworkView(Summary(framework, items.Count),
            items.OrderBy(i => i.Number, NumberComparer.Instance)
                .Select(i => new ItemSummary(i.Id, i.Number, i.Title, i.TitleDe, i.TitlesAreSummaries, i.Acceptance, SplitThemes(i.Themes), measures.GetValueOrDefault(i.Id)))
                .ToList());
    }

    /// <summary>Creates an empty framework.</summary>
    /// <returns>The framework; Forbidden; Invalid naming the field; Conflict when the code is taken.</returns>
    public async Task<Result<FrameworkSummary>> CreateFrameworkAsync(FrameworkInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpFramework, AuditOutcomes.Denied, FrameworkSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var errors = ValidateFramework(input);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var code = input.Code!.Trim();
        if (await db.Set<CommitmentFramework>().AnyAsync(f => f.Code == code, cancellationToken))
        {
            return Problem.Invalid(nameof(FrameworkInput.Code), "Taken", $"Code: the code {code} is already in use.", code);
        }
        var framework = NewFramework(input);
        db.Set<CommitmentFramework>().Add(framework);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpFramework, AuditOutcomes.Success, FrameworkSubject, framework.Id.ToString(),
            new Dictionary<string, string> { ["event"] = "created", ["code"] = framework.Code }, cancellationToken);
        return Summary(framework, 0);
    }

    /// <summary>One item with its framework, links, suggested duplicates (not yet linked), measures and history.</summary>
    public async Task<Result<ItemView>> ItemAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var item = await db.Set<CommitmentItem>().AsNoTracking().Include(i => i.Institutions).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return Problem.NotFound("No such item.");
        }
        var framework = await db.Set<CommitmentFramework>().AsNoTracking().SingleAsync(f => f.Id == item.FrameworkId, cancellationToken);
        var frameworkItems = await db.Set<CommitmentItem>().CountAsync(i => i.FrameworkId == framework.Id, cancellationToken);
        var organisations = await OrganisationNamesAsync(cancellationToken);
        var links = await db.Set<CommitmentLink>().AsNoTracking().Where(l => l.FirstItemId == id || l.SecondItemId == id).ToListAsync(cancellationToken);
        var linkedIds = links.Select(l => l.FirstItemId == id ? l.SecondItemId : l.FirstItemId).ToHashSet();

        // Suggestions: every other item not yet linked, compared by its words in both languages.
        var others = await db.Set<CommitmentItem>().AsNoTracking().Where(i => i.Id != id)
            .Select(i => new { i.Id, i.FrameworkId, i.Number, i.Title, i.TitleDe, i.Text, i.TextDe }).ToListAsync(cancellationToken);
        var frameworkCodes = await db.Set<CommitmentFramework>().AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Code, cancellationToken);
        var refs = others.ToDictionary(o => o.Id, o => new ItemRef(o.Id, o.FrameworkId, frameworkCodes[o.FrameworkId], o.Number, o.Title, o.TitleDe));
        var suggestions = TextSimilarity.MostSimilar(ComparableText(item.Title, item.Text, item.TitleDe, item.TextDe),
                others.Where(o => !linkedIds.Contains(o.Id)).Select(o => (o.Id, ComparableText(o.Title, o.Text, o.TitleDe, o.TextDe))))
            .Select(s => new SuggestedItem(refs[s.Key], Math.Round(s.Score, 2))).ToList();

        var measures = await MeasureSummariesAsync(db.Set<PlanMeasure>().Where(m => m.ItemId == id), organisations, cancellationToken);
        return new ItemView(item.Id, Summary(framework, frameworkItems), item.Number, item.Title, item.Text, item.TitleDe, item.TextDe, item.TitlesAreSummaries,
            item.Acceptance, SplitThemes(item.Themes),
            item.Institutions.Select(x => Ref(organisations, x.OrganisationId)).OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList(),
            item.Version,
            links.Select(l => new LinkedItem(l.Id, refs[l.FirstItemId == id ? l.SecondItemId : l.FirstItemId], l.Note, l.CreatedAtUtc, l.CreatedBy))
                .OrderBy(l => l.Item.FrameworkCode, StringComparer.Ordinal).ThenBy(l => l.Item.Number, NumberComparer.Instance).ToList(),
            suggestions, measures, await HistoryAsync(ItemSubject, id, cancellationToken), item.TextSource, item.TextDeSource, item.TextDeOfficial);
    }

    /// <summary>Adds an item to a framework.</summary>
    /// <returns>The item's id; Forbidden; NotFound (framework); Invalid naming the field (a taken number names <c>Number</c>).</returns>
    public async Task<Result<Guid>> CreateItemAsync(Guid frameworkId, ItemInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpItem, AuditOutcomes.Denied, ItemSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        if (!await db.Set<CommitmentFramework>().AnyAsync(f => f.Id == frameworkId, cancellationToken))
        {
            return Problem.NotFound("No such framework.");
        }
        var errors = await ValidateItemAsync(input, cancellationToken);
        var number = input.Number?.Trim() ?? "";
        if (errors.Count == 0 && await db.Set<CommitmentItem>().AnyAsync(i => i.FrameworkId == frameworkId && i.Number == number, cancellationToken))
        {
            errors.Add(new(nameof(ItemInput.Number), "NumberTaken", $"Number: the framework already has an item {number}.", number));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var item = new CommitmentItem { Id = Guid.CreateVersion7(), FrameworkId = frameworkId, Number = number, Title = "", CreatedAtUtc = now };
        Apply(item, input);
        item.Version = 1;
        item.UpdatedAtUtc = now;
        db.Set<CommitmentItem>().Add(item);
        AddChange(ItemSubject, item.Id, 1, "created", Diff([], Snapshot(item)), now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpItem, AuditOutcomes.Success, ItemSubject, item.Id.ToString(), new Dictionary<string, string> { ["event"] = "created" }, cancellationToken);
        return item.Id;
    }

    /// <summary>Changes an item; the history keeps every changed field with its old and new value. No change, no version.</summary>
    /// <returns>The item's version; Forbidden; NotFound; Invalid naming the field.</returns>
    public async Task<Result<int>> UpdateItemAsync(Guid id, ItemInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpItem, AuditOutcomes.Denied, ItemSubject, id.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var item = await db.Set<CommitmentItem>().Include(i => i.Institutions).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return Problem.NotFound("No such item.");
        }
        var errors = await ValidateItemAsync(input, cancellationToken);
        var number = input.Number?.Trim() ?? "";
        if (errors.Count == 0 && number != item.Number
            && await db.Set<CommitmentItem>().AnyAsync(i => i.FrameworkId == item.FrameworkId && i.Number == number, cancellationToken))
        {
            errors.Add(new(nameof(ItemInput.Number), "NumberTaken", $"Number: the framework already has an item {number}.", number));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var before = Snapshot(item);
        item.Number = number;
        Apply(item, input);
        var changes = Diff(before, Snapshot(item));
        if (changes.Count == 0)
        {
            return item.Version;
        }
        var now = time.GetUtcNow().UtcDateTime;
        item.Version++;
        item.UpdatedAtUtc = now;
        AddChange(ItemSubject, item.Id, item.Version, "updated", changes, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpItem, AuditOutcomes.Success, ItemSubject, item.Id.ToString(),
            new Dictionary<string, string> { ["event"] = "updated", ["fields"] = string.Join(",", changes.Select(c => c.Field)) }, cancellationToken);
        return item.Version;
    }

    /// <summary>
    /// Confirms that two items overlap (e.g. a suggested duplicate). Both items' histories record the link. Linking an
    /// item to itself is invalid; a link that exists already is a conflict.
    /// </summary>
    public async Task<Result<Guid>> LinkAsync(Guid itemId, LinkInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpLink, AuditOutcomes.Denied, ItemSubject, itemId.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        if (input.OtherItemId == itemId)
        {
            return Problem.Invalid(nameof(LinkInput.OtherItemId), "SelfLink", "OtherItemId: an item cannot be linked to itself.");
        }
        if (input.Note is { Length: > FollowUpRules.MaxNoteLength } note)
        {
            return Problem.Invalid(nameof(LinkInput.Note), "TooLong", $"Note: at most {FollowUpRules.MaxNoteLength} characters.", note.Length, FollowUpRules.MaxNoteLength);
        }
        var items = await db.Set<CommitmentItem>().Where(i => i.Id == itemId || i.Id == input.OtherItemId).ToListAsync(cancellationToken);
        if (items.All(i => i.Id != itemId))
        {
            return Problem.NotFound("No such item.");
        }
        if (items.All(i => i.Id != input.OtherItemId))
        {
            return Problem.Invalid(nameof(LinkInput.OtherItemId), "UnknownItem", "OtherItemId: there is no such item.");
        }
        var (first, second) = itemId.CompareTo(input.OtherItemId) < 0 ? (itemId, input.OtherItemId) : (input.OtherItemId, itemId);
        if (await db.Set<CommitmentLink>().AnyAsync(l => l.FirstItemId == first && l.SecondItemId == second, cancellationToken))
        {
            return Problem.Conflict("The two items are linked already.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var link = new CommitmentLink
        {
            Id = Guid.CreateVersion7(),
            FirstItemId = first,
            SecondItemId = second,
            Note = Blank(input.Note),
            CreatedAtUtc = now,
            CreatedBy = auditContext.Actor.Name,
        };
        db.Set<CommitmentLink>().Add(link);
        foreach (var item in items)
        {
            var other = items.Single(i => i.Id != item.Id);
            item.Version++;
            item.UpdatedAtUtc = now;
            AddChange(ItemSubject, item.Id, item.Version, "linked", [new("Link", null, $"{other.Number}: {other.Title}")], now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpLink, AuditOutcomes.Success, ItemSubject, itemId.ToString(),
            new Dictionary<string, string> { ["other"] = input.OtherItemId.ToString() }, cancellationToken);
        return link.Id;
    }

    /// <summary>The organisations to choose from as institutions, by name.</summary>
    public async Task<IReadOnlyList<OrganisationRef>> OrganisationsAsync(CancellationToken cancellationToken) =>
        (await OrganisationNamesAsync(cancellationToken)).Select(o => new OrganisationRef(o.Key, o.Value)).OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();

    internal static FrameworkSummary Summary(CommitmentFramework f, int items) =>
        new(f.Id, f.Kind, f.Code, f.Title, f.TitleDe, f.Source, f.IssuedOn, f.Cycle, items);

    private CommitmentFramework NewFramework(FrameworkInput input) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = input.Kind!.Value,
        Code = input.Code!.Trim(),
        Title = input.Title!.Trim(),
        TitleDe = Blank(input.TitleDe),
        Source = Blank(input.Source),
        IssuedOn = input.IssuedOn,
        Cycle = Blank(input.Cycle),
        CreatedAtUtc = time.GetUtcNow().UtcDateTime,
    };

    private static List<FieldError> ValidateFramework(FrameworkInput input)
    {
        var errors = new List<FieldError>();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new(nameof(FrameworkInput.Kind), "Required", "Kind: one of " + string.Join(", ", Enum.GetNames<FrameworkKind>()) + "."));
        }
        Text(errors, nameof(FrameworkInput.Code), input.Code, FollowUpRules.MaxCodeLength, required: true);
        Text(errors, nameof(FrameworkInput.Title), input.Title, FollowUpRules.MaxTitleLength, required: true);
        Text(errors, nameof(FrameworkInput.TitleDe), input.TitleDe, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(FrameworkInput.Source), input.Source, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(FrameworkInput.Cycle), input.Cycle, FollowUpRules.MaxCodeLength);
        return errors;
    }

    private async Task<List<FieldError>> ValidateItemAsync(ItemInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Text(errors, nameof(ItemInput.Number), input.Number, FollowUpRules.MaxNumberLength, required: true);
        Text(errors, nameof(ItemInput.Title), input.Title, FollowUpRules.MaxTitleLength, required: true);
        Text(errors, nameof(ItemInput.Text), input.Text, FollowUpRules.MaxTextLength);
        Text(errors, nameof(ItemInput.TitleDe), input.TitleDe, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(ItemInput.TextDe), input.TextDe, FollowUpRules.MaxTextLength);
        Text(errors, nameof(ItemInput.Themes), input.Themes, FollowUpRules.MaxTitleLength);
        if (input.Acceptance is { } acceptance && !Enum.IsDefined(acceptance))
        {
            errors.Add(new(nameof(ItemInput.Acceptance), "UnknownCode", $"Acceptance: '{acceptance}' is not one of the allowed values.", acceptance.ToString()));
        }
        await InstitutionsAsync(errors, nameof(ItemInput.InstitutionIds), input.InstitutionIds, cancellationToken);
        return errors;
    }

    private async Task InstitutionsAsync(List<FieldError> errors, string field, IReadOnlyList<Guid>? ids, CancellationToken cancellationToken)
    {
        if (ids is not { Count: > 0 })
        {
            return;
        }
        var distinct = ids.Distinct().ToList();
        var known = await db.Organisations.CountAsync(o => distinct.Contains(o.Id), cancellationToken);
        if (known != distinct.Count)
        {
            errors.Add(new(field, "UnknownOrganisation", $"{field}: an institution is not an organisation of this installation."));
        }
    }

    private static void Apply(CommitmentItem item, ItemInput input)
    {
        item.Number = input.Number!.Trim();
        item.Title = input.Title!.Trim();
        var text = Blank(input.Text);
        if (!string.Equals(text, item.Text, StringComparison.Ordinal))
        {
            // A text changed by hand is no longer the official text that was loaded.
            item.TextSource = null;
        }
        item.Text = text;
        item.TitleDe = Blank(input.TitleDe);
        var textDe = Blank(input.TextDe);
        if (!string.Equals(textDe, item.TextDe, StringComparison.Ordinal))
        {
            // Likewise for a German text loaded from a file.
            item.TextDeSource = null;
            item.TextDeOfficial = null;
        }
        item.TextDe = textDe;
        item.Acceptance = input.Acceptance ?? AcceptanceStatus.NotApplicable;
        item.Themes = NormaliseThemes(input.Themes);
        var wanted = (input.InstitutionIds ?? []).Distinct().ToHashSet();
        item.Institutions.RemoveAll(x => !wanted.Contains(x.OrganisationId));
        foreach (var id in wanted.Where(w => item.Institutions.All(x => x.OrganisationId != w)))
        {
            item.Institutions.Add(new CommitmentItemInstitution { ItemId = item.Id, OrganisationId = id });
        }
    }

    /// <summary>Themes as lower-case tags, sorted, without repeats; separated by ";" or ",".</summary>
    internal static string NormaliseThemes(string? themes) =>
        string.Join(";", (themes ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    internal static IReadOnlyList<string> SplitThemes(string themes) => themes.Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string?> Snapshot(CommitmentItem item) => new()
    {
        ["Number"] = item.Number,
        ["Title"] = item.Title,
        ["Text"] = item.Text,
        ["TextSource"] = item.TextSource,
        ["TitleDe"] = item.TitleDe,
        ["TextDe"] = item.TextDe,
        ["TextDeSource"] = item.TextDeSource,
        ["TextDeOfficial"] = item.TextDeOfficial,
        ["Acceptance"] = item.Acceptance.ToString(),
        ["Themes"] = item.Themes.Length == 0 ? null : item.Themes,
        ["Institutions"] = item.Institutions.Count == 0 ? null : string.Join(";", item.Institutions.Select(x => x.OrganisationId).Order()),
    };

    private static List<FieldChange> Diff(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        after.Where(a => !string.Equals(before.GetValueOrDefault(a.Key), a.Value, StringComparison.Ordinal))
            .Select(a => new FieldChange(a.Key, before.GetValueOrDefault(a.Key), a.Value)).ToList();

    private void AddChange(string subjectType, Guid subjectId, int version, string @event, IReadOnlyList<FieldChange> changes, DateTime now) =>
        db.Set<FollowUpChange>().Add(new FollowUpChange
        {
            Id = Guid.CreateVersion7(),
            SubjectType = subjectType,
            SubjectId = subjectId,
            Version = version,
            Event = @event,
            AtUtc = now,
            ActorUserId = auditContext.Actor.UserId,
            ActorName = auditContext.Actor.Name,
            Changes = JsonSerializer.Serialize(changes.ToDictionary(c => c.Field, c => new[] { c.Old, c.New }), Json),
        });

    private async Task<IReadOnlyList<ChangeView>> HistoryAsync(string subjectType, Guid subjectId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<FollowUpChange>().AsNoTracking().Where(c => c.SubjectType == subjectType && c.SubjectId == subjectId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.Version).ThenByDescending(c => c.AtUtc)
            .Select(c => new ChangeView(c.Version, c.Event, c.AtUtc, c.ActorName,
                (JsonSerializer.Deserialize<Dictionary<string, string?[]>>(c.Changes, Json) ?? [])
                    .Select(p => new FieldChange(p.Key, p.Value.ElementAtOrDefault(0), p.Value.ElementAtOrDefault(1))).ToList()))
            .ToList();
    }

    private async Task<Dictionary<Guid, string>> OrganisationNamesAsync(CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

    private static OrganisationRef Ref(Dictionary<Guid, string> names, Guid id) => new(id, names.GetValueOrDefault(id) ?? id.ToString());

    private static string ComparableText(string title, string? text, string? titleDe, string? textDe) => string.Join(' ', title, text, titleDe, textDe);

    private static void Text(List<FieldError> errors, string field, string? value, int max, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(field, "Required", $"{field}: enter a value."));
            }
            return;
        }
        if (value.Trim().Length > max)
        {
            errors.Add(new(field, "TooLong", $"{field}: at most {max} characters.", value.Trim().Length, max));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private Task AuditAsync(string action, string outcome, string subjectType, string? subjectId, Dictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(action, outcome, subjectType, subjectId, Details: details), cancellationToken);

    /// <summary>Orders "2", "10", "4.2", "24 a)" by their leading numbers, then as text.</summary>
    internal sealed class NumberComparer : IComparer<string>
    {
        public static NumberComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var a = Parts(x);
            var b = Parts(y);
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = a[i].CompareTo(b[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(x, y);
        }

        private static long[] Parts(string? s) => (s ?? "").Split(['.', ' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => long.TryParse(new string(p.TakeWhile(char.IsDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ToArray();
    }
}
