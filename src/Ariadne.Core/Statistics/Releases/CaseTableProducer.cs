using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// <c>cases-table</c>: a disaggregation of the case records with every subtotal, after disclosure control.
/// Parameters: <c>dimensions</c> (list, required; see <see cref="CaseStatistics.Dimensions"/>), <c>filters</c>
/// (object: dimension → list of values kept), <c>threshold</c> (default 5), <c>roundingBase</c>, <c>noise</c>
/// (none, laplace, gaussian), <c>epsilon</c>, <c>delta</c>, and <c>seed</c> (passed in by <see cref="ReleaseService"/>,
/// which keeps it secret). With noise, the release spends its ρ from the case records' budget.
/// <c>deduplicate</c> (true or false): count each person once (<see cref="CaseRecords.FirstCases"/>: the first case of
/// each person's cluster, issue 16) or every case; absent, each person once as soon as any person has a
/// <see cref="Cases.Person.ClusterKey"/>. The effective parameters always record the mode, so a reproduction repeats it.
/// Each person once, the release also says how many cases of the table's scope (its filters) were set aside as the same
/// person as another case (<see cref="ReleaseTable.SetAside"/>), protected like a cell (<see cref="ProtectSetAside"/>).
/// </summary>
public sealed class CaseTableProducer(AppDbContext db, CodeListRegistry codes) : IReleaseProducer
{
    public const string KindName = "cases-table";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var dimensions = ReleaseParameters.Strings(parameters, "dimensions");
        if (dimensions.Count == 0)
        {
            throw new ReleaseParameterException("dimensions", $"Name at least one dimension: {string.Join(", ", CaseStatistics.Dimensions)}.");
        }
        var unknown = dimensions.Where(d => !CaseStatistics.Dimensions.Contains(d, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ReleaseParameterException("dimensions", $"Unknown dimension(s) {string.Join(", ", unknown)}; use {string.Join(", ", CaseStatistics.Dimensions)}.");
        }
        var filters = ReadFilters(parameters);
        var options = ReadDisclosure(parameters);
        var deduplicate = ReadDeduplicate(parameters) ?? await PersonClusters.AnyAsync(db, cancellationToken);

        // A suppressed count stays suppressed against the earlier releases (noise protects a noisy table itself).
        var guarded = options.Noise == NoiseMechanism.None && options.Threshold > 1;
        IReadOnlyList<DifferencingGuard.Prior> prior = [];
        DateTime? cutoff = null;
        if (guarded)
        {
            (prior, cutoff) = await DifferencingGuard.LoadAsync(db, parameters, dimensions, filters, cancellationToken, deduplicate);
        }
        // One grouped read of the cases: the columns of the table, of its filters and of the earlier releases' filters;
        // ranked by person when this table or an earlier one counts each person once (the guard compares both ways).
        var columns = dimensions.Concat(filters.Select(f => f.Column)).Concat(prior.SelectMany(p => p.Filters.Select(f => f.Column)));
        var loaded = await CaseStatistics.LoadAsync(db, codes, columns, deduplicate || prior.Any(p => p.Deduplicate), cancellationToken);
        var records = loaded.For(deduplicate);
        var excluded = loaded.ExcludedByConsent;
        CrossTable counts;
        try
        {
            counts = Disaggregation.Count(records, dimensions, filters);
        }
        catch (ArgumentException e)
        {
            throw new ReleaseParameterException("dimensions", e.Message);
        }
        var differencing = guarded ? DifferencingGuard.CellsToProtect(loaded.For, deduplicate, counts, filters, options.Threshold, prior) : [];
        var published = DisclosureControl.Protect(counts, options, differencing);
        var rows = ReleaseTable.CellRows(published);
        var effective = new JsonObject
        {
            ["dimensions"] = new JsonArray([.. dimensions.Select(d => JsonValue.Create(d))]),
            ["filters"] = new JsonObject(filters.OrderBy(f => f.Column, StringComparer.Ordinal)
                .Select(f => KeyValuePair.Create(f.Column, (JsonNode?)new JsonArray([.. f.Values.Select(v => JsonValue.Create(v))])))),
        };
        effective["deduplicate"] = deduplicate;
        WriteDisclosure(effective, options);
        if (cutoff is { } before)
        {
            effective[DifferencingGuard.CutoffParameter] = before.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        string? setAside = null;
        var method = published.Method + " " + Consent.StatisticsConsent.Method(excluded);
        if (deduplicate)
        {
            // The cases of the table's scope (its filters) set aside as the same person as another case.
            var aside = Disaggregation.Count(loaded.SetAside!, [dimensions[0]], filters).GrandTotal;
            setAside = ProtectSetAside(aside, options);
            method += " " + DeduplicationMethod(setAside);
        }
        return new ReleaseTable([.. dimensions, "persons"], rows, method, effective, Fingerprint(counts))
        {
            PrivacyLoss = Loss(PrivacyDatasets.Cases, counts, options),
            ExcludedByConsent = excluded,
            Deduplicated = deduplicate,
            SetAside = setAside,
        };
    }

    /// <summary>The sentence for the method of a table that counts each person once.</summary>
    public static string DeduplicationMethod(string? setAside) =>
        "Each person counted once: a case counts only when it is the first (earliest identification date, then case id) of the cases recorded for the same person "
        + "(the same person record, a merge, or a linkage cluster); "
        + (setAside is null ? "the number of cases set aside is not published with noise." : $"{setAside} cases were set aside as the same person as another case.");

    /// <summary>
    /// The number of cases set aside as published: like a cell of the table, a count from 1 to threshold−1 as
    /// "&lt;threshold" and rounded to the rounding base; null (not published) with noise, whose budget covers only the
    /// table. Otherwise two releases (each person once, every case) could be told apart by a small number: their totals,
    /// which the differencing guard protects, and this figure.
    /// </summary>
    public static string? ProtectSetAside(long count, DisclosureOptions options)
    {
        if (options.Noise != NoiseMechanism.None)
        {
            return null;
        }
        if (options.Threshold > 1 && count > 0 && count < options.Threshold)
        {
            return "<" + options.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (options.RoundingBase is { } b and > 1)
        {
            count = (long)Math.Round(count / (double)b, MidpointRounding.AwayFromZero) * b;
        }
        return count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads <c>deduplicate</c> (true or false, as a JSON boolean or text); null when absent.</summary>
    public static bool? ReadDeduplicate(JsonObject parameters) => parameters["deduplicate"] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.TryGetValue<string>(out var text) && bool.TryParse(text, out var flag) => flag,
        _ => throw new ReleaseParameterException("deduplicate", "Parameter 'deduplicate' must be true or false."),
    };

    /// <summary>The privacy loss of the noise of <paramref name="options"/> on <paramref name="counts"/>; null without noise.</summary>
    public static PrivacyLoss? Loss(string dataset, CrossTable counts, DisclosureOptions options) =>
        options.Noise == NoiseMechanism.None ? null : new PrivacyLoss(dataset, PrivacyAccounting.Rho(counts, options));

    /// <summary>Reads <c>threshold</c>, <c>roundingBase</c>, <c>noise</c>, <c>epsilon</c>, <c>delta</c>, <c>seed</c>; draws a seed when noise is on without one (a producer called directly, in tests).</summary>
    public static DisclosureOptions ReadDisclosure(JsonObject parameters)
    {
        var threshold = ReleaseParameters.Int(parameters, "threshold") ?? 5;
        if (threshold < 0)
        {
            throw new ReleaseParameterException("threshold", "Parameter 'threshold' must be 0 (off) or more.");
        }
        var rounding = ReleaseParameters.Int(parameters, "roundingBase");
        if (rounding is < 1)
        {
            throw new ReleaseParameterException("roundingBase", "Parameter 'roundingBase' must be 1 or more.");
        }
        var noise = (ReleaseParameters.String(parameters, "noise") ?? "none").ToLowerInvariant() switch
        {
            "none" => NoiseMechanism.None,
            "laplace" => NoiseMechanism.Laplace,
            "gaussian" => NoiseMechanism.Gaussian,
            var other => throw new ReleaseParameterException("noise", $"Parameter 'noise' is '{other}'; use none, laplace or gaussian."),
        };
        var epsilon = ReleaseParameters.Double(parameters, "epsilon") ?? 1.0;
        if (!(epsilon > 0))
        {
            throw new ReleaseParameterException("epsilon", "Parameter 'epsilon' must be greater than 0.");
        }
        var delta = ReleaseParameters.Double(parameters, "delta") ?? 1e-6;
        if (!(delta is > 0 and < 1))
        {
            throw new ReleaseParameterException("delta", "Parameter 'delta' must lie between 0 and 1.");
        }
        var seed = ReleaseParameters.UnsignedLong(parameters, "seed")
            ?? (noise == NoiseMechanism.None ? 0UL : ReleaseSecrets.DrawSeed());
        return new DisclosureOptions { Threshold = threshold, RoundingBase = rounding, Noise = noise, Epsilon = epsilon, Delta = delta, Seed = seed };
    }

    /// <summary>Writes the effective disclosure parameters; the noise parameters only when noise is on.</summary>
    public static void WriteDisclosure(JsonObject parameters, DisclosureOptions options)
    {
        parameters["threshold"] = options.Threshold;
        if (options.RoundingBase is { } rounding)
        {
            parameters["roundingBase"] = rounding;
        }
        parameters["noise"] = options.Noise.ToString().ToLowerInvariant();
        if (options.Noise != NoiseMechanism.None)
        {
            parameters["epsilon"] = options.Epsilon;
            if (options.Noise == NoiseMechanism.Gaussian)
            {
                parameters["delta"] = options.Delta;
            }
            parameters["seed"] = options.Seed;
        }
    }

    private static List<PersonFilter> ReadFilters(JsonObject parameters)
    {
        if (parameters["filters"] is null)
        {
            return [];
        }
        if (parameters["filters"] is not JsonObject filters)
        {
            throw new ReleaseParameterException("filters", "Parameter 'filters' must be an object of dimension → list of values.");
        }
        var result = new List<PersonFilter>();
        foreach (var (column, _) in filters)
        {
            if (!CaseStatistics.Dimensions.Contains(column, StringComparer.Ordinal))
            {
                throw new ReleaseParameterException($"filters.{column}", $"Unknown filter dimension '{column}'; use {string.Join(", ", CaseStatistics.Dimensions)}.");
            }
            var values = ReleaseParameters.Strings(filters, column);
            if (values.Count > 0)
            {
                result.Add(new PersonFilter(column, values));
            }
        }
        return result;
    }

    /// <summary>The unprotected counts with their labels: the input disclosure control worked on.</summary>
    internal static string Fingerprint(CrossTable counts)
    {
        var text = new StringBuilder();
        foreach (var dimension in counts.Dimensions)
        {
            text.Append(dimension.Name).Append('\u001f').AppendJoin('\u001f', dimension.Labels).Append('\u001e');
        }
        text.AppendJoin(',', counts.Cells);
        return ReleaseTable.Sha256(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
