using Ariadne.Analytics.Screening;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
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

/// <summary>
/// A stored screening with its result, for history and display. The notes in <c>Request.Answers</c> are filled only for
/// a viewer to whom the case's identifying fields are revealed; otherwise <c>NotesSealed</c> says whether there are any.
/// </summary>
public sealed record ScreeningView(Guid Id, Guid CaseId, string Instrument, string List, string Outcome, bool Unverified, DateTime ScreenedAtUtc,
    ScreeningRequest Request, ScreeningResult Result, bool NotesSealed = false);

/// <summary>
/// Outcome changes a candidate instrument version would cause: of <c>Total</c> stored screenings, how many would change
/// and the counts by from → to; <c>Skipped</c> counts, by reason, those the candidate cannot score (e.g. an answer to an
/// indicator it lacks).
/// </summary>
public sealed record ImpactReport(string Candidate, int Total, int Changed, IReadOnlyList<ImpactChange> Changes, IReadOnlyDictionary<string, int> Skipped);

public sealed record ImpactChange(string From, string To, int Count);

/// <summary>Screens cases (audited), keeps their history, and analyses the impact of a candidate instrument version.</summary>
/// <remarks>
/// Screenings are immutable: a later screening is a new record. Their notes are case-file content, sealed under the
/// person's data key like the narrative and shown under the same rule (to a viewer who may reveal the case's identity
/// and revealed it in the last 15 minutes, audited), so erasing the person's identity makes them unreadable.
/// </remarks>
public sealed class ScreeningService(AppDbContext db, TimeProvider time, InstrumentCatalogue instruments, IAuditLog audit, IdentityVault vault)
{
    public const int MaxNoteLength = 1000;

    private const string Subject = "case";

    public async Task<Result<ScreeningView>> CreateAsync(Guid caseId, ScreeningInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var subject = await db.Cases.Visible(viewer).AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.AgeGroup, c.Exploitation.AgeAtStart, c.FormsKey, c.OrganisationId, PersonId = c.Person.Id })
            .SingleOrDefaultAsync(cancellationToken);
        if (subject is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, subject.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Screening, AuditOutcomes.Denied, Subject, caseId.ToString()), cancellationToken);
            return Problem.Forbidden();
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
                return Problem.Invalid($"answers.{code}.note", "TooLong", $"The note has {answer.Note.Length} characters; at most {MaxNoteLength} are allowed.", answer.Note.Length, MaxNoteLength);
            }
        }
        if (IsEmpty(input))
        {
            return Invalid(nameof(ScreeningInput.Answers), "Empty",
                "Answer at least one indicator (yes, no or unknown): a screening with nothing asked is not saved, as it would read as \"no indicators found\".");
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
        var now = time.GetUtcNow().UtcDateTime;
        var record = new ScreeningRecord
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            InstrumentId = instrument.Instrument.Id,
            InstrumentVersion = instrument.Instrument.Version,
            List = result.List,
            Form = request.Form,
            AgeAtStart = request.AgeAtStart,
            AgeUncertain = request.AgeUncertain,
            ReasonsToBelieveChild = request.ReasonsToBelieveChild,
            Answers = CompactAnswers.Encode(instrument, request.Answers),
            Age = InstrumentLoader.Kebab(result.Age),
            FormsKey = FormsKeyOf(result.Forms),
            ResultJson = ScreeningSnapshot.Serialise(result),
            Outcome = ScreeningSnapshot.Spell(result.Recommendation),
            Unverified = result.Unverified,
            ScreenedByUserId = viewer.UserId,
            ScreenedAtUtc = now,
        };
        var notes = NotesOf(request);
        if (notes.Count > 0)
        {
            var key = await db.PersonKeys.SingleOrDefaultAsync(k => k.PersonId == subject.PersonId, cancellationToken);
            // The person's identity was erased: the notes get a fresh key, as a new narrative would.
            using var dataKey = vault.OpenOrCreate(key, subject.PersonId, now, out var created);
            if (created is not null)
            {
                db.PersonKeys.Add(created);
            }
            record.NotesCiphertext = vault.SealScreeningNotes(record.Id, notes, dataKey.Bytes);
        }
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.Screening, AuditOutcomes.Success, Subject, caseId.ToString(), Details: new Dictionary<string, string>
        {
            ["caseCode"] = subject.CaseCode,
            ["instrument"] = instrument.Instrument.Key,
            ["outcome"] = record.Outcome,
            ["screening"] = record.Id.ToString(),
        }), cancellationToken);
        // The author just wrote the notes: echoing them back reveals nothing new.
        return new ScreeningView(record.Id, record.CaseId, instrument.Instrument.Key, record.List, record.Outcome, record.Unverified,
            record.ScreenedAtUtc, request, result);
    }

    /// <summary>The case's screenings, newest first; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<ScreeningView>?> ListAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var subject = await VisibleCaseAsync(caseId, viewer, cancellationToken);
        if (subject is null)
        {
            return null;
        }
        var records = await db.Set<ScreeningRecord>().AsNoTracking().Where(s => s.CaseId == caseId).ToListAsync(cancellationToken);
        return await ViewsAsync([.. records.OrderByDescending(s => s.ScreenedAtUtc).ThenByDescending(s => s.Id)], subject.Value, viewer, cancellationToken);
    }

    /// <summary>One screening of a visible case, or null.</summary>
    public async Task<ScreeningView?> GetAsync(Guid caseId, Guid screeningId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var subject = await VisibleCaseAsync(caseId, viewer, cancellationToken);
        if (subject is null)
        {
            return null;
        }
        var record = await db.Set<ScreeningRecord>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == screeningId && s.CaseId == caseId, cancellationToken);
        return record is null ? null : (await ViewsAsync([record], subject.Value, viewer, cancellationToken))[0];
    }

    private async Task<(Guid OrganisationId, Guid PersonId)?> VisibleCaseAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.Visible(viewer).AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.OrganisationId, PersonId = c.Person.Id }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.OrganisationId, found.PersonId);
    }

    /// <summary>The views of <paramref name="records"/> of one case, their notes opened when its identity is revealed to the viewer.</summary>
    private async Task<IReadOnlyList<ScreeningView>> ViewsAsync(
        IReadOnlyList<ScreeningRecord> records, (Guid OrganisationId, Guid PersonId) subject, CaseViewer viewer, CancellationToken cancellationToken)
    {
        DataKey? dataKey = null;
        if (records.Any(r => r.NotesCiphertext is not null)
            && await db.IsRevealedAsync(records[0].CaseId, subject.OrganisationId, viewer, time.GetUtcNow().UtcDateTime, cancellationToken)
            && await db.PersonKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PersonId == subject.PersonId, cancellationToken) is { } key)
        {
            dataKey = vault.Open(key);
        }
        try
        {
            var compiled = new Dictionary<string, CompiledInstrument>(StringComparer.Ordinal);
            var views = new List<ScreeningView>(records.Count);
            foreach (var record in records)
            {
                var instrumentKey = $"{record.InstrumentId}@{record.InstrumentVersion}";
                if (!compiled.TryGetValue(instrumentKey, out var instrument))
                {
                    instrument = await instruments.FindAsync(instrumentKey, cancellationToken)
                        ?? throw new InvalidOperationException($"The instrument {instrumentKey} of screening {record.Id} is not available.");
                    compiled[instrumentKey] = instrument;
                }
                var notes = dataKey is not null && record.NotesCiphertext is not null ? vault.OpenScreeningNotes(record.Id, record.NotesCiphertext, dataKey.Bytes) : null;
                var request = new ScreeningRequest(record.Form, record.AgeAtStart, record.AgeUncertain, record.ReasonsToBelieveChild,
                    CompactAnswers.Decode(instrument, record.Answers, notes));
                views.Add(new ScreeningView(record.Id, record.CaseId, instrumentKey, record.List, record.Outcome, record.Unverified, record.ScreenedAtUtc,
                    request, ScreeningSnapshot.Deserialise(record.ResultJson), NotesSealed: record.NotesCiphertext is not null && notes is null));
            }
            return views;
        }
        finally
        {
            dataKey?.Dispose();
        }
    }

    /// <summary>
    /// Re-scores every stored screening under <paramref name="candidate"/> and counts how the outcomes would change.
    /// Nothing is stored: stored results stay as computed. Counts only, so it needs no case access.
    /// </summary>
    public async Task<ImpactReport?> ImpactAsync(string candidate, CancellationToken cancellationToken) =>
        await instruments.FindAsync(candidate, cancellationToken) is { } instrument ? await ImpactAsync(instrument, cancellationToken) : null;

    /// <summary>
    /// Re-scores every stored screening under <paramref name="candidate"/> (installed or not, e.g. a file being
    /// considered) from the compact answers, and counts how the outcomes would change. Nothing is stored.
    /// </summary>
    public async Task<ImpactReport> ImpactAsync(CompiledInstrument candidate, CancellationToken cancellationToken)
    {
        var rescorer = new CompactRescorer(candidate);
        // The stored versions are loaded before the rows stream: PostgreSQL runs one command per connection at a time.
        var stored = new Dictionary<(string, string), CompiledInstrument?>();
        foreach (var version in await db.Set<ScreeningRecord>().AsNoTracking()
            .Select(s => new { s.InstrumentId, s.InstrumentVersion }).Distinct().ToListAsync(cancellationToken))
        {
            stored[(version.InstrumentId, version.InstrumentVersion)] = await instruments.FindAsync($"{version.InstrumentId}@{version.InstrumentVersion}", cancellationToken);
        }
        var counts = new int[Outcomes.Length, Outcomes.Length];
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await foreach (var row in db.Set<ScreeningRecord>().AsNoTracking()
            .Select(s => new { s.InstrumentId, s.InstrumentVersion, s.Form, s.AgeAtStart, s.AgeUncertain, s.ReasonsToBelieveChild, s.Answers, s.Outcome })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            total++;
            // A version stored after the pre-load above (a screening written meanwhile) is skipped as unknown.
            var instrument = stored.GetValueOrDefault((row.InstrumentId, row.InstrumentVersion));
            var from = Array.IndexOf(Outcomes, row.Outcome);
            if (instrument is null || from < 0)
            {
                Skip(skipped, instrument is null ? "instrument" : "outcome");
                continue;
            }
            try
            {
                var to = (int)rescorer.Classify(instrument, row.Form, row.AgeAtStart, row.AgeUncertain, row.ReasonsToBelieveChild, row.Answers).Recommendation;
                counts[from, to]++;
            }
            catch (ScreeningInputException e)
            {
                Skip(skipped, e.Field.StartsWith("answers.", StringComparison.Ordinal) ? "answers" : e.Field);
            }
            catch (FormatException)
            {
                Skip(skipped, "answers");
            }
        }
        var changes = new List<ImpactChange>();
        var changed = 0;
        foreach (var from in Enumerable.Range(0, Outcomes.Length).OrderBy(i => Outcomes[i], StringComparer.Ordinal))
        {
            foreach (var to in Enumerable.Range(0, Outcomes.Length).OrderBy(i => Outcomes[i], StringComparer.Ordinal))
            {
                if (counts[from, to] > 0)
                {
                    changes.Add(new ImpactChange(Outcomes[from], Outcomes[to], counts[from, to]));
                    changed += from == to ? 0 : counts[from, to];
                }
            }
        }
        return new ImpactReport(candidate.Instrument.Key, total, changed, changes, skipped);
    }

    /// <summary>The stored spellings of the recommendations, indexed by <see cref="Recommendation"/>.</summary>
    private static readonly string[] Outcomes = [.. Enum.GetValues<Recommendation>().Select(ScreeningSnapshot.Spell)];

    private static void Skip(Dictionary<string, int> skipped, string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

    /// <summary>The notes of a request by indicator code (trimmed, without empty ones).</summary>
    internal static Dictionary<string, string> NotesOf(ScreeningRequest request) =>
        request.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Value.Note)).ToDictionary(a => a.Key, a => a.Value.Note!.Trim(), StringComparer.Ordinal);

    /// <summary><c>|code|code|</c> of the forms a result indicates, in their order.</summary>
    internal static string FormsKeyOf(IReadOnlyList<string> forms) => "|" + string.Concat(forms.Select(f => f + "|"));

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

    private static Problem Invalid(string field, string code, string message) => Problem.Invalid(field, code, message);

    /// <summary>
    /// A screening in which no indicator was asked (every answer "not asked", or none at all): it is refused on every
    /// surface, because stored it would read as "no indicators found". Notes alone do not make it a screening.
    /// </summary>
    public static bool IsEmpty(ScreeningInput input) => !input.Answers.Values.Any(a => a.Answer != Answer.NotAsked);
}
