using System.Globalization;
using System.Text;
using Ariadne.Core.Attachments;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The daily case work of the demo case worker: several of the NGO's cases (the first ones the referral demo walks
/// through the mechanism, so that their timelines are full) assigned to them, with tasks due soon, overdue and done,
/// dated notes, and one small synthetic PDF attached. Texts and the file are sealed as the services would seal them.
/// Dates are counted from the injected clock, so that tasks are due and overdue whenever the demo is seeded. Runs once:
/// a database that already holds a task, note or attachment is left as it is.
/// </summary>
public sealed class DemoCaseWorkSeeder(AppDbContext db, TimeProvider time, CaseTextVault texts)
{
    /// <summary>The file name of the demo attachment.</summary>
    public const string AttachmentName = "synthetic-demo-document.pdf";

    /// <summary>One demo case's work: tasks (title, due in days from today, done) and notes (days ago, text).</summary>
    private sealed record Work((string Title, int DueInDays, bool Done)[] Tasks, (int DaysAgo, string Text)[] Notes, bool Attachment = false);

    private static readonly Work[] Works =
    [
        new([("Call the shelter about a bed for next week", 2, false), ("Book an interpreter for the interview", 10, false), ("Send the consent form to the legal adviser", -6, true)],
            [(9, "First meeting at the counselling centre; an interpreter was present. Talked about safety and the next steps."), (2, "Phone call: the appointment with the legal adviser is confirmed.")],
            Attachment: true),
        new([("Follow up on the medical appointment", -3, false), ("Ask the employer's address for the labour inspectorate", 5, false)],
            [(4, "Accompanied to the clinic; the follow-up appointment is in two weeks.")]),
        new([("Check the recovery-period accommodation", -1, false), ("File the travel-cost receipts", -10, true)],
            [(12, "Referred to the shelter; the intake went well.")]),
        new([("Prepare the move-on plan", 14, false)], []),
    ];

    /// <summary>Writes the case-work demo content unless some already exists.</summary>
    /// <param name="organisations">The demo organisations by name (<see cref="DemoDataSeeder.EnsureOrganisationsAndUsersAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task SeedAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        if (await db.Set<CaseTask>().AnyAsync(cancellationToken) || await db.Set<CaseNote>().AnyAsync(cancellationToken)
            || await db.Set<CaseAttachment>().AnyAsync(cancellationToken))
        {
            return;
        }
        var worker = await db.Users.Where(u => u.UserName == "demo-caseworker").Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        if (worker is not { } workerId || !organisations.TryGetValue(DemoOrganisations.Ngo.Name, out var ngo))
        {
            return;
        }
        var cases = await db.Cases.Where(c => c.OrganisationId == ngo.Id && c.AgeGroup == AgeGroup.Adult).OrderBy(c => c.CaseCode).Take(Works.Length).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        for (var i = 0; i < cases.Count; i++)
        {
            var work = Works[i];
            var @case = cases[i];
            @case.AssignedUserId ??= workerId;
            using var key = await texts.ForWritingAsync(@case.Id, cancellationToken);
            foreach (var (title, dueInDays, done) in work.Tasks)
            {
                var task = new CaseTask
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = @case.Id,
                    DueOn = today.AddDays(dueInDays),
                    AssigneeUserId = workerId,
                    CreatedByUserId = workerId,
                    CreatedAtUtc = now.AddDays(-Math.Max(1, 7 - dueInDays)),
                    DoneAtUtc = done ? now.AddDays(-1) : null,
                    DoneByUserId = done ? workerId : null,
                };
                task.TitleCiphertext = key.Seal(SealedText.CaseTask, task.Id, SealedText.Title, title);
                db.Add(task);
            }
            foreach (var (daysAgo, text) in work.Notes)
            {
                var note = new CaseNote
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = @case.Id,
                    NotedOn = today.AddDays(-daysAgo),
                    AuthorUserId = workerId,
                    CreatedAtUtc = now.AddDays(-daysAgo),
                };
                note.TextCiphertext = key.Seal(SealedText.CaseNote, note.Id, SealedText.Text, text);
                db.Add(note);
            }
            if (work.Attachment)
            {
                var content = SyntheticPdf("Synthetic demo document - no real person.");
                var attachment = new CaseAttachment
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = @case.Id,
                    Kind = AttachmentKinds.Pdf,
                    SizeBytes = content.Length,
                    UploadedByUserId = workerId,
                    CreatedAtUtc = now.AddDays(-9),
                };
                attachment.FileNameCiphertext = key.SealBytes(SealedText.CaseAttachment, attachment.Id, SealedText.FileName, Encoding.UTF8.GetBytes(AttachmentName));
                attachment.ContentCiphertext = key.SealBytes(SealedText.CaseAttachment, attachment.Id, SealedText.Content, content);
                db.Add(attachment);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A valid one-page PDF showing <paramref name="line"/> (ASCII, no parentheses or backslashes), its cross-reference table computed.</summary>
    public static byte[] SyntheticPdf(string line)
    {
        var stream = $"BT /F1 18 Tf 72 720 Td ({line}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
