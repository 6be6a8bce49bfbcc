using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp.Questionnaires;

/// <summary>
/// Questionnaires of the review instruments stored as data, and their answers per cycle (issue 18, item 6). One service
/// for the pages, the API and the CLI. Coordinators import questionnaires and approve answers; focal points
/// (coordinators and case workers) write and submit answers; every reader of the follow-up reads. Each answer draws on
/// the approved values of its question's indicators in the cycle's period (as published: suppressed cells keep their
/// mark) and on the status of the measures of its commitment items. Every change is a version in the follow-up history
/// and an audit entry; nothing here is about a person.
/// </summary>
public sealed partial class QuestionnaireService(AppDbContext db, IAuditLog audit, IAuditContext auditContext, TimeProvider time)
{
    /// <summary>The subject of an answer's history rows and audit entries (the history's subject type holds at most 16 characters).</summary>
    public const string AnswerSubject = "answer";

    public const string QuestionnaireSubject = "questionnaire";

    /// <summary>The questionnaires shipped with Ariadne (embedded; see FollowUp/Data/SOURCE.md).</summary>
    public static readonly IReadOnlyList<string> Shipped = ["untoc-tip-protocol-saq.json", "greta-round-3.json", "us-tip-report.json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool MayAnswer(CaseViewer viewer) => viewer.IsLocalOperator
        || viewer.Roles.Contains(Users.Roles.Coordinator) || viewer.Roles.Contains(Users.Roles.CaseWorker);

    /// <summary>A cycle "yyyy" or "yyyy-yyyy" (at most ten years) as its first and last day; null when malformed.</summary>
    public static (DateOnly From, DateOnly To)? CyclePeriod(string? cycle)
    {
        if (cycle is null || CycleFormat().Match(cycle.Trim()) is not { Success: true } match)
        {
            return null;
        }
        var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var last = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : first;
        return first < 1900 || last < first || last - first >= 10 ? null : (new DateOnly(first, 1, 1), new DateOnly(last, 12, 31));
    }

    /// <summary>The latest version of every questionnaire, by code, with the cycles that hold answers.</summary>
    public async Task<Result<IReadOnlyList<QuestionnaireSummary>>> ListAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var versions = await db.Set<QuestionnaireVersion>().AsNoTracking().ToListAsync(cancellationToken);
        var cycles = await CyclesAsync(null, cancellationToken);
        return versions.GroupBy(v => v.Code).Select(g => Summary(g.MaxBy(v => v.Version)!, cycles)).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Imports a questionnaire file (JSON, <see cref="QuestionnaireFile"/>). All or nothing: a malformed file, a question
    /// number used twice, an indicator code or commitment item that does not exist are refused with errors naming the
    /// line and field, and nothing is stored. A file equal to the latest version of its code stores nothing either; a
    /// changed one is the next version.
    /// </summary>
    public async Task<Result<QuestionnaireImportResult>> ImportAsync(byte[] file, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireImport, AuditOutcomes.Denied, QuestionnaireSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var parsed = QuestionnaireFile.Parse(file);
        var errors = parsed.Errors.ToList();
        await CheckLinksAsync(parsed, errors, cancellationToken);
        if (errors.Count > 0)
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireImport, AuditOutcomes.Failed, QuestionnaireSubject, parsed.Definition?.Code,
                new Dictionary<string, string> { ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            // In the order of the file (every error here names its line first).
            return Problem.Invalid(errors.OrderBy(e => e.Arguments is [int line, ..] ? line : 0).Take(FollowUpRules.MaxReportedErrors).ToList());
        }
        var definition = parsed.Definition!;
        var text = JsonSerializer.Serialize(definition, Json);
        var latest = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => v.Code == definition.Code)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        var cycles = await CyclesAsync(definition.Code, cancellationToken);
        if (latest is not null && latest.Definition == text)
        {
            return new QuestionnaireImportResult(Summary(latest, cycles), false);
        }
        var version = new QuestionnaireVersion
        {
            Id = Guid.CreateVersion7(),
            Code = definition.Code,
            Version = (latest?.Version ?? 0) + 1,
            Title = definition.Title,
            TitleDe = definition.TitleDe,
            Source = definition.Source,
            Definition = text,
            Questions = definition.Questions.Count(),
            ImportedAtUtc = time.GetUtcNow().UtcDateTime,
            ImportedBy = auditContext.Actor.Name,
        };
        db.Set<QuestionnaireVersion>().Add(version);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpQuestionnaireImport, AuditOutcomes.Success, QuestionnaireSubject, definition.Code,
            new Dictionary<string, string> { ["version"] = version.Version.ToString(CultureInfo.InvariantCulture), ["questions"] = version.Questions.ToString(CultureInfo.InvariantCulture) },
            cancellationToken);
        return new QuestionnaireImportResult(Summary(version, cycles), true);
    }

    /// <summary>Imports the questionnaires shipped with Ariadne (each only when it differs from the latest version).</summary>
    public async Task<Result<IReadOnlyList<QuestionnaireImportResult>>> LoadShippedAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        var results = new List<QuestionnaireImportResult>();
        foreach (var name in Shipped)
        {
            var result = await ImportAsync(ShippedFile(name), viewer, cancellationToken);
            if (!result.Succeeded)
            {
                return result.Problem!;
            }
            results.Add(result.Value!);
        }
        return results;
    }

    /// <summary>The bytes of a shipped questionnaire file.</summary>
    public static byte[] ShippedFile(string name)
    {
        using var stream = typeof(QuestionnaireService).Assembly.GetManifestResourceStream("Ariadne.FollowUp." + name)
            ?? throw new InvalidOperationException($"The questionnaire {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A questionnaire for a cycle (default: the current calendar year, UTC of the injected clock): the version its
    /// answers keep, every question with its answer and the data it draws on.
    /// </summary>
    /// <returns>The view; Forbidden; NotFound (no such questionnaire); Invalid naming <c>Cycle</c>.</returns>
    public async Task<Result<QuestionnaireCycleView>> CycleAsync(string code, string? cycle, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        cycle = string.IsNullOrWhiteSpace(cycle) ? time.GetUtcNow().UtcDateTime.Year.ToString(CultureInfo.InvariantCulture) : cycle.Trim();
        if (CyclePeriod(cycle) is not { } period)
        {
            return CycleError(cycle);
        }
        var latest = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => v.Code == code).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return Problem.NotFound("No such questionnaire.");
        }
        var answers = await db.Set<QuestionnaireAnswer>().AsNoTracking().Where(a => a.Code == code && a.Cycle == cycle).ToListAsync(cancellationToken);
        var version = answers.Count == 0 || answers[0].QuestionnaireVersionId == latest.Id
            ? latest
            : await db.Set<QuestionnaireVersion>().AsNoTracking().SingleAsync(v => v.Id == answers[0].QuestionnaireVersionId, cancellationToken);
        var definition = Definition(version);
        var histories = await HistoriesAsync(answers.Select(a => a.Id).ToList(), cancellationToken);
        var indicators = await IndicatorsAsync(definition.Questions.SelectMany(q => q.Indicators).Distinct().ToList(), period.From, period.To, cancellationToken);
        var items = await ItemsAsync(definition.Questions.SelectMany(q => q.Items).Distinct().ToList(), cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => new OrganisationRef(o.Id, o.Name), cancellationToken);
        var assignments = await AssignmentsAsync(code, organisations, cancellationToken);
        var unassigned = answers.Where(a => a.OrganisationId is null).ToDictionary(a => a.Question, StringComparer.Ordinal);
        var byInstitution = answers.Where(a => a.OrganisationId is not null).ToDictionary(a => (a.Question, a.OrganisationId!.Value));
        AnswerView? ViewOf(QuestionnaireAnswer? a) => a is null ? null : View(a, histories.GetValueOrDefault(a.Id) ?? [], a.OrganisationId is { } o ? organisations.GetValueOrDefault(o) : null);
        var questions = definition.Sections.SelectMany(s => s.Questions.Select(q => new QuestionView(s.Key, s.Title, s.TitleDe, q,
                ViewOf(unassigned.GetValueOrDefault(q.Number)),
                q.Indicators.Where(indicators.ContainsKey).Select(c => indicators[c]).ToList(),
                q.Items.Where(items.ContainsKey).Select(i => items[i]).ToList(),
                Responsible(assignments, s.Key, q.Number).Select(r => new InstitutionAnswer(r.Institution, r.ThroughSection,
                    ViewOf(byInstitution.GetValueOrDefault((q.Number, r.Institution.Id))), MayAnswer(viewer) && FollowUpRules.MayReport(viewer, r.Institution.Id))).ToList())))
            .ToList();
        var cycles = await CyclesAsync(code, cancellationToken);
        return new QuestionnaireCycleView(code, version.Version, latest.Version, definition.Title, definition.TitleDe, definition.Source, definition.Summaries,
            cycle, period.From, period.To, questions, cycles.GetValueOrDefault(code) ?? [], MayAnswer(viewer), FollowUpRules.MayOwn(viewer), assignments);
    }

    /// <summary>
    /// Assigns a question or a whole section of a questionnaire (its latest version) to a responsible institution, or
    /// removes that assignment (coordinators). Assigning twice changes nothing. Audited (<c>followup-questionnaire-assign</c>).
    /// </summary>
    /// <returns>The questionnaire's assignments; Forbidden; NotFound; Invalid naming <c>Question</c>, <c>Section</c> or <c>Institution</c>.</returns>
    public async Task<Result<IReadOnlyList<AssignmentView>>> AssignAsync(string code, AssignmentInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireAssign, AuditOutcomes.Denied, QuestionnaireSubject, code, [], cancellationToken);
            return Problem.Forbidden();
        }
        var latest = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => v.Code == code).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return Problem.NotFound("No such questionnaire.");
        }
        var definition = Definition(latest);
        var section = string.IsNullOrWhiteSpace(input.Section) ? null : input.Section.Trim();
        var question = string.IsNullOrWhiteSpace(input.Question) ? null : input.Question.Trim();
        if ((section is null) == (question is null))
        {
            return Problem.Invalid(nameof(AssignmentInput.Question), "Required", "Question: name either one question or one section.");
        }
        if (question is not null && definition.Question(question) is null)
        {
            return Problem.Invalid(nameof(AssignmentInput.Question), "UnknownQuestion", $"Question: version {latest.Version} of {code} has no question '{question}'.", question);
        }
        if (section is not null && definition.Sections.All(s => s.Key != section))
        {
            return Problem.Invalid(nameof(AssignmentInput.Section), "UnknownSection", $"Section: version {latest.Version} of {code} has no section '{section}'.", section);
        }
        if (await InstitutionAsync(input.Institution, cancellationToken) is not { } institution)
        {
            return Problem.Invalid(nameof(AssignmentInput.Institution), "UnknownInstitution", $"Institution: '{input.Institution}' is not an organisation of this installation.", input.Institution ?? "");
        }
        var existing = await db.Set<QuestionnaireAssignment>()
            .Where(a => a.Code == code && a.OrganisationId == institution && a.Section == section && a.Question == question).ToListAsync(cancellationToken);
        if (input.Remove ? existing.Count > 0 : existing.Count == 0)
        {
            if (input.Remove)
            {
                db.Set<QuestionnaireAssignment>().RemoveRange(existing);
            }
            else
            {
                db.Set<QuestionnaireAssignment>().Add(new QuestionnaireAssignment
                {
                    Id = Guid.CreateVersion7(),
                    Code = code,
                    Section = section,
                    Question = question,
                    OrganisationId = institution,
                    AssignedAtUtc = time.GetUtcNow().UtcDateTime,
                    AssignedBy = auditContext.Actor.Name,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            await AuditAsync(AuditActions.FollowUpQuestionnaireAssign, AuditOutcomes.Success, QuestionnaireSubject, code, new Dictionary<string, string>
            {
                [section is null ? "question" : "section"] = section ?? question!,
                ["institution"] = institution.ToString(),
                ["change"] = input.Remove ? "removed" : "assigned",
            }, cancellationToken);
        }
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => new OrganisationRef(o.Id, o.Name), cancellationToken);
        return Result<IReadOnlyList<AssignmentView>>.Success(await AssignmentsAsync(code, organisations, cancellationToken));
    }

    /// <summary>The institutions a question is assigned to, directly or through its section (each once; a direct assignment wins).</summary>
    public static IReadOnlyList<(OrganisationRef Institution, bool ThroughSection)> Responsible(IReadOnlyList<AssignmentView> assignments, string section, string question) =>
        assignments.Where(a => a.Question == question || (a.Question is null && a.Section == section))
            .GroupBy(a => a.Institution.Id)
            .Select(g => (g.First().Institution, g.All(a => a.Question is null)))
            .OrderBy(r => r.Institution.Name, StringComparer.CurrentCulture)
            .ToList();

    private async Task<IReadOnlyList<AssignmentView>> AssignmentsAsync(string code, Dictionary<Guid, OrganisationRef> organisations, CancellationToken cancellationToken) =>
        (await db.Set<QuestionnaireAssignment>().AsNoTracking().Where(a => a.Code == code).ToListAsync(cancellationToken))
            .Select(a => new AssignmentView(a.Id, a.Section, a.Question, organisations.GetValueOrDefault(a.OrganisationId) ?? new OrganisationRef(a.OrganisationId, ""), a.AssignedAtUtc, a.AssignedBy))
            .OrderBy(a => a.Section ?? "", StringComparer.Ordinal).ThenBy(a => a.Question ?? "", StringComparer.Ordinal).ThenBy(a => a.Institution.Name, StringComparer.CurrentCulture)
            .ToList();

    /// <summary>An organisation by its id or its exact name (case-insensitive); null when there is none.</summary>
    private async Task<Guid?> InstitutionAsync(string? institution, CancellationToken cancellationToken)
    {
        var text = institution?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return await db.Organisations.AnyAsync(o => o.Id == id, cancellationToken) ? id : null;
        }
        var names = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        return names.FirstOrDefault(o => string.Equals(o.Name, text, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    /// <summary>
    /// Writes (or changes) the answer to one question for a cycle, as a draft or submitted. The first answer of a cycle
    /// binds the cycle to the latest version; later answers keep that version. A change of an approved or returned
    /// answer makes it a draft (or submitted) again. No change, no version.
    /// </summary>
    /// <returns>The answer; Forbidden; NotFound; Invalid naming <c>Cycle</c>, <c>Question</c> or <c>Answer</c>.</returns>
    public async Task<Result<AnswerView>> AnswerAsync(string code, AnswerInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAnswer(viewer))
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireAnswer, AuditOutcomes.Denied, AnswerSubject, null, new Dictionary<string, string> { ["questionnaire"] = code }, cancellationToken);
            return Problem.Forbidden();
        }
        var cycle = input.Cycle?.Trim() ?? "";
        if (CyclePeriod(cycle) is null)
        {
            return CycleError(cycle);
        }
        var latest = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => v.Code == code).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return Problem.NotFound("No such questionnaire.");
        }
        var boundId = await db.Set<QuestionnaireAnswer>().Where(a => a.Code == code && a.Cycle == cycle).Select(a => (Guid?)a.QuestionnaireVersionId).FirstOrDefaultAsync(cancellationToken);
        var version = boundId is null || boundId == latest.Id ? latest : await db.Set<QuestionnaireVersion>().AsNoTracking().SingleAsync(v => v.Id == boundId, cancellationToken);
        var number = input.Question?.Trim() ?? "";
        var bound = Definition(version);
        if (bound.Question(number) is not { } question)
        {
            return Problem.Invalid(nameof(AnswerInput.Question), "UnknownQuestion",
                $"Question: version {version.Version} of {code} has no question '{number}'.", number);
        }
        var (value, error) = CheckAnswer(question, input.Answer);
        if (error is not null)
        {
            return Problem.Invalid(nameof(AnswerInput.Answer), "Invalid", $"Answer (question {number}): {error}", number);
        }
        // A question assigned to institutions is answered by each of them: the institution named (or the viewer's own),
        // and only by a focal point of that institution; anyone else is refused, and the refusal audited.
        var section = bound.Sections.First(s => s.Questions.Any(q => q.Number == number)).Key;
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => new OrganisationRef(o.Id, o.Name), cancellationToken);
        var responsible = Responsible(await AssignmentsAsync(code, organisations, cancellationToken), section, number).Select(r => r.Institution.Id).ToList();
        Guid? institution = null;
        if (responsible.Count > 0)
        {
            var named = !string.IsNullOrWhiteSpace(input.Institution);
            institution = named
                ? await InstitutionAsync(input.Institution, cancellationToken)
                : viewer.OrganisationId is { } own && responsible.Contains(own) ? own : null;
            if (institution is null && (named || viewer.IsLocalOperator))
            {
                return Problem.Invalid(nameof(AnswerInput.Institution), "Institution",
                    $"Institution: question {number} is answered by {string.Join(", ", responsible.Select(r => organisations[r].Name))}; name one of them.", number);
            }
            if (institution is null || !responsible.Contains(institution.Value) || !FollowUpRules.MayReport(viewer, institution.Value))
            {
                await AuditAsync(AuditActions.FollowUpQuestionnaireAnswer, AuditOutcomes.Denied, AnswerSubject, null, new Dictionary<string, string>
                {
                    ["questionnaire"] = code,
                    ["question"] = number,
                    ["institution"] = institution?.ToString() ?? viewer.OrganisationId?.ToString() ?? "",
                    ["why"] = "other-institution",
                }, cancellationToken);
                return Problem.Refused("OtherInstitution", $"Question {number} is not assigned to your institution; a focal point of the assigned institution answers it.", number);
            }
        }
        else if (!string.IsNullOrWhiteSpace(input.Institution))
        {
            return Problem.Invalid(nameof(AnswerInput.Institution), "NotAssigned", $"Institution: question {number} is not assigned to institutions; it is answered once.", number);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var state = input.Submit ? AnswerState.Submitted : AnswerState.Draft;
        var answer = await db.Set<QuestionnaireAnswer>().SingleOrDefaultAsync(a => a.Code == code && a.Cycle == cycle && a.Question == number && a.OrganisationId == institution, cancellationToken);
        var before = answer is null ? [] : Snapshot(answer);
        if (answer is null)
        {
            answer = new QuestionnaireAnswer
            {
                Id = Guid.CreateVersion7(),
                QuestionnaireVersionId = version.Id,
                Code = code,
                Cycle = cycle,
                Question = number,
                OrganisationId = institution,
                Answer = value!,
                UpdatedBy = auditContext.Actor.Name,
            };
            db.Set<QuestionnaireAnswer>().Add(answer);
        }
        else if (answer.Answer == value && answer.State == state)
        {
            return View(answer, await HistoryAsync(answer.Id, cancellationToken), institution is { } i ? organisations[i] : null);
        }
        answer.Answer = value!;
        answer.State = state;
        answer.ReturnReason = null;
        answer.DecidedAtUtc = null;
        answer.DecidedBy = null;
        if (input.Submit)
        {
            answer.SubmittedByUserId = auditContext.Actor.UserId;
            answer.SubmittedBy = auditContext.Actor.Name;
        }
        answer.UpdatedAtUtc = now;
        answer.UpdatedBy = auditContext.Actor.Name;
        answer.Version++;
        AddChange(answer, before.Count == 0 ? "created" : input.Submit ? "submitted" : "updated", before, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpQuestionnaireAnswer, AuditOutcomes.Success, AnswerSubject, answer.Id.ToString(),
            new Dictionary<string, string> { ["questionnaire"] = code, ["cycle"] = cycle, ["question"] = number, ["state"] = state.ToString(), ["institution"] = institution?.ToString() ?? "" },
            cancellationToken);
        return View(answer, await HistoryAsync(answer.Id, cancellationToken), institution is { } o ? organisations[o] : null);
    }

    /// <summary>
    /// A coordinator approves a submitted answer or returns it with a reason. The one who submitted it does not decide it
    /// (four eyes), except the local operator.
    /// </summary>
    /// <returns>The answer; Forbidden; NotFound; Refused (<c>OwnAnswer</c>); Invalid (<c>Reason</c> when returning); Conflict when not submitted.</returns>
    public async Task<Result<AnswerView>> DecideAsync(Guid answerId, bool approve, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireDecide, AuditOutcomes.Denied, AnswerSubject, answerId.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var answer = await db.Set<QuestionnaireAnswer>().SingleOrDefaultAsync(a => a.Id == answerId, cancellationToken);
        if (answer is null)
        {
            return Problem.NotFound("No such answer.");
        }
        if (!viewer.IsLocalOperator && answer.SubmittedByUserId == viewer.UserId)
        {
            await AuditAsync(AuditActions.FollowUpQuestionnaireDecide, AuditOutcomes.Denied, AnswerSubject, answerId.ToString(),
                new Dictionary<string, string> { ["why"] = "own-answer" }, cancellationToken);
            return Problem.Refused("OwnAnswer", "Another coordinator decides an answer you submitted.");
        }
        if (!approve && string.IsNullOrWhiteSpace(reason))
        {
            return Problem.Invalid("Reason", "Required", "Reason: enter a value.");
        }
        if (reason is { Length: > FollowUpRules.MaxNoteLength })
        {
            return Problem.Invalid("Reason", "TooLong", $"Reason: at most {FollowUpRules.MaxNoteLength} characters.", reason.Length, FollowUpRules.MaxNoteLength);
        }
        if (answer.State != AnswerState.Submitted)
        {
            return Problem.Conflict("Only a submitted answer is approved or returned.");
        }
        var before = Snapshot(answer);
        var now = time.GetUtcNow().UtcDateTime;
        answer.State = approve ? AnswerState.Approved : AnswerState.Returned;
        answer.ReturnReason = approve ? null : reason!.Trim();
        answer.DecidedAtUtc = now;
        answer.DecidedBy = auditContext.Actor.Name;
        answer.Version++;
        AddChange(answer, approve ? "approved" : "returned", before, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpQuestionnaireDecide, AuditOutcomes.Success, AnswerSubject, answer.Id.ToString(),
            new Dictionary<string, string> { ["questionnaire"] = answer.Code, ["cycle"] = answer.Cycle, ["decision"] = approve ? "approved" : "returned" }, cancellationToken);
        var institution = answer.OrganisationId is { } o
            ? await db.Organisations.AsNoTracking().Where(x => x.Id == o).Select(x => new OrganisationRef(x.Id, x.Name)).SingleAsync(cancellationToken)
            : null;
        return View(answer, await HistoryAsync(answer.Id, cancellationToken), institution);
    }

    /// <summary>The answered questionnaire of a cycle for export (audited like the review report), headings in <paramref name="language"/>.</summary>
    public async Task<Result<QuestionnaireReport>> ReportAsync(string code, string? cycle, string language, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (language is not ("en" or "de"))
        {
            return Problem.Invalid("language", "Language", "language: en or de.", language);
        }
        var view = await CycleAsync(code, cycle, viewer, cancellationToken);
        if (!view.Succeeded)
        {
            return view.Problem!;
        }
        await AuditAsync(AuditActions.FollowUpQuestionnaireExport, AuditOutcomes.Success, QuestionnaireSubject, code,
            new Dictionary<string, string> { ["cycle"] = view.Value!.Cycle, ["version"] = view.Value.Version.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        return new QuestionnaireReport(language, time.GetUtcNow().UtcDateTime, auditContext.Actor.Name, view.Value);
    }

    /// <summary>Checks an answer against the question's kind; the stored text (trimmed; a number in invariant form) or an English error.</summary>
    public static (string? Value, string? Error) CheckAnswer(QuestionnaireQuestion question, string? answer)
    {
        var text = answer?.Trim() ?? "";
        if (text.Length == 0)
        {
            return (null, "enter an answer.");
        }
        if (text.Length > FollowUpRules.MaxTextLength)
        {
            return (null, $"at most {FollowUpRules.MaxTextLength} characters.");
        }
        return question.Kind switch
        {
            AnswerKind.YesNo => text is "yes" or "no" ? (text, null) : (null, $"'{text}' is not yes or no."),
            AnswerKind.Number => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                ? (n.ToString(CultureInfo.InvariantCulture), null)
                : (null, $"'{text}' is not a number ('.' as the decimal point)."),
            AnswerKind.Choice => question.Options.Any(o => o.Value == text)
                ? (text, null)
                : (null, $"'{text}' is not one of {string.Join(", ", question.Options.Select(o => o.Value))}."),
            _ => (text, null),
        };
    }

    private async Task CheckLinksAsync(QuestionnaireFile.Parsed parsed, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var codes = parsed.Indicators.Select(i => i.Code).Distinct().ToList();
        var known = codes.Count == 0 ? [] : (await db.Set<Indicator>().Where(i => codes.Contains(i.Code)).Select(i => i.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var items = await ItemsAsync(parsed.Items.Select(i => i.Item).Distinct().ToList(), cancellationToken);
        foreach (var (path, code) in parsed.Indicators.Where(i => !known.Contains(i.Code)))
        {
            errors.Add(QuestionnaireFile.Error(parsed.Line(path), path, $"there is no indicator with the code '{code}'."));
        }
        foreach (var (path, item) in parsed.Items.Where(i => !items.ContainsKey(i.Item)))
        {
            errors.Add(QuestionnaireFile.Error(parsed.Line(path), path, $"there is no commitment item {item.Number} in a framework with the code '{item.Framework}'."));
        }
    }

    private async Task<Dictionary<string, DrawnIndicator>> IndicatorsAsync(List<string> codes, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (codes.Count == 0)
        {
            return [];
        }
        var indicators = await db.Set<Indicator>().AsNoTracking().Where(i => codes.Contains(i.Code)).ToListAsync(cancellationToken);
        var ids = indicators.Select(i => i.Id).ToList();
        // Only approved values inside the cycle, as published: Display carries the suppression mark, the number is not read.
        var values = await db.Set<IndicatorValue>().AsNoTracking()
            .Where(v => ids.Contains(v.IndicatorId) && v.State == IndicatorValueState.Approved && v.PeriodStart >= from && v.PeriodEnd <= to)
            .Select(v => new { v.IndicatorId, v.PeriodStart, v.PeriodEnd, v.Cell, v.Display, v.ReleaseId, v.DataTimeUtc })
            .ToListAsync(cancellationToken);
        return indicators.ToDictionary(i => i.Code, i => new DrawnIndicator(i.Code, i.Title, i.TitleDe, i.Unit, i.Kind,
            values.Where(v => v.IndicatorId == i.Id).OrderBy(v => v.PeriodStart).ThenBy(v => v.PeriodEnd).ThenBy(v => v.Cell == FollowUpService.TotalCell ? "" : v.Cell, StringComparer.Ordinal)
                .Select(v => new DrawnValue(v.PeriodStart, v.PeriodEnd, v.Cell, v.Display, v.ReleaseId, v.DataTimeUtc)).ToList()), StringComparer.Ordinal);
    }

    private async Task<Dictionary<ItemReference, DrawnItem>> ItemsAsync(List<ItemReference> references, CancellationToken cancellationToken)
    {
        if (references.Count == 0)
        {
            return [];
        }
        var frameworkCodes = references.Select(r => r.Framework).Distinct().ToList();
        var frameworks = await db.Set<CommitmentFramework>().AsNoTracking().Where(f => frameworkCodes.Contains(f.Code)).ToDictionaryAsync(f => f.Id, f => f.Code, cancellationToken);
        var frameworkIds = frameworks.Keys.ToList();
        var numbers = references.Select(r => r.Number).Distinct().ToList();
        var items = (await db.Set<CommitmentItem>().AsNoTracking().Where(i => frameworkIds.Contains(i.FrameworkId) && numbers.Contains(i.Number)).ToListAsync(cancellationToken))
            .Where(i => references.Contains(new ItemReference(frameworks[i.FrameworkId], i.Number))).ToList();
        var itemIds = items.Select(i => i.Id).ToList();
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => itemIds.Contains(m.ItemId)).ToListAsync(cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return items.ToDictionary(i => new ItemReference(frameworks[i.FrameworkId], i.Number), i => new DrawnItem(i.Id, frameworks[i.FrameworkId], i.Number, i.Title, i.TitleDe,
            measures.Where(m => m.ItemId == i.Id).OrderBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.Title, StringComparer.Ordinal)
                .Select(m => new DrawnMeasure(m.Id, m.Title, organisations.GetValueOrDefault(m.LeadOrganisationId) ?? "", m.Status, m.DueOn)).ToList()));
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> CyclesAsync(string? code, CancellationToken cancellationToken)
    {
        var query = db.Set<QuestionnaireAnswer>().AsNoTracking();
        if (code is not null)
        {
            query = query.Where(a => a.Code == code);
        }
        var rows = await query.Select(a => new { a.Code, a.Cycle }).Distinct().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Cycle).OrderDescending(StringComparer.Ordinal).ToList());
    }

    private static QuestionnaireSummary Summary(QuestionnaireVersion v, Dictionary<string, IReadOnlyList<string>> cycles) =>
        new(v.Code, v.Version, v.Title, v.TitleDe, v.Source, v.Questions, v.ImportedAtUtc, v.ImportedBy, cycles.GetValueOrDefault(v.Code) ?? []);

    private static QuestionnaireDefinition Definition(QuestionnaireVersion version) =>
        JsonSerializer.Deserialize<QuestionnaireDefinition>(version.Definition, Json) ?? throw new InvalidOperationException($"Questionnaire {version.Code} version {version.Version} is empty.");

    private static Problem CycleError(string cycle) =>
        Problem.Invalid("Cycle", "Cycle", $"Cycle: '{cycle}' is not a year (yyyy) or a period of at most ten years (yyyy-yyyy).", cycle);

    private static AnswerView View(QuestionnaireAnswer a, IReadOnlyList<ChangeView> history, OrganisationRef? institution) =>
        new(a.Id, a.Question, a.Answer, a.State, a.Version, a.UpdatedAtUtc, a.UpdatedBy, a.SubmittedBy, a.DecidedAtUtc, a.DecidedBy, a.ReturnReason, history, institution);

    private static Dictionary<string, string?> Snapshot(QuestionnaireAnswer a) => new()
    {
        ["Answer"] = a.Answer,
        ["State"] = a.State.ToString(),
        ["ReturnReason"] = a.ReturnReason,
    };

    private void AddChange(QuestionnaireAnswer answer, string @event, Dictionary<string, string?> before, DateTime now)
    {
        var after = Snapshot(answer);
        var changes = after.Where(p => !string.Equals(before.GetValueOrDefault(p.Key), p.Value, StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => new[] { before.GetValueOrDefault(p.Key), p.Value });
        db.Set<FollowUpChange>().Add(new FollowUpChange
        {
            Id = Guid.CreateVersion7(),
            SubjectType = AnswerSubject,
            SubjectId = answer.Id,
            Version = answer.Version,
            Event = @event,
            AtUtc = now,
            ActorUserId = auditContext.Actor.UserId,
            ActorName = auditContext.Actor.Name,
            Changes = JsonSerializer.Serialize(changes, Json),
        });
    }

    private async Task<IReadOnlyList<ChangeView>> HistoryAsync(Guid answerId, CancellationToken cancellationToken) =>
        (await HistoriesAsync([answerId], cancellationToken)).GetValueOrDefault(answerId) ?? [];

    private async Task<Dictionary<Guid, IReadOnlyList<ChangeView>>> HistoriesAsync(List<Guid> answerIds, CancellationToken cancellationToken)
    {
        if (answerIds.Count == 0)
        {
            return [];
        }
        var rows = await db.Set<FollowUpChange>().AsNoTracking().Where(c => c.SubjectType == AnswerSubject && answerIds.Contains(c.SubjectId)).ToListAsync(cancellationToken);
        return rows.GroupBy(c => c.SubjectId).ToDictionary(g => g.Key, g => (IReadOnlyList<ChangeView>)g.OrderByDescending(c => c.Version)
            .Select(c => new ChangeView(c.Version, c.Event, c.AtUtc, c.ActorName,
                (JsonSerializer.Deserialize<Dictionary<string, string?[]>>(c.Changes, Json) ?? [])
                    .Select(p => new FieldChange(p.Key, p.Value.ElementAtOrDefault(0), p.Value.ElementAtOrDefault(1))).ToList()))
            .ToList());
    }

    private Task AuditAsync(string action, string outcome, string subjectType, string? subjectId, Dictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(action, outcome, subjectType, subjectId, Details: details), cancellationToken);

    [GeneratedRegex(@"^(\d{4})(?:-(\d{4}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CycleFormat();
}
