using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Issue 18 §15 (identify, seize and confiscate proceeds) as computed indicators over the case asset ledgers, on both
/// databases: cases with assets frozen, seized or confiscated in the period, each case once at the furthest status it
/// reached, protected like every count table; and the value confiscated per currency, shown only where the cases behind
/// it pass the small-count rule, and likewise the value returned to victims. The value queries are refused at definition time without its currency dimension.
/// </summary>
public sealed class ProceedsIndicatorTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CasesWithAssetsAndValueConfiscated_CountEachCaseOnce_SumPerCurrency_SuppressSmallCells(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("pr-coordinator", "National Coordination", Roles.Coordinator);
        var organisation = (await app.AddUserAsync("pr-worker", "Shelter North", Roles.CaseWorker)).OrganisationId;
        await StatisticsFixtures.SeedCasesAsync(app, organisation);
        await using (var db = app.NewContext())
        {
            var cases = await db.Cases.OrderBy(c => c.CaseCode).Select(c => c.Id).ToListAsync(ct);
            // Six cases confiscated in 2025 in EUR (frozen and seized on the way: counted once, as confiscated), two in
            // USD, one only frozen in 2025, one seized in 2024 and confiscated in 2026 (outside the period).
            // Five of the EUR confiscations and one USD one were returned to the victim in 2025; one EUR seizure of 2024 was
            // returned in 2026 (outside the period).
            for (var i = 0; i < 6; i++)
            {
                (AssetStatus, DateOnly)[] path = [(AssetStatus.Identified, new(2024, 12, 1)), (AssetStatus.Frozen, new(2025, 2, 1)),
                    (AssetStatus.Seized, new(2025, 3, 1)), (AssetStatus.Confiscated, new(2025, 4, 1))];
                Add(db, cases[i], 1000.50m, "EUR", i < 5 ? [.. path, (AssetStatus.ReturnedToVictim, new(2025, 9, 1))] : path);
            }
            Add(db, cases[6], 500m, "USD", (AssetStatus.Seized, new(2025, 1, 10)), (AssetStatus.Confiscated, new(2025, 6, 1)));
            Add(db, cases[7], 700m, "USD", (AssetStatus.Confiscated, new(2025, 6, 2)), (AssetStatus.ReturnedToVictim, new(2025, 7, 1)));
            Add(db, cases[8], 90m, "EUR", (AssetStatus.Frozen, new(2025, 5, 1)));
            Add(db, cases[9], 10_000m, "EUR", (AssetStatus.Seized, new(2024, 6, 1)), (AssetStatus.Confiscated, new(2026, 1, 5)));
            Add(db, cases[9], 300m, "EUR", (AssetStatus.Seized, new(2024, 6, 1)), (AssetStatus.ReturnedToVictim, new(2026, 2, 1)));
            await db.SaveChangesAsync(ct);
        }
        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("15", "Proceeds"), Json, ct));

        // A sum across currencies is never offered: without the currency dimension the definition is refused, naming it.
        var noCurrency = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "VAL-0", "Value", IndicatorKind.Computed, Query: IndicatorQueries.ValueConfiscated), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noCurrency.StatusCode);
        Assert.Contains("value-confiscated is a sum per currency; give the dimension 'currency'", await noCurrency.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        async Task<List<IndicatorValueView>> Compute(string code, string query, string[] dimensions)
        {
            var id = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
                new IndicatorInput(item, null, code, code, IndicatorKind.Computed, Query: query, Dimensions: dimensions), Json, ct));
            return await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{id}/compute",
                new ComputeInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Json, ct));
        }

        // 9 cases: 8 confiscated, 1 frozen, 0 seized (the seizures of 2025 went on to confiscation). The frozen 1 is
        // suppressed, and so that it cannot be worked out from the total, the confiscated 8 as well.
        var cases2025 = (await Compute("ASSETS", IndicatorQueries.CasesWithAssetsRestrained, [IndicatorQueries.AssetStatusDimension]))
            .ToDictionary(v => v.Cell, v => v.Display);
        Assert.Equal("9", cases2025["Total"]);
        Assert.Equal("<5", cases2025["assetStatus=frozen"]);
        Assert.Equal("0", cases2025["assetStatus=seized"]);
        Assert.NotEqual("8", cases2025["assetStatus=confiscated"]);
        var total = Assert.Single(await Compute("ASSETS-T", IndicatorQueries.CasesWithAssetsRestrained, []));
        Assert.Equal(("Total", "9", 9m), (total.Cell, total.Display, total.Value));

        // EUR: six cases, 6 × 1,000.50; USD: two cases, below the threshold, so its sum is not shown.
        var value = await Compute("VAL", IndicatorQueries.ValueConfiscated, [IndicatorQueries.CurrencyDimension]);
        Assert.Equal(["currency=EUR", "currency=USD"], value.Select(v => v.Cell).Order(StringComparer.Ordinal));
        Assert.Equal(("6003.00", 6003.00m), value.Where(v => v.Cell == "currency=EUR").Select(v => (v.Display, v.Value)).Single());
        var usd = value.Single(v => v.Cell == "currency=USD");
        Assert.Null(usd.Value);
        Assert.DoesNotContain("1200", usd.Display, StringComparison.Ordinal);
        Assert.Contains(IndicatorQueries.ValueConfiscated, value[0].Parameters, StringComparison.Ordinal);
        Assert.NotNull(value[0].ReleaseId);

        // Returned to victims, the same shape: EUR five cases, 5 × 1,000.50; USD one case, not shown; 2026 left out.
        var returnedNoCurrency = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "RET-0", "Returned", IndicatorKind.Computed, Query: IndicatorQueries.ValueReturnedToVictims), Json, ct);
        Assert.Contains("value-returned-to-victims is a sum per currency", await returnedNoCurrency.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var returned = await Compute("RET", IndicatorQueries.ValueReturnedToVictims, [IndicatorQueries.CurrencyDimension]);
        Assert.Equal(["currency=EUR", "currency=USD"], returned.Select(v => v.Cell).Order(StringComparer.Ordinal));
        Assert.Equal(("5002.50", 5002.50m), returned.Where(v => v.Cell == "currency=EUR").Select(v => (v.Display, v.Value)).Single());
        var returnedUsd = returned.Single(v => v.Cell == "currency=USD");
        Assert.Null(returnedUsd.Value);
        Assert.DoesNotContain("700", returnedUsd.Display, StringComparison.Ordinal);
    }

    private static void Add(AppDbContext db, Guid caseId, decimal value, string currency, params (AssetStatus Status, DateOnly On)[] steps)
    {
        var asset = new CaseAsset
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            Kind = AssetKind.BankAccount,
            EstimatedValue = value,
            Currency = currency,
            Status = steps[^1].Status,
            Version = steps.Length,
            RecordedByName = "test",
            RecordedAtUtc = TestApp.Now.UtcDateTime,
        };
        asset.Steps.AddRange(steps.Select((s, i) => new CaseAssetStep
        {
            Id = Guid.CreateVersion7(),
            AssetId = asset.Id,
            Index = i,
            Status = s.Status,
            On = s.On,
            Authority = "Synthetic authority",
            RecordedByName = "test",
            RecordedAtUtc = TestApp.Now.UtcDateTime,
        }));
        db.Add(asset);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
