using System.Globalization;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>Loading the declaration 76/7 (shipped data) and importing a national action plan from CSV.</summary>
public sealed partial class FollowUpService
{
    /// <summary>The framework code of the declaration shipped with the product.</summary>
    public const string DeclarationCode = "A/RES/76/7";

    /// <summary>The columns of an imported plan; <c>number</c> and <c>title</c> are required, the others optional, in any order.</summary>
    public static readonly IReadOnlyList<string> ImportColumns = ["number", "title", "text", "title_de", "text_de", "acceptance", "themes", "institutions"];

    /// <summary>
    /// Loads the operative paragraphs of the declaration 76/7 (<c>FollowUp/Data/declaration-76-7.json</c>) as the framework
    /// <see cref="DeclarationCode"/>. Idempotent: a second load adds only paragraphs that are missing and fills only
    /// fields that are empty, so coordinators' changes are never overwritten.
    /// </summary>
    public async Task<Result<DeclarationLoadResult>> LoadDeclarationAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpFramework, AuditOutcomes.Denied, FrameworkSubject, null, new Dictionary<string, string> { ["event"] = "load-declaration" }, cancellationToken);
            return Problem.Forbidden();
        }
        var data = DeclarationData.Load();
        var now = time.GetUtcNow().UtcDateTime;
        var framework = await db.Set<CommitmentFramework>().SingleOrDefaultAsync(f => f.Code == DeclarationCode, cancellationToken);
        var created = framework is null;
        if (framework is null)
        {
            framework = NewFramework(new FrameworkInput(FrameworkKind.Declaration, data.Code, data.Title, data.TitleDe, data.Source, data.IssuedOn, data.Cycle));
            db.Set<CommitmentFramework>().Add(framework);
        }
        var existing = await db.Set<CommitmentItem>().Where(i => i.FrameworkId == framework.Id).ToDictionaryAsync(i => i.Number, cancellationToken);
        int added = 0, filled = 0;
        foreach (var paragraph in data.Items)
        {
            if (existing.TryGetValue(paragraph.Number, out var item))
            {
                var before = Snapshot(item);
                item.TitleDe ??= paragraph.TitleDe;
                item.TextDe ??= paragraph.TextDe;
                item.Text ??= paragraph.Text;
                var changes = Diff(before, Snapshot(item));
                if (changes.Count > 0)
                {
                    item.Version++;
                    item.UpdatedAtUtc = now;
                    AddChange(ItemSubject, item.Id, item.Version, "updated", changes, now);
                    filled++;
                }
                continue;
            }
            item = new CommitmentItem
            {
                Id = Guid.CreateVersion7(),
                FrameworkId = framework.Id,
                Number = paragraph.Number,
                Title = paragraph.Title,
                TitleDe = paragraph.TitleDe,
                Text = paragraph.Text,
                TextDe = paragraph.TextDe,
                TitlesAreSummaries = true,
                Acceptance = AcceptanceStatus.NotApplicable,
                Themes = NormaliseThemes(paragraph.Themes),
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
                Version = 1,
            };
            db.Set<CommitmentItem>().Add(item);
            AddChange(ItemSubject, item.Id, 1, "created", Diff([], Snapshot(item)), now);
            added++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpFramework, AuditOutcomes.Success, FrameworkSubject, framework.Id.ToString(),
            new Dictionary<string, string> { ["event"] = "load-declaration", ["added"] = added.ToString(CultureInfo.InvariantCulture), ["filled"] = filled.ToString(CultureInfo.InvariantCulture) },
            cancellationToken);
        return new DeclarationLoadResult(framework.Id, created, added, filled);
    }

    /// <summary>
    /// Imports a framework (e.g. a national action plan) with its items from CSV: a header line names the columns
    /// (<see cref="ImportColumns"/>; <c>number</c> and <c>title</c> required), one item per line; <c>acceptance</c> is a
    /// value of <see cref="AcceptanceStatus"/>, <c>themes</c> and <c>institutions</c> (organisation names) are separated by
    /// ";". All or nothing: any malformed line refuses the whole file, each error naming the line and the field.
    /// </summary>
    /// <returns>The framework and its number of items; Forbidden; Invalid (the framework's fields, or <c>Csv</c> with one error per line and field).</returns>
    public async Task<Result<PlanImportResult>> ImportPlanAsync(FrameworkInput frameworkInput, TextReader csv, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpImport, AuditOutcomes.Denied, FrameworkSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var errors = ValidateFramework(frameworkInput);
        if (errors.Count == 0 && await db.Set<CommitmentFramework>().AnyAsync(f => f.Code == frameworkInput.Code!.Trim(), cancellationToken))
        {
            errors.Add(new(nameof(FrameworkInput.Code), "Taken", $"Code: the code {frameworkInput.Code!.Trim()} is already in use.", frameworkInput.Code.Trim()));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        var byName = organisations.GroupBy(o => o.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var (rows, csvErrors) = ParsePlan(csv, byName);
        if (csvErrors.Count > 0)
        {
            await AuditAsync(AuditActions.FollowUpImport, AuditOutcomes.Failed, FrameworkSubject, null,
                new Dictionary<string, string> { ["errors"] = csvErrors.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            return Problem.Invalid(csvErrors);
        }

        var framework = NewFramework(frameworkInput);
        var now = framework.CreatedAtUtc;
        db.Set<CommitmentFramework>().Add(framework);
        foreach (var row in rows)
        {
            var item = new CommitmentItem { Id = Guid.CreateVersion7(), FrameworkId = framework.Id, Number = "", Title = "", CreatedAtUtc = now, UpdatedAtUtc = now, Version = 1 };
            Apply(item, row);
            db.Set<CommitmentItem>().Add(item);
            AddChange(ItemSubject, item.Id, 1, "created", Diff([], Snapshot(item)), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpImport, AuditOutcomes.Success, FrameworkSubject, framework.Id.ToString(),
            new Dictionary<string, string> { ["code"] = framework.Code, ["items"] = rows.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        return new PlanImportResult(Summary(framework, rows.Count), rows.Count);
    }

    /// <summary>Reads and checks every line; the rows only when no line has an error.</summary>
    internal static (List<ItemInput> Rows, List<FieldError> Errors) ParsePlan(TextReader csv, IReadOnlyDictionary<string, Guid> organisationsByName)
    {
        var errors = new List<FieldError>();
        var rows = new List<ItemInput>();
        void Error(long line, string field, string message) =>
            errors.Add(new("Csv", "CsvLine", $"Line {line}, field '{field}': {message}", line, field));

        var records = PlanCsv.Read(csv);
        if (records.Count == 0 || records[0].Fields is null || records[0].Fields!.All(string.IsNullOrWhiteSpace))
        {
            Error(1, "header", "the file is empty; the first line names the columns.");
            return ([], errors);
        }
        var header = records[0].Fields!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        foreach (var unknown in header.Where(h => !ImportColumns.Contains(h)))
        {
            Error(1, unknown, "not a column of a plan (" + string.Join(", ", ImportColumns) + ").");
        }
        foreach (var missing in new[] { "number", "title" }.Where(r => !header.Contains(r)))
        {
            Error(1, missing, "the required column is missing.");
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (errors.Count >= FollowUpRules.MaxReportedErrors)
            {
                break;
            }
            var line = record.Line;
            if (record.Fields is not { } fields)
            {
                Error(line, "line", "the line cannot be read (a quote is not closed or stands inside a field).");
                break;
            }
            if (fields.Length == 1 && fields[0].Trim().Length == 0)
            {
                continue;
            }
            if (fields.Length != header.Length)
            {
                Error(line, "line", $"{fields.Length} fields, the header names {header.Length}.");
                continue;
            }
            string? Field(string name) => Array.IndexOf(header, name) is var i and >= 0 && fields[i].Trim().Length > 0 ? fields[i].Trim() : null;

            var number = Field("number");
            var title = Field("title");
            if (number is null)
            {
                Error(line, "number", "enter a value.");
            }
            else if (number.Length > FollowUpRules.MaxNumberLength)
            {
                Error(line, "number", $"at most {FollowUpRules.MaxNumberLength} characters.");
            }
            else if (numbers.TryGetValue(number, out var first))
            {
                Error(line, "number", $"{number} is on line {first} already.");
            }
            else
            {
                numbers[number] = line;
            }
            if (title is null)
            {
                Error(line, "title", "enter a value.");
            }
            foreach (var (name, max) in new[] { ("title", FollowUpRules.MaxTitleLength), ("title_de", FollowUpRules.MaxTitleLength), ("text", FollowUpRules.MaxTextLength),
                         ("text_de", FollowUpRules.MaxTextLength), ("themes", FollowUpRules.MaxTitleLength) })
            {
                if (Field(name) is { } value && value.Length > max)
                {
                    Error(line, name, $"at most {max} characters.");
                }
            }
            AcceptanceStatus? acceptance = null;
            if (Field("acceptance") is { } a)
            {
                if (Enum.TryParse<AcceptanceStatus>(a, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(a, out _))
                {
                    acceptance = parsed;
                }
                else
                {
                    Error(line, "acceptance", $"'{a}' is not one of " + string.Join(", ", Enum.GetNames<AcceptanceStatus>()) + ".");
                }
            }
            var institutions = new List<Guid>();
            foreach (var name in (Field("institutions") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (organisationsByName.TryGetValue(name, out var id))
                {
                    institutions.Add(id);
                }
                else
                {
                    Error(line, "institutions", $"'{name}' is not an organisation of this installation.");
                }
            }
            if (rows.Count >= FollowUpRules.MaxImportRows)
            {
                Error(line, "line", $"a plan has at most {FollowUpRules.MaxImportRows} items.");
                break;
            }
            rows.Add(new ItemInput(number, title, Field("text"), Field("title_de"), Field("text_de"), acceptance, Field("themes"), institutions));
        }
        if (errors.Count == 0 && rows.Count == 0)
        {
            Error(2, "line", "the file has no items.");
        }
        return (errors.Count == 0 ? rows : [], errors);
    }

    /// <summary>The shipped data of the declaration (see <c>FollowUp/Data/SOURCE.md</c>).</summary>
    internal sealed record DeclarationData(string Code, string Title, string TitleDe, string Source, DateOnly IssuedOn, string Cycle, IReadOnlyList<DeclarationParagraph> Items)
    {
        private static readonly Lazy<DeclarationData> Data = new(() =>
        {
            using var stream = typeof(DeclarationData).Assembly.GetManifestResourceStream("Ariadne.FollowUp.declaration-76-7.json")
                ?? throw new InvalidOperationException("The declaration's data is not embedded.");
            return JsonSerializer.Deserialize<DeclarationData>(stream, Json) ?? throw new InvalidOperationException("The declaration's data is empty.");
        });

        public static DeclarationData Load() => Data.Value;
    }

    internal sealed record DeclarationParagraph(string Number, string Title, string TitleDe, string? Text, string TextDe, string? Themes);
}
