using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// A case worker's daily case work in a real browser, JavaScript off, in English and in German: a new case for a person
/// already known shows the possible-duplicate warning and is created once confirmed; a task and a dated note are added;
/// a file is attached, listed by kind (and, under the creator's reveal, by name as a download link) and shown on the timeline; the printable summary opens (and
/// prints without the navigation); the task appears on "My tasks"; consent is recorded with explicit choices; the person's identifying data is erased
/// from the danger section.
/// </summary>
public sealed class CaseWorkBrowserTests
{
    [Theory]
    [InlineData("en", "Known")]
    [InlineData("de", "Bekannt")]
    public async Task CaseWorker_DuplicateWarningTaskNoteConsentErasure(string culture, string familyName)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true);
        var worker = await app.AddUserAsync("browser-worker", "Synthetic NGO", Roles.CaseWorker);
        await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-KNOWN-0001") with { FamilyName = familyName });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = CaseWorkflowBrowserTests.ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await SignInAsync(browser, app, "browser-worker", worker.AuthenticatorKey!);
        if (culture == "de")
        {
            await page.Locator("button[name=culture][value=de]").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        }

        // A new case for the person already known: warned, then confirmed.
        await page.GotoAsync("/Cases/Create");
        await page.Locator("#Input_GivenName").FillAsync("Synthetic");
        await page.Locator("#Input_FamilyName").FillAsync(familyName);
        await page.Locator("#Input_DateOfBirth").FillAsync("2000-03-01");
        await page.Locator("#Input_Sex").SelectOptionAsync("female");
        await page.Locator("#Input_IdentificationDate").FillAsync("2026-05-02");
        await page.Locator("#Input_TraffickingStatus").SelectOptionAsync("possible");
        await page.Locator("#Input_DetectingOrganisationType").SelectOptionAsync("ngo");
        await page.Locator("#Input_Citizenships").SelectOptionAsync(["NG"]);
        await page.Locator("#Input_CountryOfExploitation").SelectOptionAsync("DE");
        await page.Locator("input[name='Input.ExploitationForms'][value='sexual-exploitation']").CheckAsync();
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page.Locator("#duplicate-title")).ToBeVisibleAsync();
        await page.Locator("#ConfirmNotDuplicate").CheckAsync();
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Cases/Details/", StringComparison.Ordinal), BrowserSession.Arrived);
        var caseId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // A task and a note on the Work page; the task on "My tasks".
        await page.Locator($"a[href='/Cases/Work/{caseId}']").ClickAsync();
        await page.Locator("#Title").FillAsync("Synthetic follow-up call");
        await page.Locator("#DueOn").FillAsync("2026-06-20");
        await page.Locator("form[action*='handler=Add'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#tasks")).ToContainTextAsync("Synthetic follow-up call");
        await page.Locator("#NotedOn").FillAsync("2026-06-10");
        await page.Locator("#Text").FillAsync("Synthetic note about the first meeting");
        await page.Locator("form[action*='handler=Note'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#notes")).ToContainTextAsync("Synthetic note about the first meeting");
        await Assertions.Expect(page.Locator("#notes")).ToContainTextAsync(culture == "de" ? "10.06.2026" : "2026-06-10");

        // A file attached from the Work page (no JavaScript: a multipart form), listed by kind; the timeline shows it; the summary prints.
        await page.Locator("#File").SetInputFilesAsync(new FilePayload
        {
            Name = "synthetic-scan.pdf",
            MimeType = "application/pdf",
            Buffer = Core.DemoData.DemoCaseWorkSeeder.SyntheticPdf("Synthetic browser test document"),
        });
        await page.Locator("form[action*='handler=Attach'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#attachments")).ToContainTextAsync("PDF");
        // The creator of the case holds a reveal of it, so the name shows, as a download link.
        await Assertions.Expect(page.Locator("#attachments a[download]")).ToHaveTextAsync("synthetic-scan.pdf");
        await page.Locator($"a[href='/Cases/Timeline/{caseId}']").First.ClickAsync();
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync(culture == "de" ? "Datei angehängt" : "File attached");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync(culture == "de" ? "Notiz hinzugefügt" : "Note added");
        await page.GotoAsync($"/Cases/Details/{caseId}");
        await page.Locator($"a[href='/Cases/Summary/{caseId}']").ClickAsync();
        await Assertions.Expect(page.Locator("#case-summary h1")).ToContainTextAsync(culture == "de" ? "Fallübersicht" : "Case summary");
        await Assertions.Expect(page.Locator("#case-summary #timeline")).ToContainTextAsync(culture == "de" ? "Datei angehängt" : "File attached");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.site-header")).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        await page.GotoAsync("/Cases/MyTasks");
        await Assertions.Expect(page.Locator("#my-tasks")).ToContainTextAsync("Synthetic follow-up call");

        // Consent with explicit choices.
        await page.GotoAsync($"/Cases/Consents/{caseId}");
        await page.Locator("#Input_Purpose").SelectOptionAsync("Contact");
        await page.Locator("#Input_GivenOn").FillAsync("2026-06-01");
        await page.Locator("#Input_Method").SelectOptionAsync("Oral");
        await page.Locator("form[action*='handler=Record'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form[action*='handler=Withdraw']")).ToHaveCountAsync(1);

        // Erasure from the danger section.
        await page.GotoAsync($"/Cases/Details/{caseId}");
        await page.Locator($"a[href='/Cases/Erase/{caseId}']").ClickAsync();
        await page.Locator("#ErasureReason").FillAsync("Synthetic erasure request");
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Cases/Details/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("p.notice[role=status]")).ToBeVisibleAsync();
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, TestApp app, string userName, string authenticatorKey)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            JavaScriptEnabled = false,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_UserName").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestApp.Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal), BrowserSession.Arrived);
        await page.Locator("#Code").FillAsync(app.TotpCode(authenticatorKey));
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal), BrowserSession.Arrived);
        return page;
    }
}
