using Ariadne.Analytics.Screening;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Screening;

/// <summary>
/// What a case worker supplies to screen a case. The age facts default to the case's own (age at the start of
/// exploitation; minor at identification is a reason to believe the person is a child).
/// <c>Instrument</c> is <c>ID</c> or <c>ID@VERSION</c> (null: the latest version of the shipped default); <c>Form</c> is the
/// exploitation form screened for (null: sexual exploitation if the case records it, else forced labour).
/// </summary>
public sealed record ScreeningInput(
    string? Instrument,
    string? Form,
    int? AgeAtStart,
    bool? AgeUncertain,
    bool ReasonsToBelieveChild,
    IReadOnlyDictionary<string, IndicatorAnswer> Answers);

/// <summary>A stored screening with its result, for history and display.</summary>
public sealed record ScreeningView(Guid Id, Guid CaseId, string Instrument, string List, string Outcome, bool Unverified, DateTime ScreenedAtUtc,
    ScreeningRequest Request, ScreeningResult Result);

public sealed record ScreeningWriteResult(CaseWriteOutcome Outcome, ScreeningView? Screening, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Outcome changes a candidate instrument version would cause: of <c>Total</c> stored screenings, how many would change
/// and the counts by from → to; <c>Skipped</c> counts, by reason, those the candidate cannot score (e.g. an answer to an
/// indicator it lacks).
/// </summary>
public sealed record ImpactReport(string Candidate, int Total, int Changed, IReadOnlyList<ImpactChange> Changes, IReadOnlyDictionary<string, int> Skipped);

public sealed record ImpactChange(string From, string To, int Count);

/// <summary>Screens cases (audited), keeps their history, and analyses the impact of a candidate instrument version.</summary>
public sealed class ScreeningService(AppDbContext db, TimeProvider time, InstrumentCatalogue instruments, IAuditLog audit)
{
    public const int MaxNoteLength = 1000;

    private const string Subject = "case";

    public async Task<ScreeningWriteResult> CreateAsync(Guid caseId, ScreeningInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var subject = await db.Cases.Visible(viewer).AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.AgeGroup, c.Exploitation.AgeAtStart, c.FormsKey, c.OrganisationId })
            .SingleOrDefaultAsync(cancellationToken);
        if (subject is null)
        {
            return new(CaseWriteOutcome.NotFound, null, []);
        }
        if (!CaseAccess.MayEdit(viewer, subject.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Screening, AuditOutcomes.Denied, Subject, caseId.ToString()), cancellationToken);
            return new(CaseWriteOutcome.Forbidden, null, []);
        }
        var instrument = await instruments.FindAsync(input.Instrument ?? ShippedInstruments.DefaultId, cancellationToken);
        if (instrument is null)
        {
            return Invalid(nameof(ScreeningInput.Instrument), "UnknownCode", $"No instrument '{input.Instrument}'.");
        }
        foreach (var (code, answer) in input.Answers)
        {
            if (answer.Note is { Length: > MaxNoteLength })
            {
                return Invalid($"answers.{code}.note", "TooLong", $"The note has {answer.Note.Length} characters; at most {MaxNoteLength} are allowed.");
            }
        }
        var request = RequestFor(subject.AgeAtStart, subject.AgeGroup, subject.FormsKey, input);
        ScreeningResult result;
        try
        {
            result = ScreeningScorer.Score(instrument, request);
        }
        catch (ScreeningInputException e)
        {
            return Invalid(e.Field, "Invalid", e.Reason);
        }
        var record = new ScreeningRecord
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            InstrumentId = instrument.Instrument.Id,
            InstrumentVersion = instrument.Instrument.Version,
            List = result.List,
            AnswersJson = ScreeningRequestJson.Write(request),
            ResultJson = ScreeningSnapshot.Serialise(result),
            Outcome = ScreeningSnapshot.Spell(result.Recommendation),
            Unverified = result.Unverified,
            ScreenedByUserId = viewer.UserId,
            ScreenedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.Screening, AuditOutcomes.Success, Subject, caseId.ToString(), Details: new Dictionary<string, string>
        {
            ["caseCode"] = subject.CaseCode,
            ["instrument"] = instrument.Instrument.Key,
            ["outcome"] = record.Outcome,
            ["screening"] = record.Id.ToString(),
        }), cancellationToken);
        return new(CaseWriteOutcome.Success, View(record), []);
    }

    /// <summary>The case's screenings, newest first; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<ScreeningView>?> ListAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var records = await db.Set<ScreeningRecord>().AsNoTracking().Where(s => s.CaseId == caseId).ToListAsync(cancellationToken);
        return [.. records.OrderByDescending(s => s.ScreenedAtUtc).ThenByDescending(s => s.Id).Select(View)];
    }

    /// <summary>One screening of a visible case, or null.</summary>
    public async Task<ScreeningView?> GetAsync(Guid caseId, Guid screeningId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var record = await db.Set<ScreeningRecord>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == screeningId && s.CaseId == caseId, cancellationToken);
        return record is null ? null : View(record);
    }

    /// <summary>
    /// Re-scores every stored screening under <paramref name="candidate"/> and counts how the outcomes would change.
    /// Nothing is stored: stored results stay as computed. Counts only, so it needs no case access.
    /// </summary>
    public async Task<ImpactReport?> ImpactAsync(string candidate, CancellationToken cancellationToken)
    {
        var instrument = await instruments.FindAsync(candidate, cancellationToken);
        if (instrument is null)
        {
            return null;
        }
        var counts = new Dictionary<(string, string), int>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        var changed = 0;
        await foreach (var stored in db.Set<ScreeningRecord>().AsNoTracking().Select(s => new { s.AnswersJson, s.Outcome }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            total++;
            string outcome;
            try
            {
                outcome = ScreeningSnapshot.Spell(StoredScreening.Classify(instrument, stored.AnswersJson).Recommendation);
            }
            catch (ScreeningInputException e)
            {
                var reason = e.Field.StartsWith("answers.", StringComparison.Ordinal) ? "answers" : e.Field;
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }
            counts[(stored.Outcome, outcome)] = counts.GetValueOrDefault((stored.Outcome, outcome)) + 1;
            if (outcome != stored.Outcome)
            {
                changed++;
            }
        }
        return new ImpactReport(instrument.Instrument.Key, total, changed,
            [.. counts.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2, StringComparer.Ordinal).Select(c => new ImpactChange(c.Key.Item1, c.Key.Item2, c.Value))],
            skipped);
    }

    /// <summary>
    /// The request a screening of a case is scored from: the input's form and age facts where given, else the case's
    /// (sexual exploitation if the case records it, else forced labour; age at the start of exploitation; a minor at
    /// identification is a reason to believe the person is a child).
    /// </summary>
    public static ScreeningRequest RequestFor(int? caseAgeAtStart, AgeGroup caseAgeGroup, string caseFormsKey, ScreeningInput input)
    {
        var ageAtStart = input.AgeAtStart ?? caseAgeAtStart;
        return new ScreeningRequest(
            string.IsNullOrWhiteSpace(input.Form) ? (caseFormsKey.Contains("|sexual-exploitation|", StringComparison.Ordinal) ? "sexual-exploitation" : "forced-labour") : input.Form,
            ageAtStart,
            input.AgeUncertain ?? ageAtStart is null,
            input.ReasonsToBelieveChild || caseAgeGroup == AgeGroup.Minor,
            input.Answers.ToDictionary(a => a.Key, a => a.Value with { Note = string.IsNullOrWhiteSpace(a.Value.Note) ? null : a.Value.Note.Trim() }, StringComparer.Ordinal));
    }

    private static ScreeningView View(ScreeningRecord record) => new(
        record.Id, record.CaseId, $"{record.InstrumentId}@{record.InstrumentVersion}", record.List, record.Outcome, record.Unverified, record.ScreenedAtUtc,
        ScreeningRequestJson.Parse(record.AnswersJson), ScreeningSnapshot.Deserialise(record.ResultJson));

    private static ScreeningWriteResult Invalid(string field, string code, string message) => new(CaseWriteOutcome.Invalid, null, [new(field, code, message)]);
}
