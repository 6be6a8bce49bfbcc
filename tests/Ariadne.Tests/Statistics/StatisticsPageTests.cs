using System.Net;
using AngleSharp.Dom;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Statistics.Map;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>The statistics and country profile pages: rendering in both languages, charts, suppression, downloads and the release log.</summary>
public sealed class StatisticsPageTests
{
    private const string Query = "/Statistics?dimensions=sex&dimensions=&dimensions=&threshold=5&sdgBy=sex";

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task Pages_Coordinator_RenderTranslatedLabelledWithChartsAndTables(string culture)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Statistics:Country"] = "DEU" });
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, coordinator.OrganisationId);
        await StatisticsFixtures.SeedGlotipAsync(app);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, culture);
        var keys = PageRenderingTests.ResourceKeys();

        foreach (var path in new[] { "/Statistics", Query + "&dimensions=year", "/Statistics/Country/DEU" })
        {
            var response = await client.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var document = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(ct));
            Assert.Equal(culture, document.DocumentElement.GetAttribute("lang"));
            var untranslated = document.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()).Where(keys.Contains).ToList();
            Assert.True(untranslated.Count == 0, $"{path} shows resource keys: {string.Join(", ", untranslated)}");
            foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
            {
                Assert.True(control.Id is not null && document.QuerySelector($"label[for='{control.Id}']") is not null, $"{path}: control {control.GetAttribute("name")} has no label");
            }
            foreach (var svg in document.QuerySelectorAll("svg"))
            {
                Assert.NotNull(svg.QuerySelector("title"));
                Assert.NotNull(svg.QuerySelector("desc"));
                Assert.Equal("img", svg.GetAttribute("role"));
            }
            foreach (var table in document.QuerySelectorAll("table.statistics"))
            {
                Assert.NotNull(table.QuerySelector("caption"));
            }
        }

        int releasesBefore, auditedBefore;
        await using (var db = app.NewContext())
        {
            releasesBefore = await db.StatisticsReleases.CountAsync(ct);
            auditedBefore = await db.AuditEntries.CountAsync(e => e.Action == AuditActions.StatisticsRelease, ct);
        }
        var statistics = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(Query + "&dimensions=year", ct));
        // One view, one release: the stacked bars of the two dimensions and their cross-tabulation; no hidden sections.
        Assert.Single(statistics.QuerySelectorAll("svg.chart"));
        Assert.NotNull(statistics.QuerySelector("#main-chart-title"));
        Assert.Single(statistics.QuerySelectorAll("table.statistics"));
        Assert.Equal("year", statistics.QuerySelector("#main-table")!.GetAttribute("data-across"));
        Assert.Null(statistics.QuerySelector("#flows-map-title"));
        await using (var db = app.NewContext())
        {
            Assert.Equal(releasesBefore + 1, await db.StatisticsReleases.CountAsync(ct));
            Assert.Equal(auditedBefore + 1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.StatisticsRelease, ct));
        }
        var country = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics/Country/DEU", ct));
        Assert.NotNull(country.QuerySelector("#cases-table"));
        Assert.NotNull(country.QuerySelector("#convicted-table"));
        Assert.Null(country.QuerySelector("#prosecuted-table"));
    }

    [Fact]
    public async Task SuppressedCells_ShownAsMarks_NeverAsZero_InTableAndChart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await PageRenderingTests.SignedInClientAsync(app, analyst, "en");

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(Query, ct));

        var cells = Cells(page, "main-table");
        // 3 men are a small cell; 7 women would give it away through the total of 10.
        Assert.Contains(cells, r => r.SequenceEqual(["male", "<5"]));
        Assert.Contains(cells, r => r.SequenceEqual(["female", "x"]));
        Assert.Contains(cells, r => r.SequenceEqual(["Total", "10"]));
        var chart = page.QuerySelector("#main-chart-title")!.ParentElement!;
        Assert.Equal(2, chart.QuerySelectorAll("rect.suppressed").Length);
        var marks = chart.QuerySelectorAll("text.suppressed-label").Select(t => t.TextContent).ToList();
        Assert.Contains("<5", marks);
        Assert.Contains("x", marks);
        Assert.DoesNotContain(chart.QuerySelectorAll("rect > title"), t => t.TextContent.EndsWith(": 0", StringComparison.Ordinal));
        // The SDG rates of suppressed counts are suppressed too (a view of its own).
        var sdgPage = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?view=sdg&sdgBy=sex&threshold=5", ct));
        Assert.Null(sdgPage.QuerySelector("#main-table"));
        var sdg = Cells(sdgPage, "sdg-table");
        Assert.Contains(sdg, r => r[2] == "male" && r[3] == "<5" && r[5] == "<5");
        // The country profile keeps GLOTIP's "<5".
        await StatisticsFixtures.SeedGlotipAsync(app);
        var country = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics/Country/DEU", ct));
        Assert.Contains(Cells(country, "victims-table"), r => r.SequenceEqual(["2022", "Total", "Male", "Total", "<5"]));
        Assert.Contains("<5", country.QuerySelector("#victims-sex-chart-title")!.ParentElement!.QuerySelectorAll("text.suppressed-label").Select(t => t.TextContent));
    }

    [Theory]
    [InlineData("en", "Germany", "suppressed", "no data")]
    [InlineData("de", "Deutschland", "unterdrückt", "keine Daten")]
    public async Task Map_ByCitizenship_ShadesTheReleasedTable_SuppressedHatched_TableStays(string culture, string germany, string suppressed, string noData)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        // 10 Nigerians (the fixture), 6 Romanians, 3 Germans and 2 Ukrainians.
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            foreach (var (citizenship, count) in new[] { ("RO", 6), ("DE", 3), ("UA", 2) })
            {
                for (var i = 0; i < count; i++)
                {
                    var result = await cases.CreateAsync(Cases.CaseApiTests.ValidInput() with { Citizenships = [citizenship], IdentificationDate = new DateOnly(2023, 5, 1) }, analyst.OrganisationId, CaseViewer.LocalOperator, ct);
                    Assert.True(result.Succeeded, result.ToString());
                }
            }
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, analyst, culture);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=citizenship", ct));

        var map = page.QuerySelector("#main-map-title")!.ParentElement!;
        Assert.Equal("svg", map.LocalName);
        Assert.Equal("img", map.GetAttribute("role"));
        Assert.NotNull(map.QuerySelector("desc"));
        // Two counts shown (Nigeria 10, Romania 6): two bins, then the suppressed and no-data swatches.
        Assert.Equal(4, map.QuerySelectorAll("g.legend rect").Length);
        Assert.Equal(["6", "7–10", suppressed, noData], map.QuerySelectorAll("g.legend text").Skip(1).Select(t => t.TextContent));
        // The table is still there and the map shows exactly its released cells.
        var cells = Cells(page, "main-table").Where(r => r[0] != "Total").ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(["DE", "NG", "RO", "UA"], cells.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("<5", cells["UA"]);
        Assert.Equal("10", cells["NG"]);
        Assert.Equal("6", cells["RO"]);
        Assert.Equal(SvgMap.Bins[1], map.QuerySelector("path[data-country='NG']")!.GetAttribute("fill"));
        Assert.Equal(SvgMap.Bins[0], map.QuerySelector("path[data-country='RO']")!.GetAttribute("fill"));
        foreach (var (code, shown) in cells)
        {
            var path = map.QuerySelector($"path[data-country='{code}']")!;
            var title = path.QuerySelector("title")!.TextContent;
            if (long.TryParse(shown, out _))
            {
                Assert.StartsWith("bin-", path.GetAttribute("class"), StringComparison.Ordinal);
                Assert.EndsWith(": " + shown, title, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("suppressed", path.GetAttribute("class"));
                Assert.Equal("url(#main-map-hatch)", path.GetAttribute("fill"));
                Assert.EndsWith(": " + suppressed, title, StringComparison.Ordinal);
            }
        }
        Assert.StartsWith(germany + ": ", map.QuerySelector("path[data-country='DE'] title")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith(": " + noData, map.QuerySelector("path[data-country='FR'] title")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#main-chart-title"));
        // For a dimension that is not a country there is no map; a country dimension in second place is mapped at the first's totals.
        Assert.Single(page.QuerySelectorAll("svg.map"));
        var bySex = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(Query, ct));
        Assert.Null(bySex.QuerySelector("#main-map-title"));
        var bySexAndCitizenship = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&dimensions=citizenship", ct));
        var secondMap = bySexAndCitizenship.QuerySelector("#main-map-title")!.ParentElement!;
        // The citizenship totals are those of the citizenship table: Nigeria 10 in the upper of two bins.
        Assert.Equal(SvgMap.Bins[1], secondMap.QuerySelector("path[data-country='NG']")!.GetAttribute("fill"));
        Assert.EndsWith(": 6", secondMap.QuerySelector("path[data-country='RO'] title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("suppressed", secondMap.QuerySelector("path[data-country='UA']")!.GetAttribute("class"));
    }

    /// <summary>
    /// A wide cross-tabulation is paged on the server (issue 15: the widest table was 2.2 MB of HTML): a page holds
    /// <see cref="Ariadne.Statistics.CrossTab.RowsPerPage"/> rows, no hidden ones; the pager's plain links show the other
    /// rows of the same release (delivered again: same figures, nothing spent), so the disclosure control applies to the
    /// whole table, and the totals are the whole table's.
    /// </summary>
    [Theory]
    [InlineData("en", "Pages of the rows")]
    [InlineData("de", "Seiten der Zeilen")]
    public async Task WideTable_PagedOnTheServer_PagerLinksShowTheSameReleaseWithoutSpending(string culture, string pagerLabel)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        var citizenships = CodeListRegistry.Default.Country.Entries.Select(e => e.Code).Where(c => c != "DE").Take(30).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            foreach (var citizenship in citizenships)
            {
                var created = await cases.CreateAsync(Cases.CaseApiTests.ValidInput() with { Citizenships = [citizenship] }, analyst.OrganisationId, CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
            }
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, analyst, culture);

        var first = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=citizenship&dimensions=sex&threshold=0", ct));
        var firstRows = CrossCells(first, "main-table");
        Assert.Equal(Ariadne.Statistics.CrossTab.RowsPerPage, first.QuerySelectorAll("#main-table tbody tr").Length);
        Assert.Equal("2", first.QuerySelector("#main-table")!.GetAttribute("data-pages"));
        Assert.Contains("1–25", first.QuerySelector("#main-table caption")!.TextContent, StringComparison.Ordinal);
        var release = Guid.Parse(first.QuerySelector("#main-table")!.GetAttribute("data-release")!);
        var pager = first.QuerySelector("nav.pager")!;
        Assert.StartsWith(pagerLabel, pager.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Null(pager.QuerySelector("a[rel='prev']"));
        var next = pager.QuerySelector("a[rel='next']")!.GetAttribute("href")!;
        Assert.Contains($"release={release}", next, StringComparison.Ordinal);
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        // The chart shows the groups of this page only.
        Assert.InRange(first.QuerySelector("#main-chart-title")!.ParentElement!.QuerySelectorAll("text[text-anchor='end'][font-size='12']").Length, 1, Ariadne.Statistics.CrossTab.RowsPerPage);

        var second = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(next, ct));
        var secondRows = CrossCells(second, "main-table");
        Assert.Equal(6, second.QuerySelectorAll("#main-table tbody tr").Length);
        Assert.NotNull(second.QuerySelector("nav.pager a[rel='prev']"));
        Assert.Null(second.QuerySelector("nav.pager a[rel='next']"));
        // Every citizenship on exactly one page, the total row last (the whole table's total); the figures of the one release's file.
        var labels = firstRows.Concat(secondRows).Select(c => c.Row).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(citizenships.Order(StringComparer.Ordinal).Append("Total"), labels);
        var download = second.QuerySelectorAll("a[download]").Single(a => a.GetAttribute("href")!.EndsWith("format=csv", StringComparison.Ordinal)).GetAttribute("href")!;
        var file = (await client.GetStringAsync(download, ct)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1).Select(l => l.Split(',')).ToDictionary(r => (r[0], r[1]), r => r[2]);
        foreach (var (row, column, value) in firstRows.Concat(secondRows))
        {
            Assert.Equal(file[(row, column)], value);
        }
        await using var db = app.NewContext();
        var logged = await db.StatisticsReleases.AsNoTracking().ToListAsync(ct);
        Assert.Equal(release, logged.Single(r => r.Id == Guid.Parse(second.QuerySelector("#main-table")!.GetAttribute("data-release")!)).RepeatOf);
        Assert.Equal("30", secondRows.Single(c => c.Row == "Total" && c.Column == "Total").Value);
        // One release for the view; the page link and the download are deliveries of it (RepeatOf), spending nothing.
        Assert.Single(logged, r => r.RepeatOf is null);
        Assert.Equal(0, await db.PrivacyLedger.CountAsync(ct));
    }

    /// <summary>
    /// A pager link shows another page of the rows kept when the release was shown (issue 15: it used to re-run the whole
    /// release, 3 s at 100,000 cases): logged as a delivery of the same release, and still served after the data changed,
    /// since the rows are the release's, already published. Before the kept rows, the re-run saw the new case and refused.
    /// </summary>
    [Fact]
    public async Task PagerLink_AfterTheDataChanged_ShowsTheKeptRowsOfTheSameRelease()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        var citizenships = CodeListRegistry.Default.Country.Entries.Select(e => e.Code).Where(c => c != "DE").Take(30).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            foreach (var citizenship in citizenships)
            {
                var created = await cases.CreateAsync(Cases.CaseApiTests.ValidInput() with { Citizenships = [citizenship] }, analyst.OrganisationId, CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
            }
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, analyst, "en");
        var first = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=citizenship&dimensions=sex&threshold=0", ct));
        var release = Guid.Parse(first.QuerySelector("#main-table")!.GetAttribute("data-release")!);
        var next = first.QuerySelector("nav.pager a[rel='next']")!.GetAttribute("href")!;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<CaseService>()
                .CreateAsync(Cases.CaseApiTests.ValidInput() with { Citizenships = [citizenships[^1]] }, analyst.OrganisationId, CaseViewer.LocalOperator, ct);
            Assert.True(created.Succeeded, created.ToString());
        }

        var second = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(next), ct));

        Assert.Null(second.QuerySelector(".error-summary"));
        Assert.Equal(6, second.QuerySelectorAll("#main-table tbody tr").Length);
        Assert.Equal("30", CrossCells(second, "main-table").Single(c => c.Row == "Total" && c.Column == "Total").Value);
        await using var db = app.NewContext();
        var delivered = Guid.Parse(second.QuerySelector("#main-table")!.GetAttribute("data-release")!);
        Assert.Equal(release, (await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == delivered, ct)).RepeatOf);
    }

    [Fact]
    public async Task Download_HoldsExactlyTheTableShown_AndIsLoggedAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, coordinator.OrganisationId);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, "de");

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&dimensions=form&noise=laplace&epsilon=0.5&threshold=5", ct));
        var shown = CrossCells(page, "main-table");
        var shownRelease = Guid.Parse(page.QuerySelector("#main-table")!.GetAttribute("data-release")!);
        var link = page.QuerySelector("#main-table")!.Closest("section")!.QuerySelectorAll("a[download]").Single(a => a.GetAttribute("href")!.EndsWith("format=csv", StringComparison.Ordinal)).GetAttribute("href")!;

        var response = await client.GetAsync(link, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(ct)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("sex,form,persons", lines[0]);
        // Every cell shown is the file's cell; the file's other cells (rows and columns of zeros) are 0.
        var file = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => (r[0], r[1]), r => r[2]);
        Assert.NotEmpty(shown);
        foreach (var (row, column, value) in shown)
        {
            Assert.Equal(file[(row, column)], value);
        }
        Assert.All(file.Where(f => !shown.Any(c => (c.Row, c.Column) == f.Key)), f => Assert.Equal("0", f.Value));
        var fileRelease = Guid.Parse(response.Headers.GetValues("Ariadne-Release").Single());
        await using var db = app.NewContext();
        var logged = await db.StatisticsReleases.AsNoTracking().ToListAsync(ct);
        var html = logged.Single(r => r.Id == shownRelease);
        var csv = logged.Single(r => r.Id == fileRelease);
        Assert.Equal("html", html.Format);
        Assert.Equal("csv", csv.Format);
        Assert.Equal(html.OutputFingerprint, csv.OutputFingerprint);
        Assert.Equal(html.ParametersJson, csv.ParametersJson);
        Assert.Equal(shownRelease, csv.RepeatOf);
        // The seed is sealed, never in the parameters; the download spent nothing (one table of ρ = 0.5²/2).
        Assert.DoesNotContain("seed", csv.ParametersJson, StringComparison.Ordinal);
        Assert.Equal(1, await db.PrivacyLedger.CountAsync(ct));
        Assert.Equal(0.125, (await db.PrivacyLedger.Select(e => e.Rho).ToListAsync(ct)).Sum(), 9);
        Assert.Equal("stats-coordinator", csv.Actor);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.StatisticsRelease && e.SubjectId == fileRelease.ToString(), ct));
        // One table shown, one downloaded.
        Assert.Equal(2, logged.Count);
    }

    [Fact]
    public async Task GlotipSubmission_DownloadedFromThePage_IsTheGlotipWorkbookWithSmallCountsSuppressed_AndLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, coordinator.OrganisationId);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, "en");
        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics", ct));
        var link = page.QuerySelector("#glotip-download")!.GetAttribute("href")!;

        var response = await client.GetAsync(link, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReleaseFormats.MediaType("xlsx"), response.Content.Headers.ContentType?.MediaType);
        var workbook = GlotipFile.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)));
        Assert.Empty(workbook.Errors);
        // 10 cases in Germany in 2023: 7 women, 3 men; the 3 is published as "<5" and the 7 left out (it would give the 3 away).
        Assert.Contains(workbook.Rows, r => r.Iso3 == "DEU" && r.Year == 2023 && r.Dimension == "Total" && r.Category == "Total" && r.Sex == "Total" && r.Age == "Total" && r.Value == 10);
        Assert.Contains(workbook.Rows, r => r.Iso3 == "DEU" && r.Year == 2023 && r.Sex == "Male" && r.SuppressedBelow == 5 && r.Value is null);
        Assert.DoesNotContain(workbook.Rows, r => r.Value is > 0 and < 5);
        var release = Guid.Parse(response.Headers.GetValues("Ariadne-Release").Single());
        await using var db = app.NewContext();
        var logged = await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == release, ct);
        Assert.Equal((GlotipCasesProducer.KindName, "xlsx", "stats-coordinator"), (logged.Kind, logged.Format, logged.Actor));
    }

    [Fact]
    public async Task Form_InvalidValues_ErrorsNameTheFieldsAndNothingIsPublished()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, "en");

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&dimensions=sex&threshold=-1&from=2024&to=2020", ct));

        Assert.NotNull(page.QuerySelector(".error-summary"));
        foreach (var field in new[] { "dimensions", "threshold", "to" })
        {
            Assert.NotNull(page.QuerySelector($"#{field}-error"));
            Assert.Equal("true", page.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        }
        Assert.Null(page.QuerySelector("table.statistics"));
        await using var db = app.NewContext();
        Assert.Equal(0, await db.StatisticsReleases.CountAsync(ct));
    }

    [Theory]
    [InlineData("en", "No GLOTIP data are loaded")]
    [InlineData("de", "Es sind keine GLOTIP-Daten geladen")]
    public async Task CountryProfile_WithoutGlotipData_IsAPageThatSaysHowToImport_UnknownCountryAPageToo(string culture, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        var client = await PageRenderingTests.SignedInClientAsync(app, analyst, culture);

        var response = await client.GetAsync("/Statistics/Country/DEU", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
        Assert.Contains(message, page.QuerySelector("#no-glotip")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ariadne import glotip", page.QuerySelector("#no-glotip code")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main h1, h1"));

        await StatisticsFixtures.SeedGlotipAsync(app);
        var unknown = await client.GetAsync("/Statistics/Country/ZZZ", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);
        var unknownPage = PageRenderingTests.Parser.ParseDocument(await unknown.Content.ReadAsStringAsync(ct));
        Assert.Contains("ZZZ", unknownPage.QuerySelector("#unknown-country")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_OfAnUnknownRelease_NotFound()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, "en");

        var response = await client.GetAsync($"/Statistics?handler=Download&release={Guid.NewGuid()}&format=csv", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The released values of a table (data-value attributes, else the text), row by row.</summary>
    internal static List<string[]> Cells(IDocument page, string tableId) =>
        [.. page.QuerySelectorAll($"#{tableId} tbody tr").Select(r => r.Children.Select(c => c.GetAttribute("data-value") ?? c.TextContent).ToArray())];

    /// <summary>The cells of a two-dimension cross-tabulation: (row category, column category, released value).</summary>
    internal static List<(string Row, string Column, string Value)> CrossCells(IDocument page, string tableId)
    {
        var columns = page.QuerySelectorAll($"#{tableId} thead th").Skip(1).Select(th => th.GetAttribute("data-value")!).ToList();
        return [.. page.QuerySelectorAll($"#{tableId} tbody tr").SelectMany(r =>
            r.Children.Skip(1).Select((c, i) => (r.Children[0].GetAttribute("data-value")!, columns[i], c.TextContent)))];
    }
}
