using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Ariadne.Core.DemoData;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Issue 16's "done when" in a real browser (JavaScript off), in English and German, on the demo installation: three
/// agencies, one operator. Each linkage agency's coordinator encodes the agency's cases on <c>/Linkage/Encode</c> with the
/// secret the three agencies share and downloads the encodings file; the analyst (the linkage operator, who never has the
/// secret) uploads the three files on <c>/Linkage/Match</c>, follows the background job and downloads the cluster files;
/// each coordinator imports their own file; the statistics then count each human being once, and the estimate page gives
/// a multiple systems estimate with its interval. The numbers are checked against the population
/// <see cref="DemoLinkageSeeder"/> drew (as <c>DemoDataSeederTests</c> does in Core).
/// </summary>
public sealed partial class LinkageAgenciesBrowserTests
{
    /// <summary>The secret the three agencies agreed (synthetic; the operator never sees it).</summary>
    private const string Secret = "synthetic-secret-the-three-demo-agencies-agreed";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task ThreeAgenciesOneOperator_English() => JourneyAsync("en", "Total");

    [Fact]
    public Task ThreeAgenciesOneOperator_German() => JourneyAsync("de", "Gesamt");

    private static async Task JourneyAsync(string culture, string total)
    {
        await using var session = await BrowserSession.StartDemoAsync();
        var population = DemoLinkageSeeder.Population();
        var met = population.Count(h => h.MetBy.Any(m => m));
        var records = population.Sum(h => h.MetBy.Count(m => m));

        // 1. Each agency encodes its own cases and downloads the encodings file.
        var coordinators = new List<(IPage Page, string EncodingsName)>();
        var uploads = new List<FilePayload>();
        foreach (var user in DemoLinkageSeeder.Users)
        {
            var page = await session.SignInDemoUserAsync(user.UserName, culture);
            await page.GotoAsync("/Linkage");
            await page.Locator("main a[href='/Linkage/Encode']").ClickAsync();
            await page.Locator("#SecretText").FillAsync(Secret);
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("main form button[type=submit]").ClickAsync());
            var content = await File.ReadAllBytesAsync((await download.PathAsync())!, Ct);
            var text = System.Text.Encoding.UTF8.GetString(content);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            uploads.Add(new FilePayload { Name = download.SuggestedFilename, MimeType = "text/csv", Buffer = content });
            coordinators.Add((page, download.SuggestedFilename));
        }
        Assert.Equal(3, uploads.Select(u => u.Name).Distinct(StringComparer.Ordinal).Count());

        // 2. The operator matches the three files as a background job and downloads the agencies' cluster files.
        var analyst = await session.SignInDemoUserAsync("demo-analyst", culture);
        await analyst.GotoAsync("/Linkage");
        await analyst.Locator("main a[href='/Linkage/Match']").ClickAsync();
        await analyst.Locator("#Files").SetInputFilesAsync(uploads);
        await analyst.Locator("main form button[type=submit]").ClickAsync();
        await analyst.WaitForURLAsync(url => url.Contains("/Jobs/Status/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(analyst.Locator("progress#job-progress")).ToBeVisibleAsync();
        Assert.Equal(1, await session.App.RunJobsAsync());
        await analyst.ReloadAsync();
        await Assertions.Expect(analyst.Locator("#job-summary")).ToContainTextAsync(
            culture == "de" ? $"3 Stellen, {records} Datensätze in" : $"3 agencies, {records} records in");
        var zipped = await analyst.RunAndWaitForDownloadAsync(() => analyst.Locator("ul.downloads a[download]").ClickAsync());
        var results = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var zip = ZipFile.OpenRead((await zipped.PathAsync())!))
        {
            foreach (var entry in zip.Entries)
            {
                using var buffer = new MemoryStream();
                await using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(buffer, Ct);
                }
                results[entry.Name] = buffer.ToArray();
            }
        }
        Assert.Equal(3, results.Count);

        // 3. Each agency imports its own file: every record of the agency gets its cluster.
        var imported = 0;
        foreach (var (page, encodingsName) in coordinators)
        {
            var file = Path.GetFileNameWithoutExtension(encodingsName) + ".csv";
            await page.GotoAsync("/Linkage");
            await page.Locator("main a[href='/Linkage/Import']").ClickAsync();
            await page.Locator("#ResultFile").SetInputFilesAsync(new FilePayload { Name = file, MimeType = "text/csv", Buffer = results[file] });
            await page.Locator("main form button[type=submit]").ClickAsync();
            var done = page.Locator("main p.notice[role=status]");
            await Assertions.Expect(done).ToBeVisibleAsync();
            imported += Numbers(await done.InnerTextAsync())[0];
            await Assertions.Expect(page.Locator("#linkage-runs tbody tr").First).ToContainTextAsync(culture == "de" ? "importiert" : "imported");
        }
        Assert.Equal(records, imported);

        // 4. The statistics count each human being once: the same table with and without the box ticked differs by
        //    the linkage agencies' records less the humans they met (as matched; within a tenth of the truth).
        await analyst.GotoAsync("/Statistics");
        await Assertions.Expect(analyst.Locator("#deduplicate")).ToBeCheckedAsync();
        await analyst.Locator("#dimensions").SelectOptionAsync("organisationType");
        await analyst.Locator("main form:has(#dimensions) button[type=submit]").First.ClickAsync();
        var once = await TotalAsync(analyst, total);
        await analyst.Locator("#deduplicate").UncheckAsync();
        await analyst.Locator("main form:has(#dimensions) button[type=submit]").First.ClickAsync();
        await Assertions.Expect(analyst.Locator("#deduplicate")).Not.ToBeCheckedAsync();
        var everyCase = await TotalAsync(analyst, total);
        var humansMatched = records - (everyCase - once);
        Assert.InRange(humansMatched, met * 0.9, met * 1.1);

        // 5. The estimate of the undetected from the overlaps of the three agencies' lists, as a background job.
        await analyst.GotoAsync("/Linkage");
        await analyst.Locator("main a[href='/Linkage/Estimate']").ClickAsync();
        await analyst.Locator("#By").SelectOptionAsync("organisation");
        await analyst.Locator("form:has(#Round) button[type=submit]").ClickAsync();
        await analyst.WaitForURLAsync(url => url.Contains("/Jobs/Status/", StringComparison.Ordinal), BrowserSession.Arrived);
        Assert.Equal(1, await session.App.RunJobsAsync());
        await analyst.ReloadAsync();
        await Assertions.Expect(analyst.Locator("#job-summary")).ToContainTextAsync(culture == "de" ? "beobachtet auf 3 Listen" : "observed on 3 lists");
        await analyst.Locator("main ul.downloads a[href^='/Linkage/Estimate']").ClickAsync();
        var selected = analyst.Locator("#estimate-selected");
        await Assertions.Expect(selected).ToBeVisibleAsync();
        // "… Estimated total E (95 % interval L to U); undetected D; observed N." — the last six numbers (the model's name may hold some).
        var figures = Numbers(await selected.InnerTextAsync())[^6..];
        var (estimate, lower, upper, observed) = (figures[0], figures[2], figures[3], figures[5]);
        Assert.Equal(95, figures[1]);
        Assert.Equal(humansMatched, observed);
        Assert.True(lower <= estimate && estimate <= upper && estimate > observed, $"estimate {estimate} in [{lower}, {upper}], observed {observed}");
        var counts = analyst.Locator("#estimate-counts tbody tr");
        Assert.Equal(7, await counts.CountAsync());
        foreach (var organisation in DemoLinkageSeeder.Organisations)
        {
            await Assertions.Expect(analyst.Locator("#estimate-counts thead")).ToContainTextAsync(organisation.Name);
        }
        Assert.True(await analyst.Locator("#estimate-models tbody tr").CountAsync() >= 1);
        await Assertions.Expect(analyst.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }

    /// <summary>The number in the row labelled <paramref name="total"/> of the shown statistics table.</summary>
    private static async Task<int> TotalAsync(IPage page, string total)
    {
        var row = page.Locator("table.statistics").First.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = total }) });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        return Numbers(await row.Locator("td").Last.InnerTextAsync())[0];
    }

    /// <summary>The whole numbers in a text, in order (no group separators: the demo's numbers stay under 1,000).</summary>
    private static int[] Numbers(string text) =>
        [.. Digits().Matches(text).Select(m => int.Parse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture))];

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
