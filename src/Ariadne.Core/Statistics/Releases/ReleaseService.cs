using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>The result of re-running a logged release.</summary>
/// <param name="Release">The release as logged.</param>
/// <param name="Table">The table produced again.</param>
/// <param name="Identical">The output fingerprint equals the logged one.</param>
/// <param name="InputChanged">The input fingerprint differs: the data changed since, so a different output is expected.</param>
public sealed record Reproduction(StatisticsRelease Release, ReleaseTable Table, bool Identical, bool InputChanged);

/// <summary>
/// The only way statistics leave Ariadne: every table, file and microdata set is produced here, logged with its
/// effective parameters and fingerprints, audited, and can be reproduced exactly from the log.
/// </summary>
public sealed class ReleaseService(AppDbContext db, TimeProvider time, IAuditLog audit, IAuditContext context, IEnumerable<IReleaseProducer> producers)
{
    public IReadOnlyCollection<string> Kinds => [.. producers.Select(p => p.Kind).Order(StringComparer.Ordinal)];

    /// <summary>Produces a release of <paramref name="kind"/>, logs it and audits it.</summary>
    /// <exception cref="ReleaseParameterException">Unknown kind, or a parameter is missing or invalid.</exception>
    public async Task<(StatisticsRelease Release, ReleaseTable Table)> PublishAsync(string kind, JsonObject parameters, string format, CancellationToken cancellationToken)
    {
        var table = await Producer(kind).ProduceAsync(parameters, cancellationToken);
        var release = new StatisticsRelease
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            Actor = context.Actor.Name,
            Kind = kind,
            ParametersJson = table.EffectiveParameters.ToJsonString(),
            Format = format,
            InputSha256 = table.InputSha256,
            OutputSha256 = table.Fingerprint(),
            Rows = table.Rows.Count,
            Method = table.Method,
        };
        db.Add(release);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(release).State = EntityState.Detached;
        await audit.AppendAsync(new AuditRecord(AuditActions.StatisticsRelease, AuditOutcomes.Success, "release", release.Id.ToString(),
            Details: new Dictionary<string, string>
            {
                ["kind"] = kind,
                ["format"] = format,
                ["rows"] = release.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["output"] = release.OutputSha256,
            }), cancellationToken);
        return (release, table);
    }

    /// <summary>Re-runs release <paramref name="id"/> with its logged parameters; null when there is no such release.</summary>
    public async Task<Reproduction?> ReproduceAsync(Guid id, CancellationToken cancellationToken)
    {
        var release = await db.Set<StatisticsRelease>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (release is null)
        {
            return null;
        }
        var parameters = JsonNode.Parse(release.ParametersJson) as JsonObject
            ?? throw new InvalidDataException($"Release {id} has parameters that are not a JSON object.");
        var table = await Producer(release.Kind).ProduceAsync(parameters, cancellationToken);
        return new Reproduction(release, table, table.Fingerprint() == release.OutputSha256, table.InputSha256 != release.InputSha256);
    }

    /// <summary>The most recent releases first.</summary>
    public async Task<IReadOnlyList<StatisticsRelease>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await db.Set<StatisticsRelease>().AsNoTracking()
            .OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task<StatisticsRelease?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<StatisticsRelease>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    private IReleaseProducer Producer(string kind) =>
        producers.FirstOrDefault(p => p.Kind == kind)
        ?? throw new ReleaseParameterException("kind", $"Unknown release kind '{kind}'; use one of {string.Join(", ", Kinds)}.");
}

/// <summary>Reads typed parameters from a release's JSON, naming the parameter in every error.</summary>
public static class ReleaseParameters
{
    public static string? String(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new ReleaseParameterException(name, $"Parameter '{name}' must be a string."),
    };

    public static int? Int(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) => number,
        _ => throw new ReleaseParameterException(name, $"Parameter '{name}' must be a whole number."),
    };

    public static double? Double(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) => number,
        _ => throw new ReleaseParameterException(name, $"Parameter '{name}' must be a number."),
    };

    public static ulong? UnsignedLong(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<ulong>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && ulong.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ReleaseParameterException(name, $"Parameter '{name}' must be a non-negative whole number."),
    };

    public static IReadOnlyList<string> Strings(JsonObject parameters, string name) => parameters[name] switch
    {
        null => [],
        JsonArray array => [.. array.Select((item, i) => item is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new ReleaseParameterException(name, $"Parameter '{name}' item {i + 1} must be a string."))],
        _ => throw new ReleaseParameterException(name, $"Parameter '{name}' must be a list of strings."),
    };
}
