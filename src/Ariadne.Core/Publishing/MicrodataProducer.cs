using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Anonymisation;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Core.Publishing;

/// <summary>
/// Case microdata released the CTDC way: one row per case in a fixed layout, k-anonymised over the quasi-identifiers
/// by the optimal full-domain generalisation (<see cref="KAnonymity"/>), optionally distinct ℓ-diverse over a
/// sensitive column; records in classes that still fail are suppressed, i.e. left out of the release.
/// Parameters: <c>k</c> (default 11), <c>quasiIdentifiers</c> (list; default per layout), <c>maxSuppression</c>
/// (share of records, default 0.1), <c>l</c> (default 1 = off) and <c>sensitive</c> (column, required when l &gt; 1).
/// </summary>
public abstract class MicrodataProducer(AppDbContext db, CodeListRegistry codes) : IReleaseProducer
{
    public const int DefaultK = 11;

    public const double DefaultMaxSuppression = 0.1;

    public abstract string Kind { get; }

    /// <summary>The released columns, in order.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The quasi-identifiers used when none are named.</summary>
    public abstract IReadOnlyList<string> DefaultQuasiIdentifiers { get; }

    /// <summary>The columns that may be named as quasi-identifiers, with the shape of their hierarchy.</summary>
    protected abstract IReadOnlyDictionary<string, MicrodataHierarchies.Shape> QuasiIdentifierShapes { get; }

    protected abstract string[] ToRow(CtdcCase c, CodeListRegistry codes);

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var k = ReleaseParameters.Int(parameters, "k") ?? DefaultK;
        if (k < 2)
        {
            throw new ReleaseParameterException("k", "Parameter 'k' must be 2 or more.");
        }
        var l = ReleaseParameters.Int(parameters, "l") ?? 1;
        if (l < 1)
        {
            throw new ReleaseParameterException("l", "Parameter 'l' must be 1 (off) or more.");
        }
        var maxSuppression = ReleaseParameters.Double(parameters, "maxSuppression") ?? DefaultMaxSuppression;
        if (maxSuppression is < 0 or > 1)
        {
            throw new ReleaseParameterException("maxSuppression", "Parameter 'maxSuppression' is a share between 0 and 1.");
        }
        var quasi = ReleaseParameters.Strings(parameters, "quasiIdentifiers");
        if (quasi.Count == 0)
        {
            quasi = DefaultQuasiIdentifiers;
        }
        var unknown = quasi.Where(q => !QuasiIdentifierShapes.ContainsKey(q)).ToList();
        if (unknown.Count > 0)
        {
            throw new ReleaseParameterException("quasiIdentifiers",
                $"Unknown quasi-identifier(s) {string.Join(", ", unknown)}; use {string.Join(", ", QuasiIdentifierShapes.Keys)}.");
        }
        if (quasi.Distinct(StringComparer.Ordinal).Count() != quasi.Count)
        {
            throw new ReleaseParameterException("quasiIdentifiers", "Parameter 'quasiIdentifiers' names a column twice.");
        }
        var sensitive = ReleaseParameters.String(parameters, "sensitive");
        if (l > 1 && (sensitive is null || !Columns.Contains(sensitive, StringComparer.Ordinal)))
        {
            throw new ReleaseParameterException("sensitive", $"ℓ-diversity (l = {l}) needs parameter 'sensitive' naming one of the columns: {string.Join(", ", Columns)}.");
        }
        if (l > 1 && quasi.Contains(sensitive!, StringComparer.Ordinal))
        {
            throw new ReleaseParameterException("sensitive", $"The sensitive column '{sensitive}' cannot also be a quasi-identifier.");
        }

        var (cases, excluded) = await CtdcCase.LoadAsync(db, cancellationToken);
        var rows = cases.Select(c => ToRow(c, codes)).ToList();
        var hierarchies = quasi.ToDictionary(q => q, q =>
        {
            var column = IndexOf(q);
            return MicrodataHierarchies.Build(QuasiIdentifierShapes[q], rows.Select(r => r[column]), codes);
        }, StringComparer.Ordinal);
        AnonymisationResult result;
        try
        {
            result = rows.Count == 0
                ? new AnonymisationResult(quasi, [.. quasi.Select(_ => 0)], [], 0, 0, 1, 0)
                : KAnonymity.Anonymise(Columns, rows, hierarchies, new KAnonymityOptions
                {
                    K = k,
                    MaxSuppression = maxSuppression,
                    L = l,
                    SensitiveColumn = l > 1 ? sensitive : null,
                });
        }
        catch (InvalidOperationException e)
        {
            throw new ReleaseParameterException("k", $"{e.Message} Name fewer quasi-identifiers, a smaller k or l, or allow more suppression (maxSuppression).");
        }
        var quasiIndex = quasi.Select(IndexOf).ToArray();
        var released = result.Rows.Where(r => !quasiIndex.All(i => r[i] == MicrodataHierarchies.Suppressed)).ToList();

        var effective = new JsonObject
        {
            ["k"] = k,
            ["quasiIdentifiers"] = new JsonArray([.. quasi.Select(q => JsonValue.Create(q))]),
            ["maxSuppression"] = maxSuppression,
            ["l"] = l,
        };
        if (l > 1)
        {
            effective["sensitive"] = sensitive;
        }
        var levels = string.Join(", ", result.QuasiIdentifiers.Zip(result.Levels, (q, level) =>
            string.Create(CultureInfo.InvariantCulture, $"{q} level {level} of {hierarchies[q].Height - 1}")));
        var method = string.Create(CultureInfo.InvariantCulture,
            $"{k}-anonymity{(l > 1 ? $" and distinct {l}-diversity of {sensitive}" : "")} over {string.Join(", ", quasi)} " +
            $"by full-domain generalisation ({levels}; year → 5-year period, ageBroad → Minor/Adult, country → subregion → region, " +
            $"other → *); {result.SuppressedRecords} of {rows.Count} records suppressed (left out); information loss " +
            $"{result.InformationLoss:F4} ({KAnonymity.MetricDescription}) Missing values: -99 or empty, as in the CTDC layouts.")
            + " " + Consent.StatisticsConsent.Method(excluded);
        return new ReleaseTable(Columns, released, method, effective, Fingerprint(rows))
        {
            ExcludedByConsent = excluded,
            Microdata = new MicrodataSummary(k, l, result.SuppressedRecords, rows.Count, result.InformationLoss, result.Levels),
        };
    }

    private int IndexOf(string column) => Columns.ToList().IndexOf(column);

    private static string Fingerprint(List<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin('\u001f', row).Append('\u001e');
        }
        return ReleaseTable.Sha256(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
