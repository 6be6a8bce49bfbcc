using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ariadne.Tests.Pages.PageRenderingTests;

namespace Ariadne.Tests.Referral;

public sealed class NrmPageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Referred to the competent authority", "Reasonable-grounds decision target")]
    [InlineData("de", "An die zuständige Stelle verwiesen", "Zielfrist Erstentscheidung")]
    public async Task ReferralPages_StartAndRefer_ShowStateDeadlineAndRefusalsTranslatedAndLabelled(string culture, string referredState, string rgDeadline)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("nrm-worker", "Synthetic NGO", Roles.CaseWorker);
        Guid caseId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<CaseService>()
                .CreateAsync(Cases.CaseApiTests.ValidInput(), user.OrganisationId, CaseViewer.LocalOperator, Token);
            caseId = created.Case!.Id;
        }
        var client = await SignedInClientAsync(app, user, culture);
        var path = $"/Referral/Lifecycle/{caseId}";

        var start = await PostFormAsync(client, path + "?handler=Start", new() { ["jurisdiction"] = "DE", ["presumedChild"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var step = await PostFormAsync(client, path + "?handler=Step", new() { ["Step"] = "refer" });
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);

        var page = Parser.ParseDocument(await client.GetStringAsync(path, Token));
        Assert.Contains(referredState, page.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(rgDeadline, page.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        // The NGO is not the competent authority: the decisions are listed with the reason they are not open to it.
        Assert.Contains(culture == "de" ? "Nur zuständige Stelle darf" : "Only the competent authority may", page.QuerySelector("main ul")!.TextContent, StringComparison.Ordinal);

        var keys = ResourceKeys();
        foreach (var pagePath in new[] { path, "/Referral/Dashboard", "/Referral/Incoming", $"/Referral/Notice/{caseId}" })
        {
            var response = await client.GetAsync(pagePath, Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pagePath}: {response.StatusCode}");
            var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync(Token));
            var untranslated = document.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()).Where(keys.Contains).ToList();
            Assert.True(untranslated.Count == 0, $"{pagePath} shows resource keys: {string.Join(", ", untranslated)}");
            foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
            {
                Assert.True(control.Id is not null && document.QuerySelector($"label[for='{control.Id}']") is not null, $"{pagePath}: control {control.GetAttribute("name")} has no label");
            }
            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>().Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
            }
        }

        var flagged = await PostFormAsync(client, $"/Referral/Notice/{caseId}", new() { ["offence"] = "Use of a false identity document", ["basis"] = "Document kept by the trafficker." });
        Assert.Equal(HttpStatusCode.Redirect, flagged.StatusCode);
        var notice = Parser.ParseDocument(await client.GetStringAsync($"/Referral/Notice/{caseId}", Token));
        Assert.Contains("Use of a false identity document", notice.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var prints = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
                .Where(e => e.Action == AuditActions.Print && e.SubjectId == caseId.ToString()).ToListAsync(Token);
            // The notice was rendered three times: by the page checks above, for the form's antiforgery token, and just now.
            Assert.Equal(3, prints.Count);
            Assert.All(prints, p => Assert.Contains("non-punishment-notice", p.Details, StringComparison.Ordinal));
        }
        var dashboard = await client.GetStringAsync("/Referral/Dashboard", Token);
        Assert.Contains(culture == "de" ? "0 überfällig" : "0 overdue", dashboard, StringComparison.Ordinal);
    }
}
