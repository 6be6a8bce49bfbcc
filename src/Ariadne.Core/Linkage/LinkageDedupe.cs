using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Analytics.Linkage.Probabilistic;

namespace Ariadne.Core.Linkage;

/// <summary>A record to deduplicate: its id and its values in the order of <see cref="LinkageDedupe.Columns"/>.</summary>
public sealed record DedupeRecord(string Id, IReadOnlyList<string?> Values);

/// <summary>The outcome of a deduplication with the records' ids (index i of the result is record <c>Ids[i]</c>).</summary>
public sealed record DedupeOutcome(IReadOnlyList<string> Ids, DedupeResult Result);

/// <summary>
/// Probabilistic deduplication inside one database or file (an agency allowed to see identities), on the same schema
/// file as <c>linkage encode</c>. Records in, clusters and scored pairs out (<see cref="Run"/>), so that a review
/// screen or a merge of person records can call the same thing the CLI does; <see cref="RunFile"/> adds the CSV files:
/// <c>record_id,cluster_id</c>, optionally the scored pairs with each comparison's level and weight, and the model.
/// </summary>
public static class LinkageDedupe
{
    /// <summary>The columns a deduplication reads: the schema's fields (the blocking rules refer to them by position), then any other compared column.</summary>
    public static IReadOnlyList<string> Columns(LinkageSchema schema) =>
        [.. schema.Fields.Select(f => f.Name).Concat((schema.Comparisons ?? []).Select(c => c.Field)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The model's comparisons: the schema's, or else one per field. What the schema leaves open is inferred: a field
    /// encoded as a whole token is compared exactly; a column whose name contains "name" as a name (with
    /// term-frequency adjustment); one whose values are mostly (≥ 80 %) dates as a date; one whose values are mostly
    /// digits by edit distance; anything else as text.
    /// </summary>
    public static IReadOnlyList<FieldComparison> Comparisons(LinkageSchema schema, IReadOnlyList<DedupeRecord> records)
    {
        var columns = Columns(schema);
        var specs = schema.Comparisons is { Count: > 0 } stated ? stated
            : [.. schema.Fields.Take(FieldComparison.MaxComparisons).Select(f => new ComparisonSpec(f.Name, f.Kind == Analytics.Linkage.TokenKind.Whole ? ComparisonKind.Exact : null, null, null))];
        var result = new List<FieldComparison>();
        foreach (var spec in specs)
        {
            var column = columns.ToList().IndexOf(spec.Field);
            var kind = spec.Kind ?? Infer(spec.Field, records, column);
            result.Add(FieldComparison.Create(spec.Field, column, kind, spec.TermFrequency ?? kind == ComparisonKind.Name, spec.Thresholds));
        }
        return result;
    }

    private static ComparisonKind Infer(string field, IReadOnlyList<DedupeRecord> records, int column)
    {
        if (field.Contains("name", StringComparison.OrdinalIgnoreCase))
        {
            return ComparisonKind.Name;
        }
        var values = records.Select(r => NameNormaliser.Normalise(r.Values[column])).Where(v => v.Length > 0).Take(2_000).ToList();
        if (values.Count == 0)
        {
            return ComparisonKind.Text;
        }
        if (values.Count(v => Dates.DayNumber(v) != Dates.None) >= 0.8 * values.Count)
        {
            return ComparisonKind.Date;
        }
        return values.Count(v => v.All(char.IsAsciiDigit)) >= 0.8 * values.Count ? ComparisonKind.Distance : ComparisonKind.Text;
    }

    /// <summary>Deduplicates <paramref name="records"/> with the schema's comparisons and blocking rules.</summary>
    public static DedupeOutcome Run(IReadOnlyList<DedupeRecord> records, LinkageSchema schema, DedupeOptions options, IProgress<double>? progress = null)
    {
        var comparisons = Comparisons(schema, records);
        var rules = schema.Blocking.Count > 0 ? schema.Blocking : DefaultRules(schema, comparisons);
        var result = Deduplicator.Run([.. records.Select(r => r.Values)], comparisons, rules, options, Analytics.Linkage.LinkageProgress.FractionOnly(progress));
        return new DedupeOutcome([.. records.Select(r => r.Id)], result);
    }

    /// <summary>Without blocking rules in the schema: the same value of any field, or the same Soundex of a name field.</summary>
    private static List<Analytics.Linkage.BlockingRule> DefaultRules(LinkageSchema schema, IReadOnlyList<FieldComparison> comparisons) =>
    [
        .. schema.Fields.Select((f, i) => new Analytics.Linkage.BlockingRule([new(i, Analytics.Linkage.BlockTransform.Exact)])),
        .. schema.Fields.Select((f, i) => (f, i)).Where(x => comparisons.Any(c => c.Name == x.f.Name && c.Kind == ComparisonKind.Name))
            .Select(x => new Analytics.Linkage.BlockingRule([new(x.i, Analytics.Linkage.BlockTransform.Soundex)])),
    ];

    /// <summary>Reads the CSV, deduplicates it and writes the clusters (and the pairs and model when asked); nothing is written when the input is refused.</summary>
    public static DedupeOutcome RunFile(string input, LinkageSchema schema, DedupeOptions options, string clustersPath, string? pairsPath = null, string? modelPath = null,
        IProgress<double>? progress = null)
    {
        var records = LinkageFiles.ReadRecords(input, schema.Id, Columns(schema)).Select(r => new DedupeRecord(r.Id, r.Values)).ToList();
        var outcome = Run(records, schema, options, progress);
        WriteAtomically(clustersPath, writer => WriteClusters(outcome, writer));
        if (pairsPath is not null)
        {
            WriteAtomically(pairsPath, writer => WritePairs(outcome, writer));
        }
        if (modelPath is not null)
        {
            WriteAtomically(modelPath, writer => writer.Write(ModelJson(outcome.Result)));
        }
        return outcome;
    }

    /// <summary><c>record_id,cluster_id</c>, every record once in input order.</summary>
    public static void WriteClusters(DedupeOutcome outcome, TextWriter writer)
    {
        writer.Write("record_id,cluster_id\n");
        for (var i = 0; i < outcome.Ids.Count; i++)
        {
            writer.Write(LinkageFiles.Quote(outcome.Ids[i]) + "," + outcome.Result.ClusterOfRecord[i].ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }

    /// <summary>
    /// The scored pairs (probability ≥ the pairs floor): ids, probability, match weight, both clusters, then for each
    /// comparison its level and its weight (log2 m/u plus any term-frequency adjustment); the weights and the prior
    /// (in the model) add up to the match weight.
    /// </summary>
    public static void WritePairs(DedupeOutcome outcome, TextWriter writer)
    {
        var result = outcome.Result;
        var header = new StringBuilder("record_id_l,record_id_r,match_probability,match_weight,cluster_l,cluster_r");
        foreach (var c in result.Model.Comparisons)
        {
            header.Append(',').Append(c.Name).Append("_level,").Append(c.Name).Append("_weight");
        }
        writer.Write(header.Append('\n').ToString());
        var line = new StringBuilder();
        foreach (var pair in result.Pairs)
        {
            line.Clear();
            line.Append(LinkageFiles.Quote(outcome.Ids[pair.Left])).Append(',').Append(LinkageFiles.Quote(outcome.Ids[pair.Right])).Append(',')
                .Append(Number(pair.Probability, "G6")).Append(',').Append(Number(pair.MatchWeight, "F3")).Append(',')
                .Append(result.ClusterOfRecord[pair.Left].ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(result.ClusterOfRecord[pair.Right].ToString(CultureInfo.InvariantCulture));
            foreach (var part in result.Explain(pair).Skip(1))
            {
                line.Append(',').Append(part.Level).Append(',').Append(Number(part.Weight + part.TermFrequencyWeight, "F3"));
            }
            writer.Write(line.Append('\n').ToString());
        }
    }

    /// <summary>The model as JSON: λ, the prior weight, EM's iterations, and m, u and weight per comparison level.</summary>
    public static string ModelJson(DedupeResult result)
    {
        var model = result.Model;
        var document = new
        {
            lambda = model.Lambda,
            priorWeight = model.PriorWeight,
            emIterations = result.Training.Iterations,
            emConverged = result.Training.Converged,
            comparedPairs = result.ComparedPairs,
            comparisons = model.Comparisons.Select((c, k) => new
            {
                field = c.Name,
                type = c.Kind.ToString().ToLowerInvariant(),
                termFrequency = c.TermFrequency,
                levels = c.Levels.Select((l, i) => (l, i)).Skip(1).Select(x => new { level = x.l.Label, m = model.M[k][x.i], u = model.U[k][x.i], weight = model.LevelWeight(k, x.i) }),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The model as a text table for the console: per comparison and level, m, u and the weight log2(m/u).</summary>
    public static string Describe(DedupeResult result)
    {
        var model = result.Model;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"λ = {model.Lambda:G4} (prior weight {model.PriorWeight:F2}); EM {result.Training.Iterations} iteration(s){(result.Training.Converged ? "" : ", not converged")}\n");
        for (var k = 0; k < model.Comparisons.Count; k++)
        {
            var c = model.Comparisons[k];
            text.Append(CultureInfo.InvariantCulture, $"{c.Name} ({c.Kind.ToString().ToLowerInvariant()}{(c.TermFrequency ? ", term frequency" : "")})\n");
            for (var l = 1; l < c.Levels.Count; l++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {c.Levels[l].Label,-20} m {model.M[k][l],9:F5}  u {model.U[k][l],9:F6}  weight {model.LevelWeight(k, l),7:F2}\n");
            }
        }
        return text.ToString();
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, Action<TextWriter> write)
    {
        var temporary = path + ".partial";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
        {
            write(writer);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
