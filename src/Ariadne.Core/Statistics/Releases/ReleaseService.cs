using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>The result of re-running a logged release.</summary>
/// <param name="Release">The release as logged.</param>
/// <param name="Table">The table produced again.</param>
/// <param name="Identical">The (keyed) output fingerprint equals the logged one.</param>
/// <param name="InputChanged">The input fingerprint differs: the data changed since, so a different output is expected.</param>
public sealed record Reproduction(StatisticsRelease Release, ReleaseTable Table, bool Identical, bool InputChanged);

/// <summary>
/// The only way statistics leave Ariadne: every table, file and microdata set is produced here, logged with its
/// effective parameters and keyed fingerprints, audited, and can be reproduced exactly from the log.
/// </summary>
/// <remarks>
/// <para>Seeds: the service draws every seed from the cryptographic generator and passes it to the producer as the
/// parameter <c>seed</c>; a caller may not give one (the parameter is refused), except the CLI's local experiments
/// (<c>chosenSeed</c>), which are logged as not private. The seed is removed from the effective parameters and stored
/// only sealed (<see cref="ReleaseSecrets"/>), so that the noise cannot be replayed and subtracted.</para>
/// <para>Disclosure floor: a release whose effective <c>threshold</c> is below the administrator's minimum is refused
/// (<see cref="StatisticsSettings.MinimumThreshold"/>); a request without a threshold gets the floor when it is above
/// the producers' default of 5.</para>
/// <para>Budget: a release whose producer states a <see cref="ReleaseTable.PrivacyLoss"/> spends it through
/// <see cref="PrivacyBudget.SpendAsync"/> in the same transaction that logs it; repeating a logged release
/// (<see cref="ReproduceAsync"/>, <see cref="RepeatAsync"/>) spends nothing, since the same seed over the same input gives
/// the same figures.</para>
/// </remarks>
public sealed class ReleaseService(AppDbContext db, TimeProvider time, IAuditLog audit, IAuditContext context, IEnumerable<IReleaseProducer> producers,
    IKeyEncryptionKeyProvider keys, PrivacyBudget budget)
{
    /// <summary>The threshold producers use when none is given.</summary>
    public const int DefaultThreshold = 5;

    public IReadOnlyCollection<string> Kinds => [.. producers.Select(p => p.Kind).Order(StringComparer.Ordinal)];

    /// <summary>Produces a release of <paramref name="kind"/>, spends its privacy loss, logs it and audits it.</summary>
    /// <remarks>
    /// <c>chosenSeed</c>: a seed chosen by the local operator of the CLI, for experiments: the release is logged as not
    /// private (<see cref="StatisticsRelease.SeedChosen"/>) and spends nothing. Never from the web.
    /// </remarks>
    /// <exception cref="ReleaseParameterException">Unknown kind, a parameter is missing or invalid, <c>seed</c> was given, or the threshold is below the floor.</exception>
    /// <exception cref="PrivacyBudgetExhaustedException">The dataset's budget for the period is too small for this release.</exception>
    public async Task<(StatisticsRelease Release, ReleaseTable Table)> PublishAsync(string kind, JsonObject parameters, string format, CancellationToken cancellationToken, ulong? chosenSeed = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.ContainsKey("seed"))
        {
            throw new ReleaseParameterException("seed", "Parameter 'seed' is not accepted: the server draws the seed of the noise and keeps it secret, so that the noise cannot be subtracted.");
        }
        var settings = await budget.SettingsAsync(cancellationToken);
        var input = (JsonObject)parameters.DeepClone();
        if (!input.ContainsKey("threshold") && settings.MinimumThreshold > DefaultThreshold)
        {
            input["threshold"] = settings.MinimumThreshold;
        }
        var seed = chosenSeed ?? ReleaseSecrets.DrawSeed();
        input["seed"] = seed;
        var table = await Producer(kind).ProduceAsync(input, cancellationToken);
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var spend = chosenSeed is null ? table.PrivacyLoss : null;
        var release = await LogAsync(id, kind, table, format, settings, seed, chosenSeed is not null, repeatOf: null, spend, cancellationToken);
        return (release, table);
    }

    /// <summary>
    /// Delivers logged release <paramref name="id"/> again in <paramref name="format"/> as a release of its own: the same
    /// parameters and sealed seed, so the same figures; nothing is spent. Refused when the input changed since (the same
    /// noise over other data would give the difference away) or when the threshold is now below the floor. Null when there is no such release.
    /// </summary>
    /// <exception cref="ReleaseParameterException">The data changed since (parameter <c>release</c>) or the threshold is below the floor.</exception>
    public async Task<(StatisticsRelease Release, ReleaseTable Table)?> RepeatAsync(Guid id, string format, CancellationToken cancellationToken)
    {
        var reproduction = await ReproduceAsync(id, cancellationToken);
        if (reproduction is null)
        {
            return null;
        }
        if (reproduction.InputChanged || !reproduction.Identical)
        {
            throw new ReleaseParameterException("release", $"Release {id} cannot be delivered again: the data changed since it was published. Publish it anew.");
        }
        var logged = reproduction.Release;
        var seed = logged.SealedSeed is null ? (ulong?)null : ReleaseSecrets.OpenSeed(keys, logged.Id, logged.SeedKekId!, logged.SealedSeed);
        var settings = await budget.SettingsAsync(cancellationToken);
        var release = await LogAsync(Guid.CreateVersion7(time.GetUtcNow()), logged.Kind, reproduction.Table, format, settings, seed, logged.SeedChosen,
            repeatOf: logged.RepeatOf ?? logged.Id, spend: null, cancellationToken);
        return (release, reproduction.Table);
    }

    /// <summary>
    /// Delivers logged release <paramref name="id"/> again from <paramref name="table"/>, its output kept by the caller
    /// when it was published (a statistics page's pager shows another page of the same rows): logged and audited as a
    /// repeat like <see cref="RepeatAsync"/>, but without re-running the producer. Nothing new is disclosed: the rows are
    /// those already released, checked against the logged (keyed) output fingerprint, so a table that is not this
    /// release's output is refused. Null when there is no such release or the table does not match; then use
    /// <see cref="RepeatAsync"/>.
    /// </summary>
    /// <exception cref="ReleaseParameterException">The threshold is now below the administrator's floor.</exception>
    public async Task<(StatisticsRelease Release, ReleaseTable Table)?> DeliverAgainAsync(Guid id, ReleaseTable table, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var logged = await FindAsync(id, cancellationToken);
        if (logged is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OutputFingerprint(table)), Encoding.ASCII.GetBytes(logged.OutputFingerprint)))
        {
            return null;
        }
        var seed = logged.SealedSeed is null ? (ulong?)null : ReleaseSecrets.OpenSeed(keys, logged.Id, logged.SeedKekId!, logged.SealedSeed);
        var settings = await budget.SettingsAsync(cancellationToken);
        var release = await LogAsync(Guid.CreateVersion7(time.GetUtcNow()), logged.Kind, table, format, settings, seed, logged.SeedChosen,
            repeatOf: logged.RepeatOf ?? logged.Id, spend: null, cancellationToken);
        return (release, table);
    }

    /// <summary>Re-runs release <paramref name="id"/> with its logged parameters and sealed seed; null when there is no such release. Spends nothing.</summary>
    public async Task<Reproduction?> ReproduceAsync(Guid id, CancellationToken cancellationToken)
    {
        var release = await db.Set<StatisticsRelease>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (release is null)
        {
            return null;
        }
        var parameters = JsonNode.Parse(release.ParametersJson) as JsonObject
            ?? throw new InvalidDataException($"Release {id} has parameters that are not a JSON object.");
        if (release.SealedSeed is not null)
        {
            parameters["seed"] = ReleaseSecrets.OpenSeed(keys, release.Id, release.SeedKekId!, release.SealedSeed);
        }
        var table = await Producer(release.Kind).ProduceAsync(parameters, cancellationToken);
        return new Reproduction(release, table,
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OutputFingerprint(table)), Encoding.ASCII.GetBytes(release.OutputFingerprint)),
            InputFingerprint(table) != release.InputFingerprint);
    }

    /// <summary>The most recent releases first.</summary>
    public async Task<IReadOnlyList<StatisticsRelease>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await db.Set<StatisticsRelease>().AsNoTracking()
            .OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task<StatisticsRelease?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<StatisticsRelease>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    private async Task<StatisticsRelease> LogAsync(Guid id, string kind, ReleaseTable table, string format, StatisticsSettings settings, ulong? seed,
        bool seedChosen, Guid? repeatOf, PrivacyLoss? spend, CancellationToken cancellationToken)
    {
        var effective = (JsonObject)table.EffectiveParameters.DeepClone();
        var usedSeed = effective.Remove("seed");
        if (ReleaseParameters.IntOrNull(effective, "threshold") is { } threshold && threshold < settings.MinimumThreshold)
        {
            throw new ReleaseParameterException("threshold", string.Create(CultureInfo.InvariantCulture,
                $"Parameter 'threshold' is {threshold}; the administrator's minimum suppression threshold is {settings.MinimumThreshold}: counts from 1 to {settings.MinimumThreshold - 1} are always suppressed."));
        }
        var sealedSeed = usedSeed && seed is { } s ? ReleaseSecrets.SealSeed(keys, id, s) : null;
        var method = seedChosen && sealedSeed is not null
            ? "NOT PRIVATE: the noise seed was chosen by the operator (a local experiment), so the noise can be subtracted. " + table.Method
            : table.Method;
        var release = new StatisticsRelease
        {
            Id = id,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            Actor = context.Actor.Name,
            Kind = kind,
            ParametersJson = effective.ToJsonString(),
            Format = format,
            InputFingerprint = InputFingerprint(table),
            OutputFingerprint = OutputFingerprint(table),
            SeedKekId = sealedSeed?.KeyId,
            SealedSeed = sealedSeed?.Wrapped,
            SeedChosen = seedChosen && sealedSeed is not null,
            Rho = spend?.Rho ?? 0,
            RepeatOf = repeatOf,
            Rows = table.Rows.Count,
            Method = method,
        };
        await using (var transaction = await budget.LockAsync(cancellationToken))
        {
            if (spend is { Rho: > 0 })
            {
                await budget.SpendAsync(spend, id, "epsilon", cancellationToken);
            }
            db.Add(release);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.Entry(release).State = EntityState.Detached;
        foreach (var entry in db.ChangeTracker.Entries<PrivacyLedgerEntry>().ToList())
        {
            entry.State = EntityState.Detached;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.StatisticsRelease, AuditOutcomes.Success, "release", release.Id.ToString(),
            Details: new Dictionary<string, string>
            {
                ["kind"] = kind,
                ["format"] = format,
                ["rows"] = release.Rows.ToString(CultureInfo.InvariantCulture),
                ["rho"] = release.Rho.ToString("R", CultureInfo.InvariantCulture),
            }), cancellationToken);
        return release;
    }

    private string InputFingerprint(ReleaseTable table) => ReleaseSecrets.Fingerprint(keys, "input", table.InputSha256);

    private string OutputFingerprint(ReleaseTable table) => ReleaseSecrets.Fingerprint(keys, "output", table.Fingerprint());

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

    /// <summary>The value of <paramref name="name"/> when it is a whole number; null otherwise (absent or another type: the producer names that).</summary>
    public static int? IntOrNull(JsonObject parameters, string name) =>
        parameters[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

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
