using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// <c>followup-indicator</c>: one query of <see cref="IndicatorQueries"/> over one period, as a statistics release (logged,
/// audited, reproducible, under the administrator's suppression floor). Parameters: <c>query</c>, <c>from</c> and
/// <c>to</c> (yyyy-MM-dd, both days included), <c>dimensions</c> (of the query), the query's own integers (e.g.
/// <c>days</c>) and <c>threshold</c> (default 5). Rows: <c>cell</c> ("Total" or "dimension=label;…"), <c>value</c> (the
/// figure, a suppression mark, or "not available") and <c>base</c> (the protected count the figure rests on).
/// </summary>
/// <remarks>
/// Everything is counted in the database (the grouped case read of <see cref="CaseStatistics"/> with a period window,
/// or <c>GROUP BY</c>/<c>COUNT</c> through EF Core); only the per-decision dates of the median are read, one row per
/// decision. Counts are protected by <see cref="DisclosureControl.Protect"/> (small cells "&lt;t", complementary cells
/// "x"); a rate, median or share is shown only from a group of at least the threshold, otherwise it carries the group's
/// mark; a rate is computed only from a published count (the population is public). No noise: indicator values are
/// suppressed, not perturbed, so they spend no privacy budget.
/// </remarks>
public sealed class IndicatorQueryProducer(AppDbContext db, CodeListRegistry codes, IConfiguration configuration, Jurisdictions jurisdictions, IndicatorLoadCache plan)
    : IReleaseProducer
{
    public const string KindName = "followup-indicator";

    public const string NotAvailable = "not available";

    public static readonly IReadOnlyList<string> Columns = ["cell", "value", "base"];

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var name = ReleaseParameters.String(parameters, "query");
        var from = Day(parameters, "from");
        var to = Day(parameters, "to");
        if (Analytics.FollowUp.IndicatorProgress.CheckPeriod(from, to) is { } periodError)
        {
            throw new ReleaseParameterException("to", $"Parameter 'to': {periodError}.");
        }
        var dimensions = ReleaseParameters.Strings(parameters, "dimensions");
        var given = IndicatorQueries.Find(name)?.Parameters
            .Where(p => parameters.ContainsKey(p.Name))
            .ToDictionary(p => p.Name, p => ReleaseParameters.Int(parameters, p.Name)!.Value);
        var errors = new List<Common.FieldError>();
        var own = IndicatorQueries.Check(name, dimensions, given, errors);
        if (errors.Count > 0)
        {
            throw new ReleaseParameterException(errors[0].Field == "Query" ? "query" : errors[0].Field == "Dimensions" ? "dimensions" : errors[0].Arguments.FirstOrDefault()?.ToString() ?? "query", errors[0].Message);
        }
        var threshold = ReleaseParameters.Int(parameters, "threshold") ?? ReleaseService.DefaultThreshold;
        if (threshold < 0)
        {
            throw new ReleaseParameterException("threshold", "Parameter 'threshold' must be 0 (off) or more.");
        }
        var options = new DisclosureOptions { Threshold = threshold };
        var query = IndicatorQueries.Find(name)!;
        var result = query.Name switch
        {
            IndicatorQueries.PersonsIdentified => await PersonsAsync(dimensions, from, to, options, rate: false, cancellationToken),
            IndicatorQueries.Sdg1622Rate => await PersonsAsync(dimensions, from, to, options, rate: true, cancellationToken),
            IndicatorQueries.MedianWorkingDaysToReasonableGrounds => await MedianAsync(from, to, options, cancellationToken),
            IndicatorQueries.AssistedWithinDays => await AssistedAsync(from, to, (int)own["days"]!, options, cancellationToken),
            IndicatorQueries.SurvivorFeedbackShare => await FeedbackShareAsync(from, to, (int)own["question"]!, (int)own["answer"]!, options, cancellationToken),
            IndicatorQueries.CasesWithAssetsRestrained => await AssetCasesAsync(dimensions, from, to, options, cancellationToken),
            IndicatorQueries.ValueConfiscated => await AssetValueAsync(AssetStatus.Confiscated, from, to, options, cancellationToken),
            IndicatorQueries.ValueReturnedToVictims => await AssetValueAsync(AssetStatus.ReturnedToVictim, from, to, options, cancellationToken),
            _ => await CountAsync(query.Name, from, to, options, cancellationToken),
        };
        var effective = new JsonObject
        {
            ["query"] = query.Name,
            ["from"] = Iso(from),
            ["to"] = Iso(to),
            ["dimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["threshold"] = threshold,
        };
        foreach (var (key, value) in own)
        {
            effective[key] = value?.DeepClone();
        }
        var method = $"{query.Description} Period {Iso(from)} to {Iso(to)}. " + result.Method + " " + StatisticsConsent.Method(result.Excluded);
        var input = ReleaseTable.Sha256(Encoding.UTF8.GetBytes(result.Input));
        return new ReleaseTable([.. Columns], result.Rows, method, effective, input) { ExcludedByConsent = result.Excluded };
    }

    /// <summary>What a query gives: the released rows, the method's sentence, the unprotected input (for the fingerprint) and the consent exclusions.</summary>
    private sealed record Computed(List<string[]> Rows, string Method, string Input, int Excluded);

    private async Task<Computed> PersonsAsync(IReadOnlyList<string> dimensions, DateOnly from, DateOnly to, DisclosureOptions options, bool rate, CancellationToken cancellationToken)
    {
        // Without a dimension one column is still read (a record set needs one); its groups are summed. Within a plan
        // computation the plan's one read of the period (over more dimensions) is counted instead: the same groups, summed.
        IReadOnlyList<string> columns = dimensions.Count == 0 ? ["sex"] : dimensions;
        var loaded = plan.Find(from, to, columns)
            ?? await CaseStatistics.LoadAsync(db, codes, columns, byPerson: true, cancellationToken, new CaseWindow(from, to, PresumedOnly: true));
        var records = loaded.For(deduplicate: true);
        var counts = dimensions.Count == 0
            ? new CrossTable([], [records.Weights?.Sum() ?? records.Count], "persons")
            : Disaggregation.Count(records, dimensions);
        var published = DisclosureControl.Protect(counts, options);
        long? population = null;
        var country = configuration["Statistics:Country"];
        if (rate && !string.IsNullOrWhiteSpace(country))
        {
            population = PopulationTable.Default.Find(country.Trim().ToUpperInvariant(), to.Year);
        }
        var rows = new List<string[]>(published.Values.Count);
        for (var i = 0; i < published.Values.Count; i++)
        {
            var cell = Cell(published, i);
            var count = published.Display(i);
            if (!rate)
            {
                rows.Add([cell, count, count]);
                continue;
            }
            var value = published.Status[i] != CellStatus.Shown ? count
                : Sdg1622.Rate(published.Values[i]!.Value, population) is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : NotAvailable;
            rows.Add([cell, value, count]);
        }
        var method = published.Method + (rate
            ? population is { } p
                ? string.Create(CultureInfo.InvariantCulture, $" Rate per 100,000 of the population of {country!.Trim().ToUpperInvariant()} in {to.Year} ({p}, World Bank SP.POP.TOTL shipped with Ariadne), from the published counts; a suppressed count has its rate suppressed too.")
                : " Rate not available: " + (string.IsNullOrWhiteSpace(country) ? "the installation's country (setting Statistics:Country) is not set." : $"no population of {country.Trim().ToUpperInvariant()} for {to.Year} is shipped.")
            : "");
        return new Computed(rows, method, string.Join(',', counts.Cells), loaded.ExcludedByConsent);
    }

    private async Task<Computed> MedianAsync(DateOnly from, DateOnly to, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var days = await plan.OnceAsync($"median-days:{Iso(from)}:{Iso(to)}", () => DecisionDaysAsync(from, to, cancellationToken));
        var n = Scalar(days.Count, options);
        string value = days.Count == 0 ? NotAvailable
            : n.Status[0] != CellStatus.Shown ? n.Display(0)
            : Median(days).ToString("0.0", CultureInfo.InvariantCulture);
        return new Computed([["Total", value, n.Display(0)]],
            n.Method + " Working days: the days after the referral up to the decision that are not weekend days or public holidays of the case's jurisdiction; the median is shown only over at least the threshold of decisions.",
            string.Join(',', days), await ExcludedAsync(cancellationToken));
    }

    /// <summary>
    /// The working days from referral to the first reasonable-grounds decision of each decision made in the period, in
    /// order. One hand-written statement (the events grouped per case from their index, the consent rule as a sub-query):
    /// EF Core's form of the same grouping took three times as long over 400,000 events.
    /// </summary>
    private async Task<List<int>> DecisionDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (start, end) = Instants(from, to);
        const string Sql = "SELECT n.\"Jurisdiction\", t.referred, t.decided FROM (SELECT e.\"CaseId\", "
            + "MIN(CASE WHEN e.\"Transition\" = 'refer' THEN e.\"AtUtc\" END) AS referred, MIN(CASE WHEN e.\"Transition\" <> 'refer' THEN e.\"AtUtc\" END) AS decided "
            + "FROM \"NrmEvents\" e WHERE e.\"Transition\" IN ('refer', 'rg-positive', 'rg-negative') GROUP BY e.\"CaseId\") t "
            + "JOIN \"NrmCases\" n ON n.\"CaseId\" = t.\"CaseId\" "
            + "WHERE t.referred IS NOT NULL AND t.decided >= @start AND t.decided < @end AND t.\"CaseId\" NOT IN (" + StatisticsConsent.RefusedCaseIdsSql + ")";
        var days = new List<int>();
        await ReadAsync(Sql, [("purpose", nameof(ConsentPurpose.Statistics)), ("start", start), ("end", end)], reader =>
        {
            var calendar = jurisdictions.For(reader.GetString(0)).Definition.Calendar;
            days.Add(calendar.WorkingDaysBetween(calendar.LocalDate(Utc(reader.GetDateTime(1))), calendar.LocalDate(Utc(reader.GetDateTime(2)))));
        }, cancellationToken);
        days.Sort();
        return days;
    }

    private async Task<Computed> AssistedAsync(DateOnly from, DateOnly to, int days, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var (total, delays) = await plan.OnceAsync($"assisted:{Iso(from)}:{Iso(to)}", () => DelaysAsync(from, to, cancellationToken));
        return Share(total, delays.Count(d => d <= days), options,
            string.Create(CultureInfo.InvariantCulture, $" Share of the presumed victims identified in the period with a delivered service started from 0 to {days} days after identification; shown only when the persons within and beyond are each none or at least the threshold."),
            await ExcludedAsync(cancellationToken));
    }

    /// <summary>
    /// Survivor feedback: of the released answers to <paramref name="question"/> given in the months from
    /// <paramref name="from"/> to <paramref name="to"/>, the share giving the answer at position <paramref name="answer"/>.
    /// The answers are not about a case, so no consent exclusion applies (answering was the consent).
    /// </summary>
    private async Task<Computed> FeedbackShareAsync(DateOnly from, DateOnly to, int question, int answer, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var instrument = SurvivorFeedbackInstrument.Current;
        var value = instrument.Question(question)!.Options[answer - 1].Value;
        var (first, last) = (SurvivorFeedbackService.Month(from.ToDateTime(TimeOnly.MinValue)), SurvivorFeedbackService.Month(to.ToDateTime(TimeOnly.MinValue)));
        var groups = await db.Set<FeedbackAnswer>().AsNoTracking()
            .Where(a => a.Released && a.Instrument == instrument.Code && a.InstrumentVersion == instrument.Version && a.Question == question
                && string.Compare(a.Period, first) >= 0 && string.Compare(a.Period, last) <= 0)
            .GroupBy(a => a.Answer == value)
            .Select(g => new { Given = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return Share(groups.Sum(g => g.Count), groups.Where(g => g.Given).Sum(g => g.Count), options,
            $" Share of the answers to question {question} of {instrument.Code} (version {instrument.Version}) given in the months {first} to {last} that are '{value}'; shown only when those giving it and the others are each none or at least the threshold.",
            0);
    }

    /// <summary>The statuses of <see cref="IndicatorQueries.CasesWithAssetsRestrained"/>, from the least to the furthest along the ledger's main path.</summary>
    private static readonly AssetStatus[] Restraints = [AssetStatus.Frozen, AssetStatus.Seized, AssetStatus.Confiscated];

    /// <summary>
    /// Cases with an asset frozen, seized or confiscated in the period (a step to that status dated in the period), each
    /// case once, at the furthest of these statuses it reached in the period — so the categories add up to the total and
    /// are protected like any other count table. Only the distinct (case, status) pairs are read.
    /// </summary>
    private async Task<Computed> AssetCasesAsync(IReadOnlyList<string> dimensions, DateOnly from, DateOnly to, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var refused = Refused();
        var reached = await db.Set<CaseAssetStep>().AsNoTracking()
            .Where(s => s.On >= from && s.On <= to && (s.Status == AssetStatus.Frozen || s.Status == AssetStatus.Seized || s.Status == AssetStatus.Confiscated))
            .Join(db.Set<CaseAsset>(), s => s.AssetId, a => a.Id, (s, a) => new { a.CaseId, s.Status })
            .Where(x => !refused.Contains(x.CaseId))
            .Distinct()
            .ToListAsync(cancellationToken);
        var furthest = reached.GroupBy(x => x.CaseId).Select(g => g.Max(x => Array.IndexOf(Restraints, x.Status))).ToList();
        var byStatus = Restraints.Select((_, i) => (long)furthest.Count(f => f == i)).ToList();
        var counts = dimensions.Contains(IndicatorQueries.AssetStatusDimension, StringComparer.Ordinal)
            ? new CrossTable([new TableDimension(IndicatorQueries.AssetStatusDimension, [.. Restraints.Select(AssetStatusLabel)], IsMultiValued: false)],
                [.. byStatus, furthest.Count], "cases")
            : new CrossTable([], [furthest.Count], "cases");
        var published = DisclosureControl.Protect(counts, options);
        var rows = Enumerable.Range(0, published.Values.Count).Select(i => new[] { Cell(published, i), published.Display(i), published.Display(i) }).ToList();
        return new Computed(rows, published.Method + " Each case is counted once, at the furthest of frozen, seized and confiscated that a step of its asset ledger reached in the period.",
            string.Join(',', counts.Cells), await ExcludedAsync(cancellationToken));
    }

    /// <summary>
    /// The estimated value of the entries that a step dated in the period moved to <paramref name="status"/> (confiscated,
    /// or returned to the victim), summed per currency in memory (SQLite cannot sum a decimal column). A currency's sum is shown only when the number of cases behind it passes the small-count rule
    /// (its <c>base</c>, protected as a count of one cell); otherwise the value carries that count's mark. There is no total
    /// over currencies, so no complementary suppression is needed between them.
    /// </summary>
    private async Task<Computed> AssetValueAsync(AssetStatus status, DateOnly from, DateOnly to, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var refused = Refused();
        var reached = await db.Set<CaseAssetStep>().AsNoTracking()
            .Where(s => s.Status == status && s.On >= from && s.On <= to)
            .Join(db.Set<CaseAsset>(), s => s.AssetId, a => a.Id, (s, a) => new { a.Id, a.CaseId, a.Currency, a.EstimatedValue })
            .Where(x => !refused.Contains(x.CaseId))
            .ToListAsync(cancellationToken);
        var perCurrency = reached.DistinctBy(x => x.Id).GroupBy(x => x.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Currency: g.Key, Sum: g.Sum(x => x.EstimatedValue), Cases: g.Select(x => x.CaseId).Distinct().Count())).ToList();
        var rows = new List<string[]>();
        foreach (var (currency, sum, cases) in perCurrency)
        {
            var n = Scalar(cases, options);
            rows.Add([$"{IndicatorQueries.CurrencyDimension}={currency}", n.Status[0] == CellStatus.Shown ? sum.ToString("0.00", CultureInfo.InvariantCulture) : n.Display(0), n.Display(0)]);
        }
        if (rows.Count == 0)
        {
            rows.Add([CrossTable.TotalLabel, "0.00", "0"]);
        }
        var method = Scalar(0, options).Method + $" Value: the estimated value recorded in the asset ledger of each entry with a {(status == AssetStatus.Confiscated ? "confiscation" : "return to the victim")} step dated in the period, summed per currency (never across currencies, no exchange rate); base: the cases behind the sum. A sum is shown only when its cases are none or at least the threshold; no dominance rule is applied, so one large entry among several may dominate a sum.";
        return new Computed(rows, method, string.Join(',', perCurrency.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Currency}:{p.Sum}:{p.Cases}"))),
            await ExcludedAsync(cancellationToken));
    }

    /// <summary>The released label of a status: its name in lower case (frozen, seized, confiscated).</summary>
    private static string AssetStatusLabel(AssetStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A share of <paramref name="within"/> in <paramref name="total"/>, published only when safe.</summary>
    private static Computed Share(int total, int within, DisclosureOptions options, string description, int excluded)
    {
        var n = Scalar(total, options);
        var t = options.Threshold;
        // The share and the published total would give the number within back: both parts must be 0 or at least the threshold.
        var safe = t <= 1 || ((within == 0 || within >= t) && (total - within == 0 || total - within >= t));
        var value = total == 0 ? NotAvailable
            : n.Status[0] != CellStatus.Shown ? n.Display(0)
            : safe ? ((double)within / total).ToString("0.000", CultureInfo.InvariantCulture)
            : "<" + t.ToString(CultureInfo.InvariantCulture);
        return new Computed([["Total", value, n.Display(0)]], n.Method + description, $"{total},{within}", excluded);
    }

    /// <summary>
    /// The presumed victims identified in the period who may be counted, and for those with a delivered service started
    /// on or after their identification day the days to the first one. Only the delivery rows of those cases are
    /// read, so one read answers every number of days.
    /// </summary>
    private async Task<(int Total, List<int> Delays)> DelaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var refused = Refused();
        var total = await db.Cases.AsNoTracking()
            .CountAsync(c => c.IdentificationDate >= from && c.IdentificationDate <= to && c.TraffickingStatus != "not-a-victim" && !refused.Contains(c.Id), cancellationToken);
        // One hand-written statement: each case's first delivery on or after its identification day (EF Core's join
        // materialised every delivery row and grouped them in memory).
        var window = new CaseWindow(from, to, PresumedOnly: true);
        var sql = "SELECT c.\"IdentificationDate\", MIN(d.\"StartedOn\") FROM \"Cases\" c JOIN \"NrmAssistance\" d ON d.\"CaseId\" = c.\"Id\""
            + CaseStatistics.Where(window) + " AND d.\"StartedOn\" >= c.\"IdentificationDate\" AND c.\"Id\" NOT IN (" + StatisticsConsent.RefusedCaseIdsSql + ")"
            + " GROUP BY c.\"Id\", c.\"IdentificationDate\"";
        var delays = new List<int>();
        await ReadAsync(sql, CaseStatistics.Parameters(window, db.Database.IsNpgsql()),
            reader => delays.Add(reader.GetFieldValue<DateOnly>(1).DayNumber - reader.GetFieldValue<DateOnly>(0).DayNumber), cancellationToken);
        return (total, delays);
    }

    /// <summary>Runs a hand-written statement with bound parameters and hands each row to <paramref name="row"/>.</summary>
    private async Task ReadAsync(string sql, IEnumerable<(string Name, object? Value)> parameters, Action<System.Data.Common.DbDataReader> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = RawCommands.Create(db, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Computed> CountAsync(string query, DateOnly from, DateOnly to, DisclosureOptions options, CancellationToken cancellationToken)
    {
        var count = await plan.OnceAsync($"count:{query}:{Iso(from)}:{Iso(to)}", () => CountOnceAsync(query, from, to, cancellationToken));
        var published = Scalar(count, options);
        return new Computed([["Total", published.Display(0), published.Display(0)]], published.Method,
            count.ToString(CultureInfo.InvariantCulture), await ExcludedAsync(cancellationToken));
    }

    private async Task<int> CountOnceAsync(string query, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (start, end) = Instants(from, to);
        var refused = Refused();
        return query switch
        {
            IndicatorQueries.RecoveryPeriodsGranted => await db.Set<NrmEvent>()
                .CountAsync(e => e.ToState == "recovery" && e.AtUtc >= start && e.AtUtc < end && !refused.Contains(e.CaseId), cancellationToken),
            IndicatorQueries.NonPunishmentFlags => await db.Set<NonPunishmentFlag>()
                .Where(f => f.FlaggedOn >= from && f.FlaggedOn <= to && !refused.Contains(f.CaseId)).Select(f => f.CaseId).Distinct().CountAsync(cancellationToken),
            IndicatorQueries.GuardiansForPresumedChildren => await db.Set<NrmCase>()
                .CountAsync(n => n.PresumedChild && n.GuardianAppointedOn >= from && n.GuardianAppointedOn <= to && !refused.Contains(n.CaseId), cancellationToken),
            IndicatorQueries.TransnationalReferralsReceived => await db.Set<ReceivedReferralPackage>()
                .CountAsync(p => p.ReceivedAtUtc >= start && p.ReceivedAtUtc < end && !refused.Contains(p.CaseId), cancellationToken),
            IndicatorQueries.PersonsIdentifiedAgain => await IdentifiedAgainAsync(from, to, refused, cancellationToken),
            _ => throw new ReleaseParameterException("query", $"Parameter 'query': '{query}' has no computation."),
        };
    }

    /// <summary>
    /// Re-trafficking: the persons with a presumed victim's case identified in the period and an earlier one, both cases
    /// that may be counted. Every case has a person record of its own; the same person across cases is a cluster of
    /// records linked by a duplicate merge (<see cref="CaseStatistics.ClusterOf"/>), so only clustered records are read:
    /// none in most installations, a few per merge otherwise.
    /// </summary>
    private async Task<int> IdentifiedAgainAsync(DateOnly from, DateOnly to, IQueryable<Guid> refused, CancellationToken cancellationToken)
    {
        var keyed = await db.Persons.AsNoTracking().Where(p => p.ClusterKey != null).Select(p => new { p.Id, p.ClusterKey }).ToListAsync(cancellationToken);
        if (keyed.Count == 0)
        {
            return 0;
        }
        // A merge's key is "p:" + the surviving record's id, which may itself have no key.
        var ids = keyed.Select(p => p.Id)
            .Concat(keyed.Select(p => p.ClusterKey!.StartsWith("p:", StringComparison.Ordinal) && Guid.TryParse(p.ClusterKey.AsSpan(2), out var id) ? id : Guid.Empty))
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Person.Id) && c.TraffickingStatus != "not-a-victim" && c.IdentificationDate <= to && !refused.Contains(c.Id))
            .Select(c => new { c.Person.Id, c.Person.ClusterKey, c.IdentificationDate })
            .ToListAsync(cancellationToken);
        return cases.GroupBy(c => c.ClusterKey ?? "p:" + c.Id.ToString("D"), StringComparer.Ordinal)
            .Count(cluster =>
            {
                var first = cluster.Min(c => c.IdentificationDate);
                return cluster.Any(c => c.IdentificationDate >= from && c.IdentificationDate > first);
            });
    }

    /// <summary>The cases whose person refused or withdrew consent to statistics, as a sub-query (every statistics consent withdrawn).</summary>
    private IQueryable<Guid> Refused() => db.Set<ConsentRecord>()
        .Where(r => r.Purpose == ConsentPurpose.Statistics)
        .GroupBy(r => r.CaseId)
        .Where(g => g.Count(r => r.WithdrawnOn != null) == g.Count())
        .Select(g => g.Key);

    private Task<int> ExcludedAsync(CancellationToken cancellationToken) => plan.OnceAsync("excluded", () => Refused().CountAsync(cancellationToken));

    /// <summary>One count as a table without dimensions, protected like every other count.</summary>
    private static ProtectedTable Scalar(long count, DisclosureOptions options) => DisclosureControl.Protect(new CrossTable([], [count], "count"), options);

    /// <summary>"Total" for the table's total, else "dimension=label" for each dimension not at its total, joined by ";".</summary>
    internal static string Cell(ProtectedTable table, int index)
    {
        var at = table.Coordinates(index);
        var parts = at.Select((position, d) => position == table.Dimensions[d].TotalIndex ? null : table.Dimensions[d].Name + "=" + table.Dimensions[d].Label(position))
            .OfType<string>().ToList();
        return parts.Count == 0 ? CrossTable.TotalLabel : string.Join(';', parts);
    }

    private static double Median(List<int> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;

    private static (DateTime Start, DateTime End) Instants(DateOnly from, DateOnly to) =>
        (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc), TimeSpan.Zero);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Day(JsonObject parameters, string name) =>
        DateOnly.TryParseExact(ReleaseParameters.String(parameters, name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ReleaseParameterException(name, $"Parameter '{name}' must be a date yyyy-mm-dd.");
}
