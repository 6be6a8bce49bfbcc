using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.FollowUp;

/// <summary><c>ariadne followup questionnaire …</c>: the same service as the page and the API, as the local operator.</summary>
public sealed class QuestionnaireCliTests
{
    [Fact]
    public async Task Questionnaire_BadFileExitsTwoNamingLineAndField_LoadShipped_Answer_ExportCsv()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var at = database.Options.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("ariadne-questionnaire-");
        try
        {
            var bad = Path.Combine(folder.FullName, "bad.json");
            await File.WriteAllTextAsync(bad, "{\n  \"code\": \"x\",\n  \"title\": \"X\",\n  \"titleDe\": \"X\",\n  \"sections\": [ { \"key\": \"a\", \"title\": \"A\", \"titleDe\": \"A\",\n"
                + "    \"questions\": [ { \"number\": \"1\", \"kind\": \"stars\", \"text\": \"Q\", \"textDe\": \"F\" } ] } ]\n}\n", TestContext.Current.CancellationToken);
            var refused = await CliRunner.RunAsync("followup", "questionnaire", "import", bad, "--database", at);
            Assert.Equal(2, refused.Exit);
            Assert.Contains("Line 6, field 'sections[0].questions[0].kind': 'stars' is not one of text, yes-no, number, choice.", refused.Error, StringComparison.Ordinal);

            var loaded = await CliRunner.RunAsync("followup", "questionnaire", "load-shipped", "--database", at);
            Assert.True(loaded.Exit == 0, loaded.Error);
            Assert.Contains("Imported greta-round-3 version 1 with 14 questions.", loaded.Output, StringComparison.Ordinal);
            Assert.Contains("Imported untoc-tip-protocol-saq version 1", loaded.Output, StringComparison.Ordinal);
            Assert.Contains("Imported us-tip-report version 1 with 11 questions.", loaded.Output, StringComparison.Ordinal);
            var unassignable = await CliRunner.RunAsync("followup", "questionnaire", "assign", "--code", "us-tip-report", "--section", "protection",
                "--institution", "Nobody", "--database", at);
            Assert.Equal(2, unassignable.Exit);
            Assert.Contains("Institution: 'Nobody' is not an organisation of this installation.", unassignable.Error, StringComparison.Ordinal);
            var list = await CliRunner.RunAsync("followup", "questionnaire", "list", "--database", at);
            Assert.DoesNotContain("\"code\": \"x\"", list.Output, StringComparison.Ordinal);

            var answered = await CliRunner.RunAsync("followup", "questionnaire", "answer", "--code", "greta-round-3", "--cycle", "2023", "--question", "I.4", "--answer", "yes",
                "--submit", "--database", at);
            Assert.True(answered.Exit == 0, answered.Error);
            Assert.Contains("Question I.4: Submitted, version 1.", answered.Output, StringComparison.Ordinal);
            var wrong = await CliRunner.RunAsync("followup", "questionnaire", "answer", "--code", "greta-round-3", "--cycle", "2023", "--question", "I.3", "--answer", "many",
                "--database", at);
            Assert.Equal(2, wrong.Exit);
            Assert.Contains("'many' is not a number", wrong.Error, StringComparison.Ordinal);

            var csv = await CliRunner.RunAsync("followup", "questionnaire", "export", "--code", "greta-round-3", "--cycle", "2023", "--format", "csv", "--database", at);
            Assert.True(csv.Exit == 0, csv.Error);
            Assert.Contains(csv.Output.Split('\n'), l => l.StartsWith("answers,", StringComparison.Ordinal) && l.Contains(",I.4,", StringComparison.Ordinal)
                && l.Contains(",Yes,Submitted,", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
