using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Audit;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Treaty status (issue 18, item 5) and the official English text of 76/7 loaded from a supplied file, with the
/// hand-made fixtures in <c>tests/data/follow-up</c> (synthetic dates and placeholder sentences, see SOURCE.md there):
/// the UNTC page parsed with kinds, footnotes and declarations; the CSV; unknown countries all named and nothing stored;
/// a bad date naming the row and field; the service through the API on both providers; the CLI.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class TreatyStatusTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static string UntcPage => File.ReadAllText(TestData.Path("follow-up", "untc-status-synthetic.html"));

    private static string StatusCsv => File.ReadAllText(TestData.Path("follow-up", "treaty-status-synthetic.csv"));

    private static string Placeholder => File.ReadAllText(TestData.Path("follow-up", "declaration-76-7-placeholder.txt"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Files_UntcPageWithKindsFootnotesAndDeclarations_Csv_UnknownCountriesAndBadDates_PlaceholderText()
    {
        var countries = FollowUpService.TreatyCountries;
        var (page, errors) = TreatyStatusFiles.Read(UntcPage, countries);
        Assert.Empty(errors);
        Assert.Equal((TreatyStatusFiles.UntcFormat, new DateOnly(2034, 3, 1)), (page!.Format, page.AsOf));
        Assert.Equal("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-a&chapter=18&lang=en", page.SourceUrl);
        Assert.Equal(["BEL", "BOL", "CIV", "EUU", "DEU", "MCO", "NLD", "SRB", "TUR"], page.Participants.Select(p => p.Country));
        Assert.Equal(["Belgium", "Bolivia (Plurinational State of)", "Côte d’Ivoire", "European Union", "Germany", "Monaco", "Netherlands (Kingdom of the)", "Serbia", "Türkiye"],
            page.Participants.Select(p => p.Name));
        Assert.Equal([ConsentKind.Ratification, ConsentKind.Accession, ConsentKind.Accession, ConsentKind.Approval, ConsentKind.Ratification, null,
            ConsentKind.Acceptance, ConsentKind.Succession, ConsentKind.Ratification], page.Participants.Select(p => p.Kind));
        var belgium = page.Participants[0];
        Assert.Equal((new DateOnly(2031, 1, 12), new DateOnly(2032, 2, 3), true), (belgium.SignedOn, belgium.ConsentOn, belgium.Reservations));
        Assert.Equal("Synthetic placeholder declaration of Belgium for tests; not the treaty record.", belgium.ReservationsText);
        Assert.Equal(2, page.Participants.Single(p => p.Country == "EUU").ReservationsText!.Split("\n\n").Length);
        Assert.Equal((new DateOnly(2031, 1, 13), null, false), (page.Participants[5].SignedOn, page.Participants[5].ConsentOn, page.Participants[5].Reservations));

        var (csv, csvErrors) = TreatyStatusFiles.Read(StatusCsv, countries);
        Assert.Empty(csvErrors);
        Assert.Equal(["DEU", "BOL", "TUR", "CIV", "GBR"], csv!.Participants.Select(p => p.Country));
        Assert.Equal([ConsentKind.Ratification, ConsentKind.Accession, ConsentKind.Ratification, ConsentKind.Accession, null], csv.Participants.Select(p => p.Kind));
        Assert.Equal([false, false, true, true, false], csv.Participants.Select(p => p.Reservations));
        Assert.Null(csv.Participants[2].ReservationsText);
        Assert.Null(csv.AsOf);

        // Unknown participants are all named (with their rows); a date that does not exist names the row and the field.
        var bad = UntcPage.Replace("Monaco", "Ruritania", StringComparison.Ordinal).Replace("<td>Serbia</td>", "<td>Atlantis 4</td>", StringComparison.Ordinal)
            .Replace("17 Jun 2032", "31 Feb 2032", StringComparison.Ordinal);
        var (none, refused) = TreatyStatusFiles.Read(bad, countries);
        Assert.Null(none);
        Assert.Equal(
        [
            "Row 6, field 'Participant': 'Ruritania' is not a known country; use the name of the UN Treaty Collection, the English or German name, or the ISO alpha-3 code.",
            "Row 8, field 'Participant': 'Atlantis' is not a known country; use the name of the UN Treaty Collection, the English or German name, or the ISO alpha-3 code.",
            "Row 5 (Germany), field 'Ratification, Accession(a), Acceptance(A), Approval(AA), Succession(d)': '31 Feb 2032' is not a date (d MMM yyyy, e.g. 1 Jan 2001, followed by a, A, AA, d or s).",
        ], refused.Select(e => e.Message));
        var (_, csvRefused) = TreatyStatusFiles.Read("participant,consent,consent_kind\nDEU,2032-13-01,r\nNarnia,,a\n", countries);
        Assert.Equal(
        [
            "Line 3, field 'participant': 'Narnia' is not a known country; use the name of the UN Treaty Collection, the English or German name, or the ISO alpha-3 code.",
            "Line 2, field 'consent': '2032-13-01' is not a date yyyy-mm-dd.",
            "Line 3, field 'consent_kind': a kind needs the date in 'consent'.",
        ], csvRefused.Select(e => e.Message));

        // The official text: the resolution's own paragraph 1 is skipped, the declaration's 29 are found, 7 keeps its sub-paragraphs.
        var (paragraphs, textErrors) = OfficialText.Read(Placeholder);
        Assert.Empty(textErrors);
        Assert.Equal(Enumerable.Range(1, 29).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), paragraphs.Select(p => p.Number));
        Assert.Equal("We Paragraph 1 placeholder text of the synthetic test file.", paragraphs[0].Text);
        Assert.Equal("We placeholder text for paragraph 7, first line, continued on a second line:\n(a) Placeholder sub-paragraph a;\n(b) Placeholder sub-paragraph b.",
            paragraphs[6].Text);
        var html = "<html><body><p>The General Assembly,</p><ol><li>We placeholder one.</li><li>We placeholder two.</li></ol><p>3. We placeholder three.</p></body></html>";
        Assert.Equal(["1", "2", "3"], OfficialText.Read(html).Paragraphs.Select(p => p.Number));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_CoordinatorImportsPageAndCsv_ReadersSeeCurrentAndHistory_UnknownStoresNothing_OfficialTextLoads(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("treaty-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("treaty-analyst", "Rapporteur Office", Roles.Analyst);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/v1/followup/treaties?instrument=TraffickingProtocol", Body(UntcPage, "text/html"), Token)).StatusCode);
        var imported = await coordinator.PostAsync("/api/v1/followup/treaties?instrument=XVIII-12-a&fileName=untc.html", Body(UntcPage, "text/html"), Token);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Token));
        var first = (await imported.Content.ReadFromJsonAsync<TreatyImportSummary>(Json, Token))!;
        Assert.Equal((TreatyInstrument.TraffickingProtocol, 9, new DateOnly(2034, 3, 1), "untc.html", "treaty-coordinator"),
            (first.Instrument, first.Participants, first.AsOf, first.FileName, first.ImportedBy));
        Assert.StartsWith("https://treaties.un.org/", first.SourceUrl, StringComparison.Ordinal);

        // All or nothing: unknown countries are all named, nothing is stored; a CSV without an as-of date is refused naming AsOf.
        var bad = UntcPage.Replace("Monaco", "Ruritania", StringComparison.Ordinal).Replace("Serbia", "Atlantis", StringComparison.Ordinal);
        var refused = await coordinator.PostAsync("/api/v1/followup/treaties?instrument=TraffickingProtocol", Body(bad, "text/html"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(Token);
        Assert.Contains("'Ruritania' is not a known country", problem, StringComparison.Ordinal);
        Assert.Contains("'Atlantis' is not a known country", problem, StringComparison.Ordinal);
        var noDate = await coordinator.PostAsync("/api/v1/followup/treaties?instrument=Cets197", Body(StatusCsv, "text/csv"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        Assert.Contains("AsOf", await noDate.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsync("/api/v1/followup/treaties?instrument=P30&asOf=2034-01-01", Body(StatusCsv, "text/csv"), Token)).StatusCode);
        await using (var db = app.NewContext())
        {
            Assert.Equal(1, await db.Set<TreatyStatusImport>().CountAsync(Token));
            Assert.Equal(9, await db.Set<TreatyParticipation>().CountAsync(Token));
        }

        // A second import of the Protocol (the CSV) becomes its current status; the first stays in the history.
        var second = await coordinator.PostAsync("/api/v1/followup/treaties?instrument=TraffickingProtocol&asOf=2034-06-30&sourceUrl=https://example.org/status.csv",
            Body(StatusCsv, "text/csv"), Token);
        Assert.True(second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync(Token));
        var list = (await analyst.GetFromJsonAsync<List<TreatyInstrumentStatus>>("/api/v1/followup/treaties?instrument=TraffickingProtocol", Json, Token))!;
        var protocol = Assert.Single(list);
        Assert.Equal((5, new DateOnly(2034, 6, 30), 2), (protocol.Participants.Count, protocol.Current!.AsOf, protocol.History.Count));
        Assert.Equal(TreatyStatusFiles.CsvFormat, protocol.Current.Format);
        Assert.Equal(4, (await analyst.GetFromJsonAsync<List<TreatyInstrumentStatus>>("/api/v1/followup/treaties", Json, Token))!.Count);
        var bolivia = (await analyst.GetFromJsonAsync<List<CountryTreatyStatus>>("/api/v1/followup/treaties/bol", Json, Token))!;
        Assert.Equal((ConsentKind.Accession, new DateOnly(2032, 3, 14)), (Assert.Single(bolivia).Participation!.ConsentKind, bolivia[0].Participation!.ConsentOn));
        Assert.Null(Assert.Single((await analyst.GetFromJsonAsync<List<CountryTreatyStatus>>("/api/v1/followup/treaties/MCO", Json, Token))!).Participation);

        // The official English text of 76/7 from a supplied file: a file with a paragraph missing and one extra is refused, naming both.
        var declaration = (await (await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks/declaration", new { }, Token)).Content
            .ReadFromJsonAsync<DeclarationLoadResult>(Json, Token))!.FrameworkId;
        var wrong = Placeholder.Replace("12. We Paragraph 12", "30. We Paragraph 30", StringComparison.Ordinal);
        var mismatch = await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=en", Body(wrong, "text/plain"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        var mismatchText = await mismatch.Content.ReadAsStringAsync(Token);
        Assert.Contains("paragraphs 12 of A/RES/76/7 are not in the file", mismatchText, StringComparison.Ordinal);
        Assert.Contains("paragraphs 30 are in the file but not in A/RES/76/7", mismatchText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=en", Body(Placeholder, "text/plain"), Token)).StatusCode);
        var loaded = await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=en&fileName=A_RES_76_7.txt", Body(Placeholder, "text/plain"), Token);
        Assert.True(loaded.IsSuccessStatusCode, await loaded.Content.ReadAsStringAsync(Token));
        var load = (await loaded.Content.ReadFromJsonAsync<TextLoadResult>(Json, Token))!;
        Assert.Equal((29, 29), (load.Paragraphs, load.ItemsChanged));
        var framework = (await analyst.GetFromJsonAsync<FrameworkView>($"/api/v1/followup/frameworks/{declaration}", Json, Token))!;
        var item = (await analyst.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{framework.Items.Single(i => i.Number == "3").Id}", Json, Token))!;
        Assert.Equal(("We Paragraph 3 placeholder text of the synthetic test file.", "A_RES_76_7.txt", 2), (item.Text, item.TextSource, item.Version));
        Assert.Contains(item.History[0].Changes, c => c.Field == "Text" && c.Old is null && c.New == item.Text);
        Assert.NotNull(item.TextDe);

        // The German text from a file: the same paragraph checks; official only when the file says so or the coordinator names the source.
        var german = Placeholder.Replace(". We Paragraph", ". Wir Paragraph", StringComparison.Ordinal);
        var germanWrong = await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=de",
            Body(german.Replace("12. Wir Paragraph 12", "31. Wir Paragraph 31", StringComparison.Ordinal), "text/plain"), Token);
        Assert.Contains("paragraphs 12 of A/RES/76/7 are not in the file", await germanWrong.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=fr", Body(german, "text/plain"), Token)).StatusCode);
        var plain = (await (await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=de&fileName=de.txt", Body(german, "text/plain"), Token))
            .Content.ReadFromJsonAsync<TextLoadResult>(Json, Token))!;
        Assert.Equal((29, 29, null), (plain.Paragraphs, plain.ItemsChanged, plain.OfficialTranslation));
        item = (await analyst.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{item.Id}", Json, Token))!;
        Assert.Equal(("Wir Paragraph 3 placeholder text of the synthetic test file.", "de.txt", null), (item.TextDe, item.TextDeSource, item.TextDeOfficial));
        Assert.Equal("A_RES_76_7.txt", item.TextSource);
        var marked = (await (await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=de&fileName=de-un.txt",
            Body("Deutscher Übersetzungsdienst der Vereinten Nationen (synthetic)\n\n" + german, "text/plain"), Token)).Content.ReadFromJsonAsync<TextLoadResult>(Json, Token))!;
        Assert.Equal("Deutscher Übersetzungsdienst der Vereinten Nationen", marked.OfficialTranslation);
        var stated = (await (await coordinator.PostAsync($"/api/v1/followup/frameworks/{declaration}/text?language=de&fileName=de.txt&source=Bundesgesetzblatt%20(synthetic)",
            Body(german, "text/plain"), Token)).Content.ReadFromJsonAsync<TextLoadResult>(Json, Token))!;
        Assert.Equal("Bundesgesetzblatt (synthetic)", stated.OfficialTranslation);
        item = (await analyst.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{item.Id}", Json, Token))!;
        Assert.Equal(("de.txt", "Bundesgesetzblatt (synthetic)"), (item.TextDeSource, item.TextDeOfficial));

        await using var check = app.NewContext();
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpTreatyImport && e.Outcome == AuditOutcomes.Success, Token));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpTreatyImport && e.Outcome == AuditOutcomes.Denied, Token));
        Assert.Equal(4, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpTextLoad && e.Outcome == AuditOutcomes.Success, Token));
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpTextLoad && e.Outcome == AuditOutcomes.Failed, Token));
    }

    [Fact]
    public async Task Cli_ImportsTheUntcPage_ListsIt_RefusesUnknownCountries_LoadsTheOfficialText()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var at = database.Options.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("ariadne-treaty-");
        try
        {
            var imported = await CliRunner.RunAsync("followup", "treaties", "import", "--instrument", "TraffickingProtocol",
                TestData.Path("follow-up", "untc-status-synthetic.html"), "--database", at);
            Assert.True(imported.Exit == 0, imported.Error);
            Assert.Contains("Imported 9 participants of TraffickingProtocol, as of 2034-03-01.", imported.Output, StringComparison.Ordinal);
            var listed = await CliRunner.RunAsync("followup", "treaties", "list", "--instrument", "protocol", "--database", at);
            Assert.True(listed.Exit == 0, listed.Error);
            Assert.Contains("\"BOL\"", listed.Output, StringComparison.Ordinal);
            Assert.Contains("untc-status-synthetic.html", listed.Output, StringComparison.Ordinal);

            var bad = Path.Combine(folder.FullName, "bad.csv");
            await File.WriteAllTextAsync(bad, "participant,consent\nDEU,2032-01-01\nRuritania,2032-01-01\nAtlantis,\n", Token);
            var refused = await CliRunner.RunAsync("followup", "treaties", "import", "--instrument", "C181", "--as-of", "2034-01-01", bad, "--database", at);
            Assert.Equal(2, refused.Exit);
            Assert.Contains("'Ruritania' is not a known country", refused.Error, StringComparison.Ordinal);
            Assert.Contains("'Atlantis' is not a known country", refused.Error, StringComparison.Ordinal);

            Assert.Equal(0, (await CliRunner.RunAsync("followup", "load-declaration", "--database", at)).Exit);
            var text = await CliRunner.RunAsync("followup", "frameworks", "load-text", "--framework", FollowUpService.DeclarationCode, "--language", "en",
                TestData.Path("follow-up", "declaration-76-7-placeholder.txt"), "--database", at);
            Assert.True(text.Exit == 0, text.Error);
            Assert.Contains("Loaded 29 paragraphs of A/RES/76/7 (en); 29 items changed.", text.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static StringContent Body(string text, string mediaType) => new(text, Encoding.UTF8, mediaType);
}
