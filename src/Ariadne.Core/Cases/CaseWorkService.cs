using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Cases;

/// <summary>
/// Daily case work on one case: its tasks and follow-ups (due date, assignee, done) and the case worker it is assigned
/// to. Task titles are sealed under the person's data key (<see cref="CaseTextVault"/>); they are opened only for a case
/// worker of the owning organisation (<see cref="CaseAccess.MayReveal"/>: the people who work the case and may reveal
/// it anyway), and every such reading is audited (<see cref="AuditActions.CaseTask"/>, how many, never the text).
/// </summary>
/// <remarks>
/// Who may do what: a case worker of the owning organisation adds tasks and marks them done or open again; the case is
/// assigned (or reassigned) by a coordinator of the owning organisation or by the current assignee, and while nobody is
/// assigned by any case worker of that organisation; the assignee is always a case worker of that organisation.
/// </remarks>
public sealed class CaseWorkService(AppDbContext db, CaseTextVault texts, IAuditLog audit, TimeProvider time)
{
    public const int MaxTitleLength = 300;

    public const int MaxNoteLength = 4000;

    /// <summary>An open task due within this many days counts as due soon.</summary>
    public const int DueSoonDays = 7;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The case workers of <paramref name="organisationId"/>, by name: the possible assignees of its cases and tasks.</summary>
    public async Task<IReadOnlyList<CaseWorkerName>> CaseWorkersAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == UserRoles.CaseWorker)))
            .OrderBy(u => u.UserName)
            .Select(u => new CaseWorkerName(u.Id, u.DisplayName ?? u.UserName ?? ""))
            .ToListAsync(cancellationToken);

    /// <summary>The name of the user <paramref name="userId"/> (a case's assignee), or null.</summary>
    public async Task<string?> NameAsync(Guid? userId, CancellationToken cancellationToken) =>
        userId is { } id ? (await NamesAsync([id], cancellationToken)).GetValueOrDefault(id) : null;

    /// <summary>
    /// The case's assignment and tasks (open first, by due date) for <paramref name="viewer"/>; the titles opened only when
    /// the viewer may reveal the case (audited), else null. NotFound when the case is not visible.
    /// </summary>
    public async Task<Result<CaseWork>> GetAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.Id, c.CaseCode, c.OrganisationId, c.AssignedUserId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        var tasks = await db.Set<CaseTask>().AsNoTracking().Where(t => t.CaseId == caseId)
            .OrderBy(t => t.DoneAtUtc != null).ThenBy(t => t.DueOn).ThenBy(t => t.CreatedAtUtc)
            .ToListAsync(cancellationToken);
        var names = await NamesAsync([.. tasks.Select(t => t.AssigneeUserId), .. found.AssignedUserId is { } a ? [a] : Array.Empty<Guid>()], cancellationToken);
        var mayRead = CaseAccess.MayReveal(viewer, found.OrganisationId);
        using var key = mayRead && tasks.Count > 0 ? await texts.ForPurposeAsync(caseId, cancellationToken) : null;
        var today = Today;
        var views = tasks.Select(t => View(t, key?.Open(SealedText.CaseTask, t.Id, SealedText.Title, t.TitleCiphertext), names, today)).ToList();
        if (key is not null)
        {
            await AuditAsync(caseId, found.CaseCode, "read", cancellationToken, ("tasks", tasks.Count.ToString(CultureInfo.InvariantCulture)));
        }
        return new CaseWork(
            found.Id, found.CaseCode, found.OrganisationId, found.AssignedUserId,
            found.AssignedUserId is { } assigned ? names.GetValueOrDefault(assigned) : null,
            views, TitlesOpen: key is not null,
            MayEditTasks: CaseAccess.MayEdit(viewer, found.OrganisationId),
            MayAssign: MayAssign(viewer, found.OrganisationId, found.AssignedUserId));
    }

    /// <summary>Adds a task to the case; only a case worker of the owning organisation may. The title is sealed.</summary>
    public async Task<Result<CaseTask>> AddTaskAsync(Guid caseId, CaseTaskInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            await AuditAsync(caseId, found.CaseCode, "add", cancellationToken, outcome: AuditOutcomes.Denied);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        var title = CaseSealing.Blank(input.Title);
        if (title is null)
        {
            errors.Add(new(nameof(CaseTaskInput.Title), "Required", "Title: say what is to be done."));
        }
        else if (title.Length > MaxTitleLength)
        {
            errors.Add(new(nameof(CaseTaskInput.Title), "TooLong", $"Title: at most {MaxTitleLength} characters.", MaxTitleLength));
        }
        if (input.DueOn is null)
        {
            errors.Add(new(nameof(CaseTaskInput.DueOn), "Required", "Due date: enter the date by which it is to be done."));
        }
        if (input.AssigneeUserId is not { } assignee || !await IsCaseWorkerOfAsync(assignee, found.OrganisationId, cancellationToken))
        {
            errors.Add(new(nameof(CaseTaskInput.AssigneeUserId), "NotACaseWorker", "Assigned to: choose a case worker of the organisation that holds the case."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var task = new CaseTask
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            DueOn = input.DueOn!.Value,
            AssigneeUserId = input.AssigneeUserId!.Value,
            CreatedByUserId = viewer.UserId,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        using (var key = await texts.ForWritingAsync(caseId, cancellationToken))
        {
            task.TitleCiphertext = key.Seal(SealedText.CaseTask, task.Id, SealedText.Title, title);
        }
        db.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(caseId, found.CaseCode, "add", cancellationToken, ("task", task.Id.ToString()),
            ("due", task.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return task;
    }

    /// <summary>Marks a task of the case done, or open again; only a case worker of the owning organisation may.</summary>
    public async Task<Result> SetDoneAsync(Guid caseId, Guid taskId, bool done, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        var task = found is null ? null : await db.Set<CaseTask>().SingleOrDefaultAsync(t => t.Id == taskId && t.CaseId == caseId, cancellationToken);
        if (found is null || task is null)
        {
            return Problem.NotFound();
        }
        var operation = done ? "done" : "reopen";
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            await AuditAsync(caseId, found.CaseCode, operation, cancellationToken, outcome: AuditOutcomes.Denied);
            return Problem.Forbidden();
        }
        if ((task.DoneAtUtc is not null) != done)
        {
            task.DoneAtUtc = done ? time.GetUtcNow().UtcDateTime : null;
            task.DoneByUserId = done ? viewer.UserId : null;
            await db.SaveChangesAsync(cancellationToken);
            await AuditAsync(caseId, found.CaseCode, operation, cancellationToken, ("task", task.Id.ToString()));
        }
        return Result.Success;
    }

    /// <summary>
    /// The case's notes, newest first (by the day they are about, then by when written), for <paramref name="viewer"/>:
    /// the texts opened only for a case worker of the owning organisation (audited once: how many, never the text), else
    /// null. NotFound when the case is not visible.
    /// </summary>
    public async Task<Result<CaseNotes>> NotesAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        var notes = await db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseId == caseId)
            .OrderByDescending(n => n.NotedOn).ThenByDescending(n => n.CreatedAtUtc)
            .ToListAsync(cancellationToken);
        var names = await NamesAsync([.. notes.Where(n => n.AuthorUserId is not null).Select(n => n.AuthorUserId!.Value)], cancellationToken);
        var mayRead = CaseAccess.MayReveal(viewer, found.OrganisationId);
        using var key = mayRead && notes.Count > 0 ? await texts.ForPurposeAsync(caseId, cancellationToken) : null;
        var views = notes.Select(n => new CaseNoteView(
            n.Id, n.NotedOn, key?.Open(SealedText.CaseNote, n.Id, SealedText.Text, n.TextCiphertext),
            n.AuthorUserId is { } author ? names.GetValueOrDefault(author) ?? "" : "", n.CreatedAtUtc)).ToList();
        if (key is not null)
        {
            await NoteAuditAsync(caseId, found.CaseCode, "read", AuditOutcomes.Success, cancellationToken, ("notes", notes.Count.ToString(CultureInfo.InvariantCulture)));
        }
        return new CaseNotes(views, TextsOpen: key is not null, MayAdd: CaseAccess.MayEdit(viewer, found.OrganisationId));
    }

    /// <summary>Adds a dated note to the case; only a case worker of the owning organisation may. The text is sealed; the answer shows it to its author.</summary>
    public async Task<Result<CaseNoteView>> AddNoteAsync(Guid caseId, CaseNoteInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            await NoteAuditAsync(caseId, found.CaseCode, "add", AuditOutcomes.Denied, cancellationToken);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        var text = CaseSealing.Blank(input.Text);
        if (input.NotedOn is null)
        {
            errors.Add(new(nameof(CaseNoteInput.NotedOn), "Required", "Date: enter the day the note is about."));
        }
        else if (input.NotedOn > Today)
        {
            errors.Add(new(nameof(CaseNoteInput.NotedOn), "InFuture", "Date: a note cannot be about a day in the future."));
        }
        if (text is null)
        {
            errors.Add(new(nameof(CaseNoteInput.Text), "Required", "Note: write what happened."));
        }
        else if (text.Length > MaxNoteLength)
        {
            errors.Add(new(nameof(CaseNoteInput.Text), "TooLong", $"Note: at most {MaxNoteLength} characters.", MaxNoteLength));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var note = new CaseNote
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            NotedOn = input.NotedOn!.Value,
            AuthorUserId = viewer.UserId,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        using (var key = await texts.ForWritingAsync(caseId, cancellationToken))
        {
            note.TextCiphertext = key.Seal(SealedText.CaseNote, note.Id, SealedText.Text, text);
        }
        db.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        await NoteAuditAsync(caseId, found.CaseCode, "add", AuditOutcomes.Success, cancellationToken, ("note", note.Id.ToString()),
            ("on", note.NotedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return new CaseNoteView(note.Id, note.NotedOn, text, await NameAsync(viewer.UserId, cancellationToken) ?? "", note.CreatedAtUtc);
    }

    /// <summary>
    /// Assigns the case to <paramref name="assigneeUserId"/> (a case worker of the owning organisation), or removes the
    /// assignment with null. Allowed to a coordinator of the owning organisation, the current assignee, and while nobody is
    /// assigned any case worker of that organisation. Audited with the old and new assignee's ids.
    /// </summary>
    public async Task<Result> AssignAsync(Guid caseId, Guid? assigneeUserId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return Problem.NotFound();
        }
        if (!MayAssign(viewer, entity.OrganisationId, entity.AssignedUserId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseAssign, AuditOutcomes.Denied, CaseService.CaseSubject, caseId.ToString(), null,
                new Dictionary<string, string> { ["caseCode"] = entity.CaseCode }), cancellationToken);
            return Problem.Forbidden();
        }
        if (assigneeUserId is { } assignee && !await IsCaseWorkerOfAsync(assignee, entity.OrganisationId, cancellationToken))
        {
            return Problem.Invalid("AssigneeUserId", "NotACaseWorker", "Assigned to: choose a case worker of the organisation that holds the case.");
        }
        var previous = entity.AssignedUserId;
        if (previous == assigneeUserId)
        {
            return Result.Success;
        }
        entity.AssignedUserId = assigneeUserId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.CaseAssign, AuditOutcomes.Success, CaseService.CaseSubject, caseId.ToString(), null,
            new Dictionary<string, string>
            {
                ["caseCode"] = entity.CaseCode,
                ["from"] = previous?.ToString() ?? "",
                ["to"] = assigneeUserId?.ToString() ?? "",
            }), cancellationToken);
        return Result.Success;
    }

    /// <summary>
    /// The viewer's open tasks (overdue first, then by due date) on cases of their own organisation, at most
    /// <paramref name="limit"/>, with their titles opened; the reading is audited once (how many tasks, never the text).
    /// </summary>
    public async Task<IReadOnlyList<MyTask>> MyTasksAsync(CaseViewer viewer, int limit, CancellationToken cancellationToken)
    {
        if (viewer.UserId is not { } userId || viewer.OrganisationId is not { } organisation || !viewer.CanRevealIdentity)
        {
            return [];
        }
        var rows = await db.Set<CaseTask>().AsNoTracking()
            .Where(t => t.AssigneeUserId == userId && t.DoneAtUtc == null)
            .Join(db.Cases.Where(c => c.OrganisationId == organisation), t => t.CaseId, c => c.Id, (t, c) => new { Task = t, c.CaseCode })
            .OrderBy(x => x.Task.DueOn).ThenBy(x => x.Task.CreatedAtUtc)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var today = Today;
        var result = new List<MyTask>(rows.Count);
        foreach (var group in rows.GroupBy(r => r.Task.CaseId))
        {
            using var key = await texts.ForPurposeAsync(group.Key, cancellationToken);
            result.AddRange(group.Select(r => new MyTask(
                r.Task.Id, r.Task.CaseId, r.CaseCode, key?.Open(SealedText.CaseTask, r.Task.Id, SealedText.Title, r.Task.TitleCiphertext),
                r.Task.DueOn, r.Task.DueOn < today, r.Task.DueOn >= today && r.Task.DueOn <= today.AddDays(DueSoonDays))));
        }
        if (result.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseTask, AuditOutcomes.Success, "case-task", null, null, new Dictionary<string, string>
            {
                ["operation"] = "read-mine",
                ["tasks"] = result.Count.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        }
        return [.. result.OrderBy(t => t.DueOn).ThenBy(t => t.CaseCode, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="viewer"/> may (re)assign a case of <paramref name="organisationId"/> now assigned to <paramref name="assigned"/>.</summary>
    public static bool MayAssign(CaseViewer viewer, Guid organisationId, Guid? assigned) =>
        viewer.IsLocalOperator
        || (viewer.OrganisationId == organisationId
            && (viewer.Roles.Contains(UserRoles.Coordinator)
                || (assigned is not null && assigned == viewer.UserId)
                || (assigned is null && viewer.CanEditCases)));

    private Task<bool> IsCaseWorkerOfAsync(Guid userId, Guid organisationId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.OrganisationId == organisationId
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == UserRoles.CaseWorker)), cancellationToken);

    private async Task<Dictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        return distinct.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => distinct.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName ?? "", cancellationToken);
    }

    private static CaseTaskView View(CaseTask t, string? title, Dictionary<Guid, string> names, DateOnly today) => new(
        t.Id, title, t.DueOn, t.AssigneeUserId, names.GetValueOrDefault(t.AssigneeUserId) ?? "", t.DoneAtUtc,
        Overdue: t.DoneAtUtc is null && t.DueOn < today,
        DueSoon: t.DoneAtUtc is null && t.DueOn >= today && t.DueOn <= today.AddDays(DueSoonDays));

    private Task NoteAuditAsync(Guid caseId, string caseCode, string operation, string outcome, CancellationToken cancellationToken, params (string Key, string Value)[] details)
    {
        var all = new Dictionary<string, string> { ["caseCode"] = caseCode, ["operation"] = operation };
        foreach (var (key, value) in details)
        {
            all[key] = value;
        }
        return audit.AppendAsync(new AuditRecord(AuditActions.CaseNote, outcome, CaseService.CaseSubject, caseId.ToString(), null, all), cancellationToken);
    }

    private Task AuditAsync(Guid caseId, string caseCode, string operation, CancellationToken cancellationToken, params (string Key, string Value)[] details) =>
        AuditAsync(caseId, caseCode, operation, cancellationToken, AuditOutcomes.Success, details);

    private Task AuditAsync(Guid caseId, string caseCode, string operation, CancellationToken cancellationToken, string outcome, params (string Key, string Value)[] details)
    {
        var all = new Dictionary<string, string> { ["caseCode"] = caseCode, ["operation"] = operation };
        foreach (var (key, value) in details)
        {
            all[key] = value;
        }
        return audit.AppendAsync(new AuditRecord(AuditActions.CaseTask, outcome, CaseService.CaseSubject, caseId.ToString(), null, all), cancellationToken);
    }
}

/// <summary>A new task: what, by when, who. Nulls are reported per field.</summary>
public sealed record CaseTaskInput(string? Title, DateOnly? DueOn, Guid? AssigneeUserId);

/// <summary>A case worker who can be assigned: id and the name users know them by.</summary>
public sealed record CaseWorkerName(Guid Id, string Name);

/// <summary>One task as shown; <paramref name="Title"/> null while the viewer may not read it (or after erasure).</summary>
public sealed record CaseTaskView(Guid Id, string? Title, DateOnly DueOn, Guid AssigneeUserId, string AssigneeName, DateTime? DoneAtUtc, bool Overdue, bool DueSoon)
{
    public bool Done => DoneAtUtc is not null;
}

/// <summary>A case's assignment and tasks, with what the viewer may do.</summary>
public sealed record CaseWork(
    Guid CaseId, string CaseCode, Guid OrganisationId, Guid? AssignedUserId, string? AssignedTo,
    IReadOnlyList<CaseTaskView> Tasks, bool TitlesOpen, bool MayEditTasks, bool MayAssign);

/// <summary>An open task of the signed-in user, for the start page.</summary>
public sealed record MyTask(Guid Id, Guid CaseId, string CaseCode, string? Title, DateOnly DueOn, bool Overdue, bool DueSoon);

/// <summary>A new note: the day it is about and what happened. Nulls are reported per field.</summary>
public sealed record CaseNoteInput(DateOnly? NotedOn, string? Text);

/// <summary>One note as shown; <paramref name="Text"/> null while the viewer may not read it (or after erasure).</summary>
public sealed record CaseNoteView(Guid Id, DateOnly NotedOn, string? Text, string AuthorName, DateTime CreatedAtUtc);

/// <summary>A case's notes, whether their texts were opened, and whether the viewer may add one.</summary>
public sealed record CaseNotes(IReadOnlyList<CaseNoteView> Notes, bool TextsOpen, bool MayAdd);
