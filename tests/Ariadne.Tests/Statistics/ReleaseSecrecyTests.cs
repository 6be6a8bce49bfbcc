using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The attacks of the privacy review, run as an analyst would: replaying a published noise seed to subtract the noise,
/// and testing guessed completions of a suppressed table against a fingerprint in the release log. Both must find
/// nothing to work with; the seed is stored only sealed.
/// </summary>
public sealed partial class ReleaseSecrecyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SeedReplay_NoSeedInTheResponse_NoiseCannotBeReplayed_SeedSealedInTheDatabase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await app.BearerClientAsync(analyst);

        // Much noise over many cells (sex × form; most cells far from 1..4, so few are suppressed): two seeds practically
        // never give the same table, so a table reproduced from a candidate seed means the seed was found.
        var text = await client.GetStringAsync("/api/v1/statistics/tables?dimensions=sex,form&noise=laplace&epsilon=0.01", ct);
        var response = JsonNode.Parse(text)!.AsObject();
        var published = Rows(response["rows"]!.AsArray());
        var parameters = response["parameters"]!.AsObject();
        var release = response["release"]!.GetValue<Guid>();

        // The attack: every whole number visible in the response (parameters, method, anywhere) tried as the seed.
        var candidates = Numbers().Matches(text).Select(m => ulong.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (ulong?)null)
            .OfType<ulong>().Distinct().ToList();
        Assert.NotEmpty(candidates);
        Assert.False(parameters.ContainsKey("seed"), parameters.ToJsonString());
        foreach (var candidate in candidates)
        {
            Assert.False(published.SequenceEqual(await ReplayAsync(app, parameters, candidate)), $"the noise was replayed with seed {candidate} seen in the response");
        }

        // The seed exists, sealed: with it the noise would be replayed exactly (so the attack above is a real one).
        await using var db = app.NewContext();
        var logged = await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == release, ct);
        var seed = ReleaseSecrets.OpenSeed(TestKeys.Default, logged.Id, logged.SeedKekId!, logged.SealedSeed!);
        Assert.Equal(published, await ReplayAsync(app, parameters, seed));
        Assert.DoesNotContain(seed, candidates);

        // The raw column is ciphertext: neither byte order of the seed appears in it, nor the seed in any text column.
        var (sealedSeed, parametersJson, method) = await RawAsync(db, release);
        var little = new byte[8];
        var big = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(little, seed);
        BinaryPrimitives.WriteUInt64BigEndian(big, seed);
        Assert.True(sealedSeed.Length > 8);
        Assert.Equal(-1, sealedSeed.AsSpan().IndexOf(little));
        Assert.Equal(-1, sealedSeed.AsSpan().IndexOf(big));
        var decimalSeed = seed.ToString(CultureInfo.InvariantCulture);
        Assert.DoesNotContain(decimalSeed, parametersJson, StringComparison.Ordinal);
        Assert.DoesNotContain(decimalSeed, method, StringComparison.Ordinal);
        Assert.DoesNotContain(decimalSeed, text, StringComparison.Ordinal);
        // Bound to its release: under another release id it does not open.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => ReleaseSecrets.OpenSeed(TestKeys.Default, Guid.NewGuid(), logged.SeedKekId!, logged.SealedSeed!));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fingerprint_CompletionsOfASuppressedTable_MatchNothingTheApiReturns(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await app.BearerClientAsync(analyst);

        var table = await client.GetStringAsync("/api/v1/statistics/tables?dimensions=sex", ct);
        var rows = Rows(JsonNode.Parse(table)!["rows"]!.AsArray());
        // 7 women and 3 men: the 3 is "<5", the 7 "x" (it would give the 3 away), the total 10.
        Assert.Contains("male,<5", rows);
        Assert.Contains("female,x", rows);
        Assert.Contains("Total,10", rows);
        var release = JsonNode.Parse(table)!["release"]!.GetValue<Guid>();
        var log = await client.GetStringAsync("/api/v1/statistics/releases", ct);
        var reproduce = await client.GetStringAsync($"/api/v1/statistics/releases/{release}/reproduce", ct);

        // The attack: every completion the margins allow (men 1..4, women = 10 - men ≥ 5), hashed as the input was.
        await using var db = app.NewContext();
        var counts = Disaggregation.Count((await CaseStatistics.LoadAsync(db, CodeListRegistry.Default, ct)).Records, ["sex"]);
        var sex = counts.Dimensions[0];
        var completions = new List<string>();
        for (var men = 1; men <= 4; men++)
        {
            var cells = (long[])counts.Cells.Clone();
            cells[sex.Labels.ToList().IndexOf("male")] = men;
            cells[sex.Labels.ToList().IndexOf("female")] = 10 - men;
            completions.Add(CaseTableProducer.Fingerprint(new CrossTable(counts.Dimensions, cells, counts.CountingRule)));
        }
        Assert.Contains(CaseTableProducer.Fingerprint(counts), completions);
        var returned = new[] { table, log, reproduce }.SelectMany(Strings).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(completions, returned.Contains);
        // Nothing in the log looks like a fingerprint at all.
        Assert.DoesNotContain(returned, s => Hex64().IsMatch(s));
        // What is stored is keyed: the true table's plain hash is not in the database either.
        var logged = await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == release, ct);
        Assert.DoesNotContain(logged.InputFingerprint, completions);
    }

    private static async Task<List<string>> ReplayAsync(TestApp app, JsonObject parameters, ulong seed)
    {
        var replay = (JsonObject)parameters.DeepClone();
        replay["seed"] = seed;
        await using var db = app.NewContext();
        var table = await new CaseTableProducer(db, CodeListRegistry.Default).ProduceAsync(replay, TestContext.Current.CancellationToken);
        return [.. table.Rows.Select(r => string.Join(",", r))];
    }

    private static List<string> Rows(JsonArray rows) => [.. rows.Select(r => string.Join(",", r!.AsArray().Select(c => c!.GetValue<string>())))];

    /// <summary>Every string value and property name in a JSON document.</summary>
    private static IEnumerable<string> Strings(string json)
    {
        var stack = new Stack<JsonElement>([JsonDocument.Parse(json).RootElement]);
        while (stack.TryPop(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        yield return property.Name;
                        stack.Push(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        stack.Push(item);
                    }
                    break;
                case JsonValueKind.String:
                    yield return element.GetString()!;
                    break;
            }
        }
    }

    private static async Task<(byte[] SealedSeed, string Parameters, string Method)> RawAsync(AppDbContext db, Guid release)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "SealedSeed", "ParametersJson", "Method" FROM "StatisticsReleases" """;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            if (Guid.Parse(reader.GetValue(0).ToString()!) == release)
            {
                return ((byte[])reader.GetValue(1), reader.GetString(2), reader.GetString(3));
            }
        }
        throw new InvalidOperationException($"Release {release} is not in the table.");
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Hex64();
}
