using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>Synthetic cases and a small GLOTIP file for the statistics pages, API and producers.</summary>
internal static class StatisticsFixtures
{
    /// <summary>7 women and 3 men identified in Germany in 2023, all Nigerian citizens, sexual exploitation (women) or forced labour (men).</summary>
    public static async Task SeedCasesAsync(TestApp app, Guid organisationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        var inputs = Enumerable.Range(0, 7).Select(_ => Cases.CaseApiTests.ValidInput() with { IdentificationDate = new DateOnly(2023, 4, 1) })
            .Concat(Enumerable.Range(0, 3).Select(_ => Cases.CaseApiTests.ValidInput() with { Sex = "male", IdentificationDate = new DateOnly(2023, 9, 1), ExploitationForms = ["forced-labour"] }));
        foreach (var input in inputs)
        {
            var result = await cases.CreateAsync(input, organisationId, CaseViewer.LocalOperator, TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded, result.ToString());
        }
    }

    /// <summary>Sets the administrator's statistics settings (null keeps a value), as the settings page would.</summary>
    public static async Task SetSettingsAsync(TestApp app, int? minimumThreshold = null, double? budgetRho = null, int? periodMonths = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Core.Statistics.Releases.PrivacyBudget>()
            .UpdateAsync(minimumThreshold, budgetRho, periodMonths, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// GLOTIP figures for Germany: detected victims 2021 (120) and 2022 ("&lt;5" for men, 14 women, total 17),
    /// by form in 2022, persons convicted in 2022; and one row for France.
    /// </summary>
    public static async Task SeedGlotipAsync(TestApp app)
    {
        var rows = new List<GlotipStatistic>
        {
            Row("DEU", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2021, 120),
            Row("DEU", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2022, 17),
            Row("DEU", "Detected trafficking victims", "Total", "Total", "Female", "Total", 2022, 14),
            Row("DEU", "Detected trafficking victims", "Total", "Total", "Male", "Total", 2022, null),
            Row("DEU", "Detected trafficking victims", "by form of exploitation", "Sexual exploitation", "Total", "Total", 2022, 12),
            Row("DEU", "Detected trafficking victims", "by form of exploitation", "Forced labour", "Total", "Total", 2022, null),
            Row("DEU", "Persons convicted", "Total", "Total", "Total", "Total", 2022, 9),
            Row("FRA", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2022, 300),
        };
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-glotip-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = File.Create(path))
            {
                GlotipFile.Write(file, rows, "14/04/2025");
            }
            await using var db = app.NewContext();
            var result = await new GlotipStore(db).ImportAsync(path, TestContext.Current.CancellationToken);
            Assert.Empty(result.Errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static GlotipStatistic Row(string iso3, string indicator, string dimension, string category, string sex, string age, int year, long? value) => new()
    {
        Iso3 = iso3,
        Country = iso3 == "DEU" ? "Germany" : "France",
        Region = "Europe",
        Subregion = "Western Europe",
        Indicator = indicator,
        Dimension = dimension,
        Category = category,
        Sex = sex,
        Age = age,
        Year = year,
        Unit = "Counts",
        Value = value,
        SuppressedBelow = value is null ? 5 : null,
        Source = "GLOTIP",
    };
}
