using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Attachments;

/// <summary>
/// Files attached to a case. A case worker of the owning organisation attaches them; the content's kind is recognised
/// from its first bytes against <see cref="AttachmentKinds"/> (the declared type and the extension are not trusted and
/// must not contradict it), its size is limited by <see cref="AttachmentOptions.MaxBytes"/>, and content and file name are
/// sealed under the person's data key. The list shows kind, size, date and uploader to whoever sees the case; the file
/// names and the content only while the viewer holds an active reveal of the case's identity (the identity's rule,
/// <see cref="CaseTextVault.ForReadingAsync"/>), every such opening audited.
/// </summary>
public sealed class CaseAttachmentService(AppDbContext db, CaseTextVault texts, IAuditLog audit, TimeProvider time, IOptions<AttachmentOptions> options)
{
    /// <summary>The longest file name kept (characters); longer ones are cut.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The field named by every refusal of an upload.</summary>
    public const string FileField = "File";

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>
    /// The case's attachments, newest first, for <paramref name="viewer"/>: names opened only under an active reveal
    /// (audited once, how many), else null. NotFound when the case is not visible.
    /// </summary>
    public async Task<Result<CaseAttachments>> ListAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        var rows = await db.Set<CaseAttachment>().AsNoTracking().Where(a => a.CaseId == caseId)
            .OrderByDescending(a => a.CreatedAtUtc)
            .Select(a => new { a.Id, a.Kind, a.SizeBytes, a.UploadedByUserId, a.CreatedAtUtc, a.FileNameCiphertext })
            .ToListAsync(cancellationToken);
        var uploaders = rows.Where(r => r.UploadedByUserId is not null).Select(r => r.UploadedByUserId!.Value).Distinct().ToList();
        var names = uploaders.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => uploaders.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName ?? "", cancellationToken);
        var revealed = await texts.IsRevealedAsync(caseId, found.OrganisationId, viewer, cancellationToken);
        using var key = revealed && rows.Count > 0 ? await texts.ForReadingAsync(caseId, viewer, cancellationToken) : null;
        var views = rows.Select(r => new CaseAttachmentView(
            r.Id, r.Kind, r.SizeBytes, r.CreatedAtUtc,
            r.UploadedByUserId is { } by ? names.GetValueOrDefault(by) ?? "" : "",
            key?.Open(SealedText.CaseAttachment, r.Id, SealedText.FileName, r.FileNameCiphertext))).ToList();
        if (key is not null)
        {
            await AuditAsync(AuditActions.CaseAttachmentDownload, caseId, found.CaseCode, AuditOutcomes.Success, cancellationToken,
                ("operation", "names"), ("attachments", rows.Count.ToString(CultureInfo.InvariantCulture)));
        }
        return new CaseAttachments(views, NamesOpen: key is not null, MayAdd: CaseAccess.MayEdit(viewer, found.OrganisationId),
            MayDownload: revealed, MaxBytes: MaxBytes);
    }

    /// <summary>
    /// Attaches <paramref name="upload"/> to the case. Refusals name the field <see cref="FileField"/>: no file or an empty
    /// one (Required), larger than the limit (TooLarge, judged from the declared length before reading and again while
    /// reading at most one byte more than the limit), not one of the allowed kinds (UnsupportedType), or a file name whose
    /// extension says another kind (TypeMismatch).
    /// </summary>
    /// <returns>The new attachment as its uploader sees it; NotFound; Forbidden unless a case worker of the owning organisation (audited); Invalid.</returns>
    public async Task<Result<CaseAttachmentView>> AddAsync(Guid caseId, AttachmentUpload? upload, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            await AuditAsync(AuditActions.CaseAttachmentAdd, caseId, found.CaseCode, AuditOutcomes.Denied, cancellationToken);
            return Problem.Forbidden();
        }
        if (upload is null)
        {
            return Problem.Invalid(FileField, "Required", "File: choose a file to attach.");
        }
        if (upload.DeclaredLength == 0)
        {
            return Empty();
        }
        if (upload.DeclaredLength > MaxBytes)
        {
            return TooLarge();
        }
        var content = await ReadAtMostAsync(upload.Content, MaxBytes, cancellationToken);
        if (content is null)
        {
            return TooLarge();
        }
        if (content.Length == 0)
        {
            return Empty();
        }
        var kind = AttachmentKinds.Detect(content);
        if (kind is null)
        {
            return Problem.Invalid(FileField, "UnsupportedType", "File: only PDF, JPEG and PNG files can be attached.");
        }
        var fileName = FileNameOf(upload.FileName, kind);
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (extension.Length > 0 && !AttachmentKinds.Extensions(kind).Contains(extension))
        {
            return Problem.Invalid(FileField, "TypeMismatch", $"File: the content is {kind.ToUpperInvariant()}, the name says .{extension}.", kind.ToUpperInvariant(), extension);
        }
        var attachment = new CaseAttachment
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            Kind = kind,
            SizeBytes = content.Length,
            UploadedByUserId = viewer.UserId,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        using (var key = await texts.ForWritingAsync(caseId, cancellationToken))
        {
            attachment.FileNameCiphertext = key.SealBytes(SealedText.CaseAttachment, attachment.Id, SealedText.FileName, System.Text.Encoding.UTF8.GetBytes(fileName));
            attachment.ContentCiphertext = key.SealBytes(SealedText.CaseAttachment, attachment.Id, SealedText.Content, content);
        }
        db.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.CaseAttachmentAdd, caseId, found.CaseCode, AuditOutcomes.Success, cancellationToken,
            ("attachment", attachment.Id.ToString()), ("kind", kind), ("bytes", attachment.SizeBytes.ToString(CultureInfo.InvariantCulture)));
        var uploader = viewer.UserId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName ?? u.UserName).SingleOrDefaultAsync(cancellationToken) : null;
        return new CaseAttachmentView(attachment.Id, kind, attachment.SizeBytes, attachment.CreatedAtUtc, uploader ?? "", fileName);
    }

    /// <summary>
    /// The content of one attachment, opened for a viewer who holds an active reveal of the case (audited, also when
    /// refused). NotFound (case not visible, or no such attachment of it); Forbidden (may not reveal the case);
    /// Refused <c>NotRevealed</c> (may, but has not revealed it or the reveal expired).
    /// </summary>
    public async Task<Result<AttachmentContent>> DownloadAsync(Guid caseId, Guid attachmentId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        var attachment = found is null ? null
            : await db.Set<CaseAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == caseId, cancellationToken);
        if (found is null || attachment is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayReveal(viewer, found.OrganisationId))
        {
            await AuditAsync(AuditActions.CaseAttachmentDownload, caseId, found.CaseCode, AuditOutcomes.Denied, cancellationToken, ("attachment", attachmentId.ToString()));
            return Problem.Forbidden();
        }
        using var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken);
        if (key is null)
        {
            await AuditAsync(AuditActions.CaseAttachmentDownload, caseId, found.CaseCode, AuditOutcomes.Denied, cancellationToken,
                ("attachment", attachmentId.ToString()), ("refusal", "not-revealed"));
            return NotRevealed;
        }
        var name = System.Text.Encoding.UTF8.GetString(key.OpenBytes(SealedText.CaseAttachment, attachment.Id, SealedText.FileName, attachment.FileNameCiphertext)!);
        var content = key.OpenBytes(SealedText.CaseAttachment, attachment.Id, SealedText.Content, attachment.ContentCiphertext)!;
        await AuditAsync(AuditActions.CaseAttachmentDownload, caseId, found.CaseCode, AuditOutcomes.Success, cancellationToken,
            ("operation", "content"), ("attachment", attachmentId.ToString()), ("kind", attachment.Kind));
        return new AttachmentContent(name, attachment.Kind, AttachmentKinds.ContentType(attachment.Kind), content);
    }

    /// <summary>Removes an attachment; a case worker of the owning organisation may. NotFound; Forbidden (audited).</summary>
    public async Task<Result> RemoveAsync(Guid caseId, Guid attachmentId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        var attachment = found is null ? null
            : await db.Set<CaseAttachment>().SingleOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == caseId, cancellationToken);
        if (found is null || attachment is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            await AuditAsync(AuditActions.CaseAttachmentRemove, caseId, found.CaseCode, AuditOutcomes.Denied, cancellationToken, ("attachment", attachmentId.ToString()));
            return Problem.Forbidden();
        }
        db.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.CaseAttachmentRemove, caseId, found.CaseCode, AuditOutcomes.Success, cancellationToken,
            ("attachment", attachmentId.ToString()), ("kind", attachment.Kind));
        return Result.Success;
    }

    /// <summary>The refusal of a download without an active reveal.</summary>
    public static Problem NotRevealed { get; } = Problem.Refused("NotRevealed", "Reveal the case's identifying data first; attachments open only while it is revealed.");

    private static Problem Empty() => Problem.Invalid(FileField, "Empty", "File: the file is empty.");

    private Problem TooLarge() =>
        Problem.Invalid(FileField, "TooLarge", $"File: at most {MaxBytes} bytes.", MaxBytes);

    /// <summary>The whole stream if it holds at most <paramref name="limit"/> bytes, else null (having read at most one byte more).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The name kept: the last path segment of what the client sent, trimmed and cut; "attachment.{kind}" when none.</summary>
    private static string FileNameOf(string? sent, string kind)
    {
        var name = Path.GetFileName((sent ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            return "attachment." + AttachmentKinds.Extensions(kind)[0];
        }
        return name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name;
    }

    private Task AuditAsync(string action, Guid caseId, string caseCode, string outcome, CancellationToken cancellationToken, params (string Key, string Value)[] details)
    {
        var all = new Dictionary<string, string> { ["caseCode"] = caseCode };
        foreach (var (key, value) in details)
        {
            all[key] = value;
        }
        return audit.AppendAsync(new AuditRecord(action, outcome, CaseService.CaseSubject, caseId.ToString(), null, all), cancellationToken);
    }
}

/// <summary>An upload as received: the sender's file name (not trusted), the declared length (-1 when unknown) and the content.</summary>
public sealed record AttachmentUpload(string? FileName, long DeclaredLength, Stream Content);

/// <summary>One attachment as listed; <paramref name="FileName"/> null unless the viewer holds an active reveal.</summary>
public sealed record CaseAttachmentView(Guid Id, string Kind, long SizeBytes, DateTime CreatedAtUtc, string UploaderName, string? FileName);

/// <summary>A case's attachments, whether their names were opened, whether the viewer may attach and download, and the size limit.</summary>
public sealed record CaseAttachments(IReadOnlyList<CaseAttachmentView> Attachments, bool NamesOpen, bool MayAdd, bool MayDownload, long MaxBytes);

/// <summary>An attachment's opened content, to be served as a download only.</summary>
public sealed record AttachmentContent(string FileName, string Kind, string ContentType, byte[] Content);
