using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ariadne.Core.FollowUp.Reports;

/// <summary>
/// Reports from one data entry (issue 18, item 6): the review report of a cycle (the national action plan's annual
/// report; the quadrennial review is the same report over four years), its GRETA-style statistics tables, and SDG
/// 16.2.2 computed from the cases (UN SDG API-shaped observations and the Open SDG CSV). One model, built once here,
/// written by <see cref="ReviewReportFiles"/> and the page.
/// </summary>
/// <remarks>
/// Who: every reader of the follow-up (<see cref="FollowUpRules.MayRead"/>: coordinators, focal points, analysts and
/// rapporteurs, auditors). Every figure from the cases is a <c>followup-indicator</c> statistics release (logged,
/// audited, disclosure-controlled, reproducible), so a generation publishes one release per year and table; nothing
/// else about a person is read. Each generation is audited (<see cref="AuditActions.FollowUpReport"/>) with the
/// framework, the period and the releases.
/// </remarks>
public sealed class ReviewReportService(AppDbContext db, ReleaseService releases, IAuditLog audit, IAuditContext auditContext, TimeProvider time,
    IConfiguration configuration, CodeListRegistry codes, Questionnaires.QuestionnaireService questionnaires)
{
    public const string Subject = "followup-report";

    /// <summary>The dimensions of the GRETA-style tables (GRETA questionnaire, Part III), each crossed with the trafficking status.</summary>
    public static readonly IReadOnlyList<string> StatisticsDimensions = ["sex", "ageGroup", "form", "citizenship"];

    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    /// <summary>
    /// The approved answers of the questionnaires answered in the report's cycle: every cycle whose years lie inside the
    /// report's period (the annual report holds the year's cycle, a quadrennial review the four years' and the four-year
    /// cycle), each through <see cref="Questionnaires.QuestionnaireService.CycleAsync"/> so that the values drawn on are
    /// the ones the questionnaire page and export show (as published). Questionnaires are installation-wide, not per
    /// framework, so a report of one framework holds them too.
    /// </summary>
    private async Task<IReadOnlyList<ReportAnswer>> AnswersAsync(DateOnly from, DateOnly to, string language, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var german = language == "de";
        var cycles = await db.Set<Questionnaires.QuestionnaireAnswer>().AsNoTracking().Where(a => a.State == Questionnaires.AnswerState.Approved)
            .Select(a => new { a.Code, a.Cycle }).Distinct().ToListAsync(cancellationToken);
        var answers = new List<ReportAnswer>();
        foreach (var c in cycles.Where(c => Questionnaires.QuestionnaireService.CyclePeriod(c.Cycle) is { } p && p.From.Year >= from.Year && p.To.Year <= to.Year)
                     .OrderBy(c => c.Code, StringComparer.Ordinal).ThenBy(c => c.Cycle, StringComparer.Ordinal))
        {
            var view = await questionnaires.CycleAsync(c.Code, c.Cycle, viewer, cancellationToken);
            if (view.Value is not { } cycle)
            {
                continue;
            }
            foreach (var q in cycle.Questions)
            {
                var drawn = q.Indicators.SelectMany(i => i.Values.Select(v => new ReportAnswerValue(i.Code, v.PeriodStart, v.PeriodEnd, v.Cell, v.Display, v.ReleaseId))).ToList();
                answers.AddRange(q.Answers.Where(a => a.State == Questionnaires.AnswerState.Approved).Select(a => new ReportAnswer(cycle.Code, cycle.Cycle, cycle.Version,
                    q.Question.Number, german ? q.Question.TextDe : q.Question.Text, a.Institution?.Name,
                    Questionnaires.QuestionnaireFiles.AnswerText(q.Question, a.Answer, language), a.DecidedBy, drawn)));
            }
        }
        return answers;
    }

    /// <summary>The review report of a framework (or all) over a period. Publishes the statistics and SDG releases of the period's years.</summary>
    /// <returns>The report; Forbidden; NotFound (framework); Invalid naming the parameter (From, To, Language).</returns>
    public async Task<Result<ReviewReport>> BuildAsync(ReviewReportRequest request, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            await AuditAsync(AuditOutcomes.Denied, request.FrameworkId, [], cancellationToken);
            return Problem.Forbidden();
        }
        if (Period(request.From, request.To) is not { } period)
        {
            return Problem.Invalid(nameof(ReviewReportRequest.To), "Period",
                $"To: {IndicatorProgress.CheckPeriod(request.From ?? DateOnly.MinValue, request.To ?? Today()) ?? "the period is not valid"}.");
        }
        if (!Languages.Contains(request.Language))
        {
            return Problem.Invalid(nameof(ReviewReportRequest.Language), "Language", "Language: en or de.", request.Language);
        }
        var (from, to) = period;
        var frameworks = await db.Set<CommitmentFramework>().AsNoTracking()
            .Where(f => request.FrameworkId == null || f.Id == request.FrameworkId).ToListAsync(cancellationToken);
        if (request.FrameworkId is not null && frameworks.Count == 0)
        {
            return Problem.NotFound("No such framework.");
        }
        var german = request.Language == "de";
        var today = Today();
        var frameworkIds = frameworks.Select(f => f.Id).ToList();
        var codeOf = frameworks.ToDictionary(f => f.Id, f => f.Code);
        var items = await db.Set<CommitmentItem>().AsNoTracking().Where(i => frameworkIds.Contains(i.FrameworkId)).ToListAsync(cancellationToken);
        var itemById = items.ToDictionary(i => i.Id);
        var itemIds = items.Select(i => i.Id).ToList();
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Include(m => m.Partners).Where(m => itemIds.Contains(m.ItemId)).ToListAsync(cancellationToken);
        var measureIds = measures.Select(m => m.Id).ToList();
        var evidence = (await db.Set<MeasureEvidence>().AsNoTracking().Where(e => measureIds.Contains(e.MeasureId)).ToListAsync(cancellationToken))
            .ToLookup(e => e.MeasureId);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var indicators = await db.Set<Indicator>().AsNoTracking().Include(i => i.Targets)
            .Where(i => (i.ItemId != null && itemIds.Contains(i.ItemId.Value)) || (i.MeasureId != null && measureIds.Contains(i.MeasureId.Value)))
            .ToListAsync(cancellationToken);
        var indicatorIds = indicators.Select(i => i.Id).ToList();
        var values = (await db.Set<IndicatorValue>().AsNoTracking()
                .Where(v => indicatorIds.Contains(v.IndicatorId) && v.State == IndicatorValueState.Approved && v.PeriodEnd <= to).ToListAsync(cancellationToken))
            .ToLookup(v => v.IndicatorId);

        string Pick(string english, string? germanText) => german ? germanText ?? english : english;
        var number = FollowUpService.NumberComparer.Instance;
        var orderedItems = items.OrderBy(i => codeOf[i.FrameworkId], StringComparer.Ordinal).ThenBy(i => i.Number, number).ToList();
        var itemOrder = orderedItems.Select((i, n) => (i.Id, n)).ToDictionary(p => p.Id, p => p.n);
        bool Overdue(PlanMeasure m) => m.DueOn is { } d && d < today && m.Status is not (MeasureStatus.Completed or MeasureStatus.Cancelled);

        var reportItems = orderedItems.Select(i =>
        {
            var own = measures.Where(m => m.ItemId == i.Id).ToList();
            return new ReportItem(codeOf[i.FrameworkId], i.Number, Pick(i.Title, i.TitleDe), i.Acceptance,
                i.Themes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), own.Count,
                own.Count(m => m.Status == MeasureStatus.Completed), own.Count(Overdue));
        }).ToList();
        var reportMeasures = measures.OrderBy(m => itemOrder[m.ItemId]).ThenBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.Title, StringComparer.Ordinal)
            .Select(m => new ReportMeasure(codeOf[itemById[m.ItemId].FrameworkId], itemById[m.ItemId].Number, m.Title, Name(organisations, m.LeadOrganisationId),
                [.. m.Partners.Select(p => Name(organisations, p.OrganisationId)).Order(StringComparer.Ordinal)], m.StartOn, m.DueOn, m.Status, Overdue(m),
                [.. evidence[m.Id].OrderBy(e => e.AddedAtUtc).Select(e => new ReportEvidence(e.Url, e.Note, e.AddedAtUtc))]))
            .ToList();
        var judgedOn = to < today ? to : today;
        var reportIndicators = indicators.Select(i =>
        {
            var measure = i.MeasureId is { } mid ? measures.Single(m => m.Id == mid) : null;
            var item = itemById[i.ItemId ?? measure!.ItemId];
            var points = i.Targets.OrderBy(t => t.DueOn).Select(t => new TargetPoint(t.Kind, t.DueOn, t.Value)).ToList();
            var own = values[i.Id].ToList();
            var actuals = own.Where(v => v.Cell == FollowUpService.TotalCell).Select(v => new ActualPoint(v.PeriodStart, v.PeriodEnd, v.Value)).ToList();
            var standings = IndicatorProgress.Standings(i.BaselineValue, points, actuals, judgedOn)
                .Select(s => new ReportStanding(s.Point.Kind, s.Point.DueOn, s.Point.Value, s.Actual is null ? null : Display(own, s.Actual), Standing(s.Met)))
                .ToList();
            var final = standings.LastOrDefault(s => s.Kind == TargetKind.Target) ?? standings.LastOrDefault();
            return (Order: itemOrder[item.Id], Indicator: new ReportIndicator(codeOf[item.FrameworkId], item.Number, measure?.Title, i.Code, Pick(i.Title, i.TitleDe), i.Unit,
                i.Kind, i.Query, i.BaselineValue, i.BaselineOn, i.BaselineSource, standings,
                [.. own.Where(v => v.PeriodStart >= from)
                    .OrderBy(v => v.PeriodEnd).ThenBy(v => v.Cell == FollowUpService.TotalCell ? 0 : 1).ThenBy(v => v.Cell, StringComparer.Ordinal)
                    .Select(v => new ReportValue(v.PeriodStart, v.PeriodEnd, v.Cell, v.Display, v.ReleaseId, v.DataTimeUtc, v.Parameters))],
                final?.Standing ?? NoTarget));
        }).OrderBy(x => x.Order).ThenBy(x => x.Indicator.Code, StringComparer.Ordinal).Select(x => x.Indicator).ToList();

        var statistics = new List<ReportStatisticsTable>();
        var sdg = new List<SdgApiObservation>();
        foreach (var (yearFrom, yearTo) in Years(from, to))
        {
            foreach (var dimension in StatisticsDimensions)
            {
                statistics.Add(await StatisticsTableAsync(yearFrom, yearTo, dimension, request.Language, cancellationToken));
            }
            sdg.AddRange(await SdgYearAsync(yearFrom, yearTo, cancellationToken));
        }
        var report = new ReviewReport(request.Language, from, to, today, time.GetUtcNow().UtcDateTime, auditContext.Actor.Name,
            [.. frameworks.OrderBy(f => f.Code, StringComparer.Ordinal).Select(f => new ReportFramework(f.Id, f.Kind, f.Code, Pick(f.Title, f.TitleDe), f.Source, f.IssuedOn, f.Cycle))],
            reportItems, reportMeasures, reportIndicators, statistics, sdg, await AnswersAsync(from, to, request.Language, viewer, cancellationToken));
        await AuditAsync(AuditOutcomes.Success, request.FrameworkId, new Dictionary<string, string>
        {
            ["from"] = Iso(from),
            ["to"] = Iso(to),
            ["releases"] = string.Join(",", statistics.Select(s => s.ReleaseId).Concat(sdg.Select(o => o.ReleaseId)).Distinct()),
        }, cancellationToken);
        return report;
    }

    /// <summary>
    /// SDG 16.2.2 computed from the cases for each year of the period (each year clipped to the period): one
    /// <c>sdg-16-2-2-rate</c> release per year by sex and age group, as UN SDG API-shaped observations of the series
    /// <c>VC_HTF_DETV</c> (number) and <c>VC_HTF_DETVR</c> (per 100,000). Audited like a report.
    /// </summary>
    public async Task<Result<IReadOnlyList<SdgApiObservation>>> SdgFromCasesAsync(DateOnly? from, DateOnly? to, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            await AuditAsync(AuditOutcomes.Denied, null, new Dictionary<string, string> { ["sdg"] = FollowUpService.SdgIndicator }, cancellationToken);
            return Problem.Forbidden();
        }
        if (Period(from, to) is not { } period)
        {
            return Problem.Invalid(nameof(ReviewReportRequest.To), "Period", $"To: {IndicatorProgress.CheckPeriod(from ?? DateOnly.MinValue, to ?? Today()) ?? "the period is not valid"}.");
        }
        var observations = new List<SdgApiObservation>();
        foreach (var (yearFrom, yearTo) in Years(period.From, period.To))
        {
            observations.AddRange(await SdgYearAsync(yearFrom, yearTo, cancellationToken));
        }
        await AuditAsync(AuditOutcomes.Success, null, new Dictionary<string, string>
        {
            ["sdg"] = FollowUpService.SdgIndicator,
            ["from"] = Iso(period.From),
            ["to"] = Iso(period.To),
            ["releases"] = string.Join(",", observations.Select(o => o.ReleaseId).Distinct()),
        }, cancellationToken);
        return observations;
    }

    public const string Met = "met";
    public const string NotMet = "not met";
    public const string Open = "open";
    public const string NoTarget = "no target";

    private static string Standing(bool? met) => met switch { true => Met, false => NotMet, null => Open };

    private static string Display(List<IndicatorValue> values, ActualPoint actual) =>
        values.Where(v => v.Cell == FollowUpService.TotalCell && v.PeriodStart == actual.PeriodStart && v.PeriodEnd == actual.PeriodEnd)
            .OrderBy(v => v.EnteredAtUtc).LastOrDefault()?.Display ?? actual.Value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private async Task<ReportStatisticsTable> StatisticsTableAsync(DateOnly from, DateOnly to, string dimension, string language, CancellationToken cancellationToken)
    {
        var (release, table) = await PublishAsync(IndicatorQueries.PersonsIdentified, from, to, ["traffickingStatus", dimension], cancellationToken);
        var cells = table.Rows.ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        var culture = CultureInfo.GetCultureInfo(language);
        const string identified = "traffickingStatus=actual";
        var labels = table.Rows.Select(r => Parse(r[0])).Where(c => c.Count == 1 && c.ContainsKey(dimension)).Select(c => c[dimension]).Distinct().ToList();
        var rows = new List<ReportStatisticsRow>
        {
            new(CrossTableTotal, cells.GetValueOrDefault(CrossTableTotal, "0"), cells.GetValueOrDefault(identified, "0")),
        };
        rows.AddRange(labels.Select(label => new ReportStatisticsRow(Label(dimension, label, culture),
            cells.GetValueOrDefault($"{dimension}={label}", "0"), cells.GetValueOrDefault($"{identified};{dimension}={label}", "0"))));
        return new ReportStatisticsTable(from.Year, from, to, dimension, release.Id, rows);
    }

    private const string CrossTableTotal = "Total";

    /// <summary>A code's label in the report's language (sex, form, citizenship from the code lists; the age groups by the report's text).</summary>
    private string Label(string dimension, string label, CultureInfo culture) => dimension switch
    {
        "sex" => codes.Sex.Label(label, culture),
        "form" => codes.ExploitationForm.Label(label, culture),
        "citizenship" => codes.Country.Label(label, culture),
        "ageGroup" => ReviewReportText.For(culture.TwoLetterISOLanguageName).Get("age:" + label, label),
        _ => label,
    };

    private async Task<IReadOnlyList<SdgApiObservation>> SdgYearAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (release, table) = await PublishAsync(IndicatorQueries.Sdg1622Rate, from, to, ["sex", "ageGroup"], cancellationToken);
        var (geoCode, geoName) = GeoArea();
        var observations = new List<SdgApiObservation>();
        foreach (var row in table.Rows)
        {
            if (UnSdgSeries.Dimensions(Parse(row[0])) is not { } dimensions)
            {
                continue;
            }
            observations.Add(UnSdgSeries.Observation(UnSdgSeries.Number, from.Year, row[2], dimensions, geoCode, geoName, release.Id));
            if (row[1] != IndicatorQueryProducer.NotAvailable)
            {
                observations.Add(UnSdgSeries.Observation(UnSdgSeries.Rate, from.Year, row[1], dimensions, geoCode, geoName, release.Id));
            }
        }
        return observations;
    }

    /// <summary>The installation's country (setting <c>Statistics:Country</c>, ISO alpha-3) as its M49 code (no leading zeros, as the SDG API writes it) and English name; empty when not set.</summary>
    private (string Code, string Name) GeoArea()
    {
        var alpha3 = configuration["Statistics:Country"]?.Trim().ToUpperInvariant();
        var entry = string.IsNullOrEmpty(alpha3) ? null : codes.Country.Entries.FirstOrDefault(e => e.Attribute("alpha3") == alpha3);
        return entry?.Attribute("numeric") is { } numeric
            ? (numeric.TrimStart('0'), entry.Label(CultureInfo.InvariantCulture))
            : ("", "");
    }

    private async Task<(StatisticsRelease Release, ReleaseTable Table)> PublishAsync(string query, DateOnly from, DateOnly to, string[] dimensions, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["query"] = query,
            ["from"] = Iso(from),
            ["to"] = Iso(to),
            ["dimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode)JsonValue.Create(d))]),
        };
        return await releases.PublishAsync(IndicatorQueryProducer.KindName, parameters, "json", cancellationToken);
    }

    /// <summary>"dimension=label;…" as a dictionary; "Total" is empty.</summary>
    internal static Dictionary<string, string> Parse(string cell) => cell == CrossTableTotal
        ? []
        : cell.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>The calendar years the period touches, each clipped to the period.</summary>
    internal static IEnumerable<(DateOnly From, DateOnly To)> Years(DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            var start = new DateOnly(year, 1, 1);
            var end = new DateOnly(year, 12, 31);
            yield return (start < from ? from : start, end > to ? to : end);
        }
    }

    /// <summary>The period: to defaults to today, from to the first day of to's year; null when it is not a valid period (at most ten years).</summary>
    private (DateOnly From, DateOnly To)? Period(DateOnly? from, DateOnly? to)
    {
        var last = to ?? Today();
        var first = from ?? new DateOnly(last.Year, 1, 1);
        return IndicatorProgress.CheckPeriod(first, last) is null ? (first, last) : null;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string Name(Dictionary<Guid, string> names, Guid id) => names.GetValueOrDefault(id) ?? id.ToString();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task AuditAsync(string outcome, Guid? frameworkId, Dictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(AuditActions.FollowUpReport, outcome, Subject, frameworkId?.ToString(), Details: details), cancellationToken);
}
