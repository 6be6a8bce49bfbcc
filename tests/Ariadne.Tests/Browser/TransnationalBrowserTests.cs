using System.Security.Cryptography;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Referral.Transnational;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Transnational referral in a real browser (JavaScript off), in English and German, on the demo installation: the
/// administrator chooses the NGO, rotates its signing key, records its country and downloads the key's public half, and registers a partner abroad by
/// uploading the partner's public key; the case worker records the person's consent to the referral to that partner,
/// exports the signed package (.jws) and imports a package the partner signed (made here with the Core service and the
/// partner's private key, as the partner's installation would).
/// </summary>
public sealed class TransnationalBrowserTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Active", "Signature verified")]
    [InlineData("de", "Aktiv", "Signatur geprüft")]
    public async Task Administrator_RegistersAPartner_CaseWorker_ExportsASignedPackage_AndImportsThePartnersPackage(string culture, string active, string verified)
    {
        await using var session = await BrowserSession.StartDemoAsync();
        using var partnerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var partnerName = $"Journey Partner Centre {culture.ToUpperInvariant()} (synthetic)";
        var pemFile = Path.Combine(Path.GetTempPath(), $"journey-partner-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pemFile, partnerKey.ExportSubjectPublicKeyInfoPem(), Token);
        try
        {
            // The administrator (of the coordination office) chooses the NGO, whose key signs its case workers' packages:
            // its key (created if none), rotated, its country recorded, and its public half to send to partners.
            var admin = await session.SignInDemoUserAsync("demo-administrator", culture);
            await admin.Locator("header nav a[href='/Referral/Partners']").ClickAsync();
            await admin.Locator("#organisation").SelectOptionAsync(new SelectOptionValue { Label = DemoOrganisations.Ngo.Name });
            await admin.Locator("#choose-organisation button[type=submit]").ClickAsync();
            if (await admin.Locator("form[action*='handler=Create'] button[type=submit]").CountAsync() > 0)
            {
                await admin.Locator("form[action*='handler=Create'] button[type=submit]").ClickAsync();
            }
            await Assertions.Expect(admin.Locator("#organisation option[selected]")).ToHaveTextAsync(DemoOrganisations.Ngo.Name);
            var retired = (await admin.Locator("#own-key ~ dl code").First.InnerTextAsync()).Trim();
            await admin.Locator("form[action*='handler=Rotate'] button[type=submit]").ClickAsync();
            await Assertions.Expect(admin.Locator("#organisation option[selected]")).ToHaveTextAsync(DemoOrganisations.Ngo.Name);
            var ngoKeyId = (await admin.Locator("#own-key ~ dl code").First.InnerTextAsync()).Trim();
            Assert.Matches("^[0-9a-f]{16,}$", ngoKeyId);
            Assert.NotEqual(retired, ngoKeyId);
            await admin.Locator("#OwnCountry").SelectOptionAsync("DE");
            await admin.Locator("form[action*='handler=Country'] button[type=submit]").ClickAsync();
            await Assertions.Expect(admin.Locator("#organisation option[selected]")).ToHaveTextAsync(DemoOrganisations.Ngo.Name);
            await Assertions.Expect(admin.Locator("#OwnCountry option[selected]")).ToHaveAttributeAsync("value", "DE");
            var publicKey = await admin.RunAndWaitForDownloadAsync(() => admin.Locator("a[href^='/Referral/Partners?handler=PublicKey']").ClickAsync());
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync((await publicKey.PathAsync())!, Token), StringComparison.Ordinal);

            await admin.Locator("#Input_Name").FillAsync(partnerName);
            await admin.Locator("#Input_CountryCode").SelectOptionAsync("AT");
            await admin.Locator("#Input_Type").SelectOptionAsync("ngo");
            await admin.Locator("form[action*='handler=Add'] input[type=file]").SetInputFilesAsync(pemFile);
            await admin.Locator("form[action*='handler=Add'] button[type=submit]").ClickAsync();
            var partnerRow = admin.Locator("#partners + .table-wrap table tbody tr", new PageLocatorOptions { HasText = partnerName });
            await Assertions.Expect(partnerRow).ToContainTextAsync(ReferralPackage.KeyId(partnerKey));
            await Assertions.Expect(partnerRow).ToContainTextAsync(active);

            // The case worker: consent to the referral to the partner, then the signed package of an adult's case.
            Guid caseId;
            await using (var scope = session.App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var ngo = await db.Organisations.Where(o => o.Name == DemoOrganisations.Ngo.Name).Select(o => o.Id).SingleAsync(Token);
                caseId = await db.Cases.Where(c => c.OrganisationId == ngo && c.AgeGroup == AgeGroup.Adult).OrderBy(c => c.CaseCode).Select(c => c.Id).FirstAsync(Token);
            }
            var worker = await session.SignInDemoUserAsync("demo-caseworker", culture);
            await worker.GotoAsync($"/Cases/Consents/{caseId}");
            await worker.Locator("#Input_Purpose").SelectOptionAsync("Referral");
            await worker.Locator("#Input_RecipientOrganisationId").SelectOptionAsync(new SelectOptionValue { Label = partnerName });
            await worker.Locator("#Input_GivenOn").FillAsync("2026-06-14");
            await worker.Locator("#Input_Method").SelectOptionAsync("Written");
            await worker.Locator("form[action*='handler=Record'] button[type=submit]").ClickAsync();
            await Assertions.Expect(worker.Locator("main table").First.Locator("tbody")).ToContainTextAsync(partnerName);

            await worker.GotoAsync($"/Referral/Lifecycle/{caseId}");
            await worker.Locator($"main a[href='/Referral/SendPackage/{caseId}']").ClickAsync();
            var partnerOption = await worker.Locator("#ToOrganisationId option", new PageLocatorOptions { HasText = partnerName }).GetAttributeAsync("value");
            await worker.Locator("#ToOrganisationId").SelectOptionAsync(partnerOption!);
            await worker.Locator("#service-return-reintegration").CheckAsync();
            var package = await worker.RunAndWaitForDownloadAsync(() => worker.Locator("main form button[type=submit].primary").ClickAsync());
            Assert.EndsWith(".jws", package.SuggestedFilename, StringComparison.Ordinal);
            var jws = await File.ReadAllTextAsync((await package.PathAsync())!, Token);
            Assert.Equal(3, jws.Split('.').Length);
            // Signed with the case's organisation's key as the administrator rotated it, which partners trust for its packages.
            Assert.Contains(ngoKeyId, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(jws.Split('.')[0]))), StringComparison.Ordinal);

            // The partner's package to the NGO, pasted into the import form: verified, and a case opened for it.
            var incoming = ReferralPackage.Export(new ReferralPackageContent(
                Guid.CreateVersion7(), session.App.Time.GetUtcNow(), partnerName, "AT", DemoOrganisations.Ngo.Name, "DE",
                "AT-JOURNEY-" + culture.ToUpperInvariant(), new DateOnly(2026, 5, 20), "ngo", "female", "adult", false, ["AT"], ["forced-labour"], "DE",
                "possible", "recovery", [], ["safe-accommodation"],
                [new PackageConsent("Referral", new DateOnly(2026, 6, 1), "Written", DemoOrganisations.Ngo.Name, null)]), partnerKey);
            await worker.Locator("header nav a[href='/Referral/Transnational']").ClickAsync();
            await worker.Locator("#PackageText").FillAsync(incoming);
            await worker.Locator("main form[enctype='multipart/form-data'] button[type=submit].primary").ClickAsync();
            await Assertions.Expect(worker.Locator("#import-result")).ToContainTextAsync(verified);
            await Assertions.Expect(worker.Locator("#import-result")).ToContainTextAsync(partnerName);
            await Assertions.Expect(worker.Locator("#import-result")).ToContainTextAsync(ReferralPackage.KeyId(partnerKey));
            await Assertions.Expect(worker.Locator("main table tbody tr", new PageLocatorOptions { HasText = "AT-JOURNEY-" + culture.ToUpperInvariant() }))
                .ToContainTextAsync(partnerName);
        }
        finally
        {
            File.Delete(pemFile);
        }
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
