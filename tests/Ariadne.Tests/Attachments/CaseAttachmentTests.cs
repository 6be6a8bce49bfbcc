using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Attachments;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Attachments;

/// <summary>
/// Issue 15, case work: attachments on a case — sealed like the identity (content and name), kind checked from the magic
/// bytes, size-limited, listed without their names, opened only under an active reveal and only as a download, audited,
/// removed by erasure, invisible to another organisation.
/// </summary>
public sealed class CaseAttachmentTests
{
    /// <summary>A 1×1 PNG (synthetic).</summary>
    internal static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% synthetic\n%%EOF\n");

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    private static AttachmentUpload Upload(string? name, byte[] content, long? declared = null) => new(name, declared ?? content.Length, new MemoryStream(content));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Attach_SealedListedWithoutName_DownloadOnlyWhileRevealed_Audited(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("file-worker", "NGO A", Roles.CaseWorker);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var coordinator = await app.AddUserAsync("coordinator", "Coordination", Roles.Coordinator);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0001"));
        await using var scope = app.Services.CreateAsyncScope();
        var attachments = scope.ServiceProvider.GetRequiredService<CaseAttachmentService>();
        var me = Viewer(worker, Roles.CaseWorker);

        var added = await attachments.AddAsync(caseId, Upload("Passport-Qwertzuiop.png", Png), me, ct);
        Assert.True(added.Succeeded, added.ToString());
        Assert.Equal(AttachmentKinds.Png, added.Value!.Kind);
        await using (var db = app.NewContext())
        {
            var stored = await db.Set<CaseAttachment>().AsNoTracking().SingleAsync(ct);
            Assert.DoesNotContain("Qwertzuiop", Encoding.UTF8.GetString(stored.FileNameCiphertext), StringComparison.Ordinal);
            Assert.False(stored.ContentCiphertext.AsSpan().IndexOf(Png.AsSpan(1, 3)) >= 0, "the PNG signature is readable in the stored content");
            Assert.Equal(Png.Length, stored.SizeBytes);
            Assert.Equal(worker.Id, stored.UploadedByUserId);
        }

        // Listed without the name, not downloadable, until the case is revealed.
        var listed = (await attachments.ListAsync(caseId, me, ct)).Unwrap();
        var item = Assert.Single(listed.Attachments);
        Assert.Null(item.FileName);
        Assert.False(listed.MayDownload);
        Assert.True(listed.MayAdd);
        Assert.Equal("file-worker", item.UploaderName);
        Assert.Equal(ProblemKind.Refused, (await attachments.DownloadAsync(caseId, item.Id, me, ct)).Problem!.Kind);

        Assert.True((await scope.ServiceProvider.GetRequiredService<CaseReveal>().RevealAsync(caseId, me, "synthetic test", ct)).Succeeded);
        var revealed = (await attachments.ListAsync(caseId, me, ct)).Unwrap();
        Assert.Equal("Passport-Qwertzuiop.png", Assert.Single(revealed.Attachments).FileName);
        var content = (await attachments.DownloadAsync(caseId, item.Id, me, ct)).Unwrap();
        Assert.Equal(Png, content.Content);
        Assert.Equal("image/png", content.ContentType);
        Assert.Equal("Passport-Qwertzuiop.png", content.FileName);

        // The coordinator sees the list but neither names nor content; another organisation sees nothing.
        var theirs = (await attachments.ListAsync(caseId, Viewer(coordinator, Roles.Coordinator), ct)).Unwrap();
        Assert.Null(Assert.Single(theirs.Attachments).FileName);
        Assert.False(theirs.MayAdd);
        Assert.Equal(ProblemKind.Forbidden, (await attachments.DownloadAsync(caseId, item.Id, Viewer(coordinator, Roles.Coordinator), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await attachments.AddAsync(caseId, Upload("x.png", Png), Viewer(coordinator, Roles.Coordinator), ct)).Problem!.Kind);
        var stranger = Viewer(other, Roles.CaseWorker);
        Assert.Equal(ProblemKind.NotFound, (await attachments.ListAsync(caseId, stranger, ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await attachments.AddAsync(caseId, Upload("x.png", Png), stranger, ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await attachments.DownloadAsync(caseId, item.Id, stranger, ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await attachments.RemoveAsync(caseId, item.Id, stranger, ct)).Problem!.Kind);

        Assert.True((await attachments.RemoveAsync(caseId, item.Id, me, ct)).Succeeded);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.Set<CaseAttachment>().CountAsync(ct));
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("case-attachment")).OrderBy(e => e.Sequence).ToListAsync(ct);
            Assert.All(entries, e => Assert.Equal(caseId.ToString(), e.SubjectId));
            Assert.All(entries, e => Assert.DoesNotContain("Qwertzuiop", e.Details ?? "", StringComparison.Ordinal));
            Assert.Single(entries, e => e.Action == AuditActions.CaseAttachmentAdd && e.Outcome == AuditOutcomes.Success);
            Assert.Single(entries, e => e.Action == AuditActions.CaseAttachmentAdd && e.Outcome == AuditOutcomes.Denied);
            Assert.Single(entries, e => e.Action == AuditActions.CaseAttachmentRemove && e.Outcome == AuditOutcomes.Success);
            var downloads = entries.Where(e => e.Action == AuditActions.CaseAttachmentDownload).ToList();
            Assert.Equal(2, downloads.Count(e => e.Outcome == AuditOutcomes.Denied));
            Assert.Single(downloads, e => e.Outcome == AuditOutcomes.Success && (e.Details ?? "").Contains("\"operation\":\"content\"", StringComparison.Ordinal));
            Assert.Single(downloads, e => e.Outcome == AuditOutcomes.Success && (e.Details ?? "").Contains("\"operation\":\"names\"", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Attach_RefusesByMagicBytesSizeLimitAndEmpty_NamingTheFileField(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Attachments:MaxBytes"] = "1024" });
        var worker = await app.AddUserAsync("file-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0002"));
        await using var scope = app.Services.CreateAsyncScope();
        var attachments = scope.ServiceProvider.GetRequiredService<CaseAttachmentService>();
        var me = Viewer(worker, Roles.CaseWorker);
        async Task<string> RefusalAsync(AttachmentUpload? upload)
        {
            var result = await attachments.AddAsync(caseId, upload, me, ct);
            var error = Assert.Single(result.Problem!.Errors);
            Assert.Equal("File", error.Field);
            return error.Code;
        }

        // An executable claiming to be a PDF by its name; a PNG named .pdf; text.
        Assert.Equal("UnsupportedType", await RefusalAsync(Upload("report.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])));
        Assert.Equal("UnsupportedType", await RefusalAsync(Upload("note.png", Encoding.ASCII.GetBytes("just text, not an image"))));
        Assert.Equal("TypeMismatch", await RefusalAsync(Upload("scan.pdf", Png)));
        // Over the limit: judged from the declared length, and again while reading when the declared length lies.
        var large = Png.Concat(new byte[1024]).ToArray();
        Assert.Equal("TooLarge", await RefusalAsync(Upload("large.png", large)));
        Assert.Equal("TooLarge", await RefusalAsync(Upload("large.png", large, declared: 10)));
        Assert.Equal("Empty", await RefusalAsync(Upload("empty.png", [])));
        Assert.Equal("Empty", await RefusalAsync(Upload("empty.png", [], declared: -1)));
        Assert.Equal("Required", await RefusalAsync(null));

        // Allowed kinds pass; a JPEG and a PDF without a name get one.
        Assert.True((await attachments.AddAsync(caseId, Upload(null, Pdf), me, ct)).Succeeded);
        Assert.True((await attachments.AddAsync(caseId, Upload("photo.JPG", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46]), me, ct)).Succeeded);
        await using var db = app.NewContext();
        Assert.Equal([AttachmentKinds.Jpeg, AttachmentKinds.Pdf], (await db.Set<CaseAttachment>().Select(a => a.Kind).ToListAsync(ct)).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erasure_RemovesTheAttachmentsOfThePersonsCases(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("file-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0003"));
        var keptId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0004"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var attachments = scope.ServiceProvider.GetRequiredService<CaseAttachmentService>();
            Assert.True((await attachments.AddAsync(caseId, Upload("a.png", Png), Viewer(worker, Roles.CaseWorker), ct)).Succeeded);
            Assert.True((await attachments.AddAsync(caseId, Upload("b.pdf", Pdf), Viewer(worker, Roles.CaseWorker), ct)).Succeeded);
            Assert.True((await attachments.AddAsync(keptId, Upload("c.png", Png), Viewer(worker, Roles.CaseWorker), ct)).Succeeded);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(caseId, Viewer(worker, Roles.CaseWorker), "synthetic request", ct)).Succeeded);
        }
        await using var db = app.NewContext();
        Assert.Equal([keptId], await db.Set<CaseAttachment>().Select(a => a.CaseId).ToListAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_UploadListDownload_ProblemsNameTheFileField_DownloadIsAnAttachmentNeverSniffed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("file-worker", "NGO A", Roles.CaseWorker);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0005"));
        var client = await app.BearerClientAsync(worker);
        static MultipartFormDataContent Form(string name, byte[] content, string declaredType)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
            return new MultipartFormDataContent { { file, "file", name } };
        }

        var bad = await client.PostAsync($"/api/v1/cases/{caseId}/attachments", Form("invoice.pdf", Encoding.ASCII.GetBytes("<html>not a pdf</html>"), "application/pdf"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(ct)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("file", out _), problem.RootElement.ToString());
        }
        // Only multipart/form-data is accepted (as the OpenAPI document says); a form without the file names the field.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/attachments", new { file = "x" }, ct)).StatusCode);
        var noFile = await client.PostAsync($"/api/v1/cases/{caseId}/attachments", new MultipartFormDataContent { { new StringContent("x"), "note" } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        using (var problem = JsonDocument.Parse(await noFile.Content.ReadAsStringAsync(ct)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("file", out _), problem.RootElement.ToString());
        }

        var created = await client.PostAsync($"/api/v1/cases/{caseId}/attachments", Form("scan.png", Png, "application/octet-stream"), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var createdDoc = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var id = createdDoc.RootElement.GetProperty("id").GetString();
        using (var list = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/cases/{caseId}/attachments", ct)))
        {
            var item = Assert.Single(list.RootElement.GetProperty("attachments").EnumerateArray());
            Assert.Equal("png", item.GetProperty("kind").GetString());
            Assert.True(!item.TryGetProperty("fileName", out var name) || name.ValueKind == JsonValueKind.Null, item.ToString());
        }

        var unrevealed = await client.GetAsync($"/api/v1/cases/{caseId}/attachments/{id}", ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unrevealed.StatusCode);
        Assert.Equal("application/problem+json", unrevealed.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/reveal", new { reason = "synthetic test" }, ct)).StatusCode);
        var download = await client.GetAsync($"/api/v1/cases/{caseId}/attachments/{id}", ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("scan.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync(ct));

        var stranger = await app.BearerClientAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{caseId}/attachments", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{caseId}/attachments/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/cases/{caseId}/attachments", Form("x.png", Png, "image/png"), ct)).StatusCode);
    }

    [Fact]
    public async Task WorkPage_UploadWithoutJavaScript_ListedByKindAndSize_RefusalNamesTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("file-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0006"));
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");
        var path = $"/Cases/Work/{caseId}";
        async Task<HttpResponseMessage> UploadAsync(string name, byte[] content)
        {
            var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
            var form = page.QuerySelector("form[enctype='multipart/form-data']")!;
            var body = new MultipartFormDataContent
            {
                { new StringContent(form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new ByteArrayContent(content), "File", name },
            };
            return await client.PostAsync(form.GetAttribute("action"), body, ct);
        }

        var refused = await UploadAsync("bericht.pdf", Encoding.ASCII.GetBytes("kein PDF"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = PageRenderingTests.Parser.ParseDocument(await refused.Content.ReadAsStringAsync(ct));
        Assert.Contains("Datei", errors.QuerySelector("#File-error")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync("ausweis.png", Png)).StatusCode);
        var listed = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        var row = listed.QuerySelector("#attachments tbody tr")!.TextContent;
        Assert.Contains("PNG", row, StringComparison.Ordinal);
        Assert.Contains("file-worker", row, StringComparison.Ordinal);
        Assert.DoesNotContain("ausweis", listed.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(listed.QuerySelector("#attachments-hint"));
    }

    /// <summary>
    /// A body larger than the configured maximum plus the form's overhead is refused before anything reads it (the
    /// antiforgery check and the form binding would buffer it whole): 413 with a problem naming <c>file</c> on the API,
    /// and on the page a way back to the page with the refusal at the file field, in the user's language.
    /// </summary>
    [Theory]
    [InlineData("en", "File")]
    [InlineData("de", "Datei")]
    public async Task Upload_BodyOverTheRouteLimit_RefusedUnread_413ProblemOnTheApi_RefusalAtTheFieldOnThePage(string culture, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Attachments:MaxBytes"] = "1024" });
        var worker = await app.AddUserAsync("big-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FILE-0007"));
        var tooLarge = new byte[1024 + (int)Ariadne.Cases.AttachmentUploadLimit.FormOverhead + 1];
        Png.CopyTo(tooLarge, 0);

        var api = await app.BearerClientAsync(worker);
        var refused = await api.PostAsync($"/api/v1/cases/{caseId}/attachments", new MultipartFormDataContent { { new ByteArrayContent(tooLarge), "file", "scan.png" } }, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(ct)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("file", out _), problem.RootElement.ToString());
        }

        var client = await PageRenderingTests.SignedInClientAsync(app, worker, culture);
        var path = $"/Cases/Work/{caseId}";
        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct)).QuerySelector("form[enctype='multipart/form-data']")!;
        var body = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new ByteArrayContent(tooLarge), "File", "scan.png" },
        };
        var posted = await client.PostAsync(form.GetAttribute("action"), body, ct);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var back = await client.GetAsync(posted.Headers.Location!.OriginalString, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, back.StatusCode);
        var error = PageRenderingTests.Parser.ParseDocument(await back.Content.ReadAsStringAsync(ct)).QuerySelector("#File-error")!.TextContent;
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Contains("1,024", error.Replace(".", ",", StringComparison.Ordinal), StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.False(await db.Set<Ariadne.Core.Attachments.CaseAttachment>().AnyAsync(ct));
    }
}
