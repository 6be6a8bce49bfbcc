using Ariadne.Account;
using Ariadne.Cases;
using Ariadne.Core.Attachments;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// A case's daily work: who it is assigned to (and reassigning it), its tasks and follow-ups with due dates and
/// assignees, adding one and marking it done or open again. Everything goes through <see cref="CaseWorkService"/>.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
[AttachmentUpload("Attach")]
public sealed class WorkModel(CaseWorkService work, CaseAttachmentService attachments, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseWork? Work { get; private set; }

    /// <summary>The case workers of the case's organisation (assignees), when the viewer may change anything.</summary>
    public IReadOnlyList<CaseWorkerName> CaseWorkers { get; private set; } = [];

    public CaseLabels Labels { get; } = new(codes, t);

    public DateOnly Today => work.Today;

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public DateOnly? DueOn { get; set; }

    [BindProperty]
    public Guid? AssigneeUserId { get; set; }

    /// <summary>The day a new note is about.</summary>
    [BindProperty]
    public DateOnly? NotedOn { get; set; }

    /// <summary>The text of a new note.</summary>
    [BindProperty]
    public string? Text { get; set; }

    /// <summary>The case's notes (texts null unless the viewer may read them).</summary>
    public CaseNotes? Notes { get; private set; }

    /// <summary>The case's attachments (names null unless the viewer holds an active reveal).</summary>
    public CaseAttachments? Attachments { get; private set; }

    /// <summary>The new assignee of the case; empty removes the assignment.</summary>
    [BindProperty]
    public Guid? AssignTo { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (TempData[AttachmentUploadLimit.TooLargeKey] is { } maxBytes)
        {
            // The upload was refused unread for its size (AttachmentUploadLimit): the refusal is shown at the file field.
            var limit = Convert.ToInt64(maxBytes, System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError("File", ProblemMessages.FieldMessage(t, new FieldError("File", "TooLarge", $"File: at most {limit} bytes.", limit)));
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
        await LoadAsync(id, cancellationToken);
        if (Work is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken cancellationToken)
    {
        var dueUnreadable = ModelState[nameof(DueOn)] is { Errors.Count: > 0 };
        ModelState.Clear();
        var result = await work.AddTaskAsync(id, new CaseTaskInput(Title, DueOn, AssigneeUserId), User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Task.Added"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, dueUnreadable, cancellationToken);
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken cancellationToken)
    {
        var dateUnreadable = ModelState[nameof(NotedOn)] is { Errors.Count: > 0 };
        ModelState.Clear();
        var result = await work.AddNoteAsync(id, new CaseNoteInput(NotedOn, Text), User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Note.Added"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, false, cancellationToken, dateUnreadable);
    }

    /// <summary>Attaches the uploaded file (multipart field <c>File</c>); refusals are shown at the file field.</summary>
    public async Task<IActionResult> OnPostAttachAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await using var content = file?.OpenReadStream();
        var upload = file is null ? null : new AttachmentUpload(file.FileName, file.Length, content!);
        var result = await attachments.AddAsync(id, upload, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Attachment.Added"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, false, cancellationToken);
    }

    /// <summary>Downloads an attachment (only under an active reveal; always as a download). Without a reveal: back to the page with a message.</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, Guid attachmentId, CancellationToken cancellationToken)
    {
        var result = await attachments.DownloadAsync(id, attachmentId, User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                var content = result.Value!;
                CaseAttachmentEndpoints.Serve(Response, content);
                return File(content.Content, content.ContentType, content.FileName);
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.NotFound:
                return NotFound();
            default:
                TempData["StatusMessage"] = t["Attachment.RevealFirst"].Value;
                return RedirectToPage(new { id });
        }
    }

    public async Task<IActionResult> OnPostRemoveAttachmentAsync(Guid id, Guid attachmentId, CancellationToken cancellationToken)
    {
        var result = await attachments.RemoveAsync(id, attachmentId, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Attachment.Removed"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, false, cancellationToken);
    }

    public async Task<IActionResult> OnPostDoneAsync(Guid id, Guid taskId, bool done, CancellationToken cancellationToken)
    {
        var result = await work.SetDoneAsync(id, taskId, done, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t[done ? "Task.MarkedDone" : "Task.Reopened"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, false, cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await work.AssignAsync(id, AssignTo, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Assignment.Saved"].Value;
            return RedirectToPage(new { id });
        }
        return await ProblemAsync(id, result.Problem!, false, cancellationToken);
    }

    private async Task<IActionResult> ProblemAsync(Guid id, Problem problem, bool dueUnreadable, CancellationToken cancellationToken, bool notedOnUnreadable = false)
    {
        switch (problem.Kind)
        {
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.NotFound:
                return NotFound();
        }
        var skip = new HashSet<string>();
        if (dueUnreadable)
        {
            skip.Add(nameof(DueOn));
        }
        if (notedOnUnreadable)
        {
            skip.Add(nameof(NotedOn));
            ModelState.AddModelError(nameof(NotedOn), t["Validation.Required.NotedOn"]);
        }
        ProblemMessages.AddTo(ModelState, problem, t, skipFields: skip);
        if (dueUnreadable)
        {
            ModelState.AddModelError(nameof(DueOn), t["Validation.Required.DueOn"]);
        }
        await LoadAsync(id, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await work.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        Work = result.Value;
        Notes = Work is null ? null : (await work.NotesAsync(id, User.ToCaseViewer(), cancellationToken)).Value;
        Attachments = Work is null ? null : (await attachments.ListAsync(id, User.ToCaseViewer(), cancellationToken)).Value;
        if (Work is { } w && (w.MayEditTasks || w.MayAssign))
        {
            CaseWorkers = await work.CaseWorkersAsync(w.OrganisationId, cancellationToken);
        }
    }
}
