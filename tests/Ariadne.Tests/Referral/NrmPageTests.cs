using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
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
            caseId = created.Value!.Id;
        }
        var client = await SignedInClientAsync(app, user, culture);
        var path = $"/Referral/Lifecycle/{caseId}";

        var start = await PostFormAsync(client, path + "?handler=Start", new() { ["jurisdiction"] = "DE", ["presumedChild"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var step = await PostFormAsync(client, path + "?handler=Step", new() { ["Step"] = "refer" });
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);

        var page = Parser.ParseDocument(await client.GetStringAsync(path, Token));
        Assert.Contains(referredState, page.QuerySelector("dl#state")!.TextContent, StringComparison.Ordinal);
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
        // The offence is sealed under the person's key: the notice shows it after a reveal, like the identity.
        var sealedNotice = Parser.ParseDocument(await client.GetStringAsync($"/Referral/Notice/{caseId}", Token));
        Assert.Contains(culture == "de" ? "versiegelt — zum Lesen aufdecken" : "sealed — reveal to read", sealedNotice.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, $"/Cases/Details/{caseId}?handler=Reveal", new() { ["RevealReason"] = "preparing the notice" })).StatusCode);
        var notice = Parser.ParseDocument(await client.GetStringAsync($"/Referral/Notice/{caseId}", Token));
        Assert.Contains("Use of a false identity document", notice.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var prints = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
                .Where(e => e.Action == AuditActions.Print && e.SubjectId == caseId.ToString()).ToListAsync(Token);
            // The notice was rendered four times: by the page checks above, for the form's antiforgery token, sealed, and after the reveal.
            Assert.Equal(4, prints.Count);
            Assert.All(prints, p => Assert.Contains("non-punishment-notice", p.Details, StringComparison.Ordinal));
        }
        var dashboard = await client.GetStringAsync("/Referral/Dashboard", Token);
        Assert.Contains(culture == "de" ? "0 überfällig" : "0 overdue", dashboard, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 5 "done when": one referral followed in the pages from identification to closure — the decisions by the
    /// competent authority, the deadlines, a service referral accepted by a shelter (which then sees the case without
    /// identity), the assistance record, cooperation, and the non-punishment notice.
    /// </summary>
    [Fact]
    public async Task Referral_FollowedInThePages_FromIdentificationToClosure()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" });
        Guid caseId;
        string caseCode;
        TestApp.TestUser owner, shelter, authority;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var bootstrap = scope.ServiceProvider.GetRequiredService<AccountBootstrap>();
            var government = await bootstrap.EnsureOrganisationAsync("Synthetic Competent Authority", "government", null, Token);
            owner = await app.AddUserAsync("walk-owner", "Synthetic NGO", Roles.CaseWorker);
            shelter = await app.AddUserAsync("walk-shelter", "Synthetic Shelter", Roles.CaseWorker);
            authority = await app.AddUserAsync("walk-authority", government.Name, Roles.CompetentAuthority);
            var created = await scope.ServiceProvider.GetRequiredService<CaseService>()
                .CreateAsync(Cases.CaseApiTests.ValidInput() with { GivenName = "Walkgiven", FamilyName = "Walkfamily" }, owner.OrganisationId, CaseViewer.LocalOperator, Token);
            caseId = created.Value!.Id;
            caseCode = created.Value.CaseCode;
            var consents = scope.ServiceProvider.GetRequiredService<Core.Consent.ConsentService>();
            foreach (var recipient in new[] { government.Id, shelter.OrganisationId })
            {
                await consents.RecordAsync(caseId, new Core.Consent.ConsentInput(Core.Consent.ConsentPurpose.Referral, recipient, new DateOnly(2026, 6, 1),
                    Core.Consent.ConsentMethod.Written, null), CaseViewer.LocalOperator, Token);
            }
            await scope.ServiceProvider.GetRequiredService<ServiceReferralService>().DeclareServicesAsync(shelter.OrganisationId, ["medical", "safe-accommodation"], Token);
        }
        var path = $"/Referral/Lifecycle/{caseId}";
        var ngo = await SignedInClientAsync(app, owner, "en");

        // Identification: the case file links to its referral mechanism page.
        var details = Parser.ParseDocument(await ngo.GetStringAsync($"/Cases/Details/{caseId}", Token));
        Assert.NotNull(details.QuerySelector($"a[href='{path}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, path + "?handler=Start", new() { ["jurisdiction"] = "generic" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, path + "?handler=Step", new() { ["Step"] = "refer" })).StatusCode);

        // Five days on, the reasonable-grounds target (Monday 22 June) is due: the dashboard lists it and links to the case.
        app.Time.Advance(TimeSpan.FromDays(5));
        ngo = await SignedInClientAsync(app, owner, "en");
        var dashboard = Parser.ParseDocument(await ngo.GetStringAsync("/Referral/Dashboard", Token));
        Assert.Equal(caseCode, dashboard.QuerySelector($"a[href='{path}']")?.TextContent);

        // A referral to a service, accepted by the shelter, which then sees the case pseudonymised.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, path + "?handler=Service", new()
        {
            ["service"] = "medical",
            ["toOrganisationId"] = shelter.OrganisationId.ToString(),
            ["sharedNote"] = "Check-up needed; speaks Romanian.",
        })).StatusCode);
        var shelterClient = await SignedInClientAsync(app, shelter, "en");
        Assert.Equal(HttpStatusCode.NotFound, (await shelterClient.GetAsync($"/Cases/Details/{caseId}", Token)).StatusCode);
        var referralId = Parser.ParseDocument(await shelterClient.GetStringAsync("/Referral/Incoming", Token)).QuerySelector("input[name='referralId']")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(shelterClient, "/Referral/Incoming", new() { ["referralId"] = referralId, ["action"] = "Accept" })).StatusCode);
        var seenByShelter = await shelterClient.GetStringAsync($"/Cases/Details/{caseId}", Token);
        Assert.Contains(caseCode, seenByShelter, StringComparison.Ordinal);
        Assert.DoesNotContain("Walkgiven", seenByShelter, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Reveal", seenByShelter, StringComparison.Ordinal);
        Assert.Contains("support provider", Parser.ParseDocument(await shelterClient.GetStringAsync(path, Token)).QuerySelector("dl#state")!.TextContent, StringComparison.Ordinal);

        // The competent authority decides; the recovery period runs.
        var authorityClient = await SignedInClientAsync(app, authority, "en");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(authorityClient, path + "?handler=Step",
            new() { ["Step"] = "rg-positive", ["Reasons"] = "Credible account; indicators of forced labour." })).StatusCode);

        // Assistance record by the shelter; cooperation recorded by the owner (no step depends on it).
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(shelterClient, path + "?handler=Assistance", new()
        {
            ["assistService"] = "medical",
            ["providerOrganisationId"] = shelter.OrganisationId.ToString(),
            ["startedOn"] = "2026-06-20",
            ["endedOn"] = "2026-06-24",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, path + "?handler=Cooperation",
            new() { ["cooperationStatus"] = "Declined", ["recordedOn"] = "2026-06-20" })).StatusCode);
        var inRecovery = Parser.ParseDocument(await ngo.GetStringAsync(path, Token));
        Assert.Contains("Recovery and reflection period", inRecovery.QuerySelector("dl#state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("End of the minimum recovery period", inRecovery.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);

        // After the recovery period: the conclusive decision, then move-on support to its end, then closure.
        app.Time.Advance(TimeSpan.FromDays(31));
        authorityClient = await SignedInClientAsync(app, authority, "en");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(authorityClient, path + "?handler=Step",
            new() { ["Step"] = "cg-positive", ["Reasons"] = "Balance of probabilities met." })).StatusCode);
        app.Time.Advance(TimeSpan.FromDays(46));
        ngo = await SignedInClientAsync(app, owner, "en");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, path + "?handler=Step", new() { ["Step"] = "close" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, $"/Referral/Notice/{caseId}",
            new() { ["offence"] = "Use of a false identity document", ["basis"] = "Document supplied and kept by the trafficker." })).StatusCode);

        var closed = Parser.ParseDocument(await ngo.GetStringAsync(path, Token));
        Assert.Contains("Closed", closed.QuerySelector("dl#state")!.TextContent, StringComparison.Ordinal);
        var text = closed.Body!.TextContent;
        foreach (var expected in new[] { "Refer to the competent authority", "Positive reasonable-grounds decision", "Positive conclusive-grounds decision",
            "sealed — reveal to read", "Synthetic Shelter", "Accepted", "Declined" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Contains("Synthetic Shelter", closed.QuerySelector("#services + table tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Synthetic Shelter", closed.QuerySelector("#assistance + table tbody")!.TextContent, StringComparison.Ordinal);
        // The decision reasons and the offence are sealed under the person's key: shown after a reveal, as the identity is.
        Assert.DoesNotContain("Credible account; indicators of forced labour.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Use of a false identity document", await ngo.GetStringAsync($"/Referral/Notice/{caseId}", Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ngo, $"/Cases/Details/{caseId}?handler=Reveal", new() { ["RevealReason"] = "preparing the notice" })).StatusCode);
        Assert.Contains("Credible account; indicators of forced labour.", Parser.ParseDocument(await ngo.GetStringAsync(path, Token)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Use of a false identity document", await ngo.GetStringAsync($"/Referral/Notice/{caseId}", Token), StringComparison.Ordinal);
    }
}
