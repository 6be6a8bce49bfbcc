using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// The results framework (issue 18, item 3): indicators with numbers under items and measures, reported values with
/// their evidence and approval, and computed values published as <c>followup-indicator</c> statistics releases.
/// </summary>
/// <remarks>
/// Who: coordinators define indicators, compute them and approve reported values (not their own: four eyes); a focal
/// point reports values on the indicators of its institution (the lead institution of the indicator's measure, or a
/// responsible institution of its item); analysts and auditors read. Every change writes a history row (subject
/// "indicator") and an audit entry.
/// </remarks>
public sealed partial class FollowUpService
{
    public const string IndicatorSubject = "indicator";

    public const string TotalCell = "Total";

    /// <summary>The indicators of a framework, an item or a measure (every indicator when none is given), by code.</summary>
    public async Task<Result<IReadOnlyList<IndicatorSummary>>> IndicatorsAsync(Guid? frameworkId, Guid? itemId, Guid? measureId, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var query = db.Set<Indicator>().AsNoTracking().Include(i => i.Targets).AsQueryable();
        if (measureId is { } m)
        {
            query = query.Where(i => i.MeasureId == m);
        }
        if (itemId is { } it)
        {
            query = query.Where(i => i.ItemId == it || db.Set<PlanMeasure>().Any(pm => pm.Id == i.MeasureId && pm.ItemId == it));
        }
        if (frameworkId is { } f)
        {
            query = query.Where(i => db.Set<CommitmentItem>().Any(ci => ci.FrameworkId == f
                && (ci.Id == i.ItemId || db.Set<PlanMeasure>().Any(pm => pm.Id == i.MeasureId && pm.ItemId == ci.Id))));
        }
        var indicators = await query.ToListAsync(cancellationToken);
        var ids = indicators.Select(i => i.Id).ToList();
        var values = (await db.Set<IndicatorValue>().AsNoTracking()
                .Where(v => ids.Contains(v.IndicatorId) && v.Cell == TotalCell && v.State == IndicatorValueState.Approved).ToListAsync(cancellationToken))
            .ToLookup(v => v.IndicatorId);
        var subjects = await SubjectsAsync(indicators, cancellationToken);
        return indicators.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i =>
        {
            var (item, measureTitle) = subjects[i.Id];
            var latest = values[i.Id].OrderBy(v => v.PeriodEnd).ThenBy(v => v.EnteredAtUtc).LastOrDefault();
            return new IndicatorSummary(i.Id, i.Code, i.Title, i.TitleDe, i.Unit, i.Kind, i.Query, item, i.MeasureId, measureTitle, i.BaselineValue,
                IndicatorProgress.Final(Points(i)), latest is null ? null : ValueView(latest));
        }).ToList();
    }

    /// <summary>The measures of a framework's items (to choose an indicator's subject), by item number and title.</summary>
    public async Task<IReadOnlyList<MeasureSummary>> MeasuresOfFrameworkAsync(Guid frameworkId, CancellationToken cancellationToken) =>
        await MeasureSummariesAsync(db.Set<PlanMeasure>().Where(m => db.Set<CommitmentItem>().Any(i => i.Id == m.ItemId && i.FrameworkId == frameworkId)),
            await OrganisationNamesAsync(cancellationToken), cancellationToken);

    /// <summary>One indicator with its milestones and target, their standing, every value and the history.</summary>
    public async Task<Result<IndicatorView>> IndicatorAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var indicator = await db.Set<Indicator>().AsNoTracking().Include(i => i.Targets).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (indicator is null)
        {
            return Problem.NotFound("No such indicator.");
        }
        var values = await db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IndicatorId == id).ToListAsync(cancellationToken);
        var (item, measureTitle) = (await SubjectsAsync([indicator], cancellationToken))[id];
        var points = Points(indicator);
        var actuals = values.Where(v => v.Cell == TotalCell && v.State == IndicatorValueState.Approved)
            .Select(v => new ActualPoint(v.PeriodStart, v.PeriodEnd, v.Value)).ToList();
        return new IndicatorView(indicator.Id, item, indicator.MeasureId, measureTitle, indicator.Code, indicator.Title, indicator.TitleDe, indicator.Definition,
            indicator.DefinitionDe, indicator.Unit, SplitThemes(indicator.Dimensions), indicator.BaselineValue, indicator.BaselineOn, indicator.BaselineSource,
            indicator.DataSource, indicator.Method, indicator.Kind, indicator.Query, IndicatorQueries.ReadParameters(indicator.QueryParameters), points,
            IndicatorProgress.Standings(indicator.BaselineValue, points, actuals, Today()),
            values.OrderByDescending(v => v.PeriodEnd).ThenBy(v => v.Cell == TotalCell ? 0 : 1).ThenBy(v => v.Cell, StringComparer.Ordinal)
                .ThenByDescending(v => v.EnteredAtUtc).Select(ValueView).ToList(),
            await HistoryAsync(IndicatorSubject, id, cancellationToken), indicator.Version, FollowUpRules.MayOwn(viewer),
            await MayReportOnAsync(indicator, viewer, cancellationToken));
    }

    /// <summary>Defines an indicator under an item or a measure (coordinators). A computed indicator's query, dimensions and parameters are checked now.</summary>
    /// <returns>The indicator's id; Forbidden; Invalid naming the field (an unknown query, dimension or parameter is named).</returns>
    public async Task<Result<Guid>> CreateIndicatorAsync(IndicatorInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpIndicator, AuditOutcomes.Denied, IndicatorSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        var (errors, parameters) = await ValidateIndicatorAsync(input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var indicator = new Indicator { Id = Guid.CreateVersion7(), Code = "", Title = "", Unit = "", CreatedAtUtc = now };
        Apply(indicator, input, parameters);
        indicator.Version = 1;
        indicator.UpdatedAtUtc = now;
        db.Set<Indicator>().Add(indicator);
        AddChange(IndicatorSubject, indicator.Id, 1, "created", Diff([], Snapshot(indicator)), now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpIndicator, AuditOutcomes.Success, IndicatorSubject, indicator.Id.ToString(),
            new Dictionary<string, string> { ["event"] = "created", ["code"] = indicator.Code }, cancellationToken);
        return indicator.Id;
    }

    /// <summary>Changes an indicator's definition (coordinators); each change is a version with the changed fields. No change, no version.</summary>
    public async Task<Result<int>> UpdateIndicatorAsync(Guid id, IndicatorInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpIndicator, AuditOutcomes.Denied, IndicatorSubject, id.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var indicator = await db.Set<Indicator>().Include(i => i.Targets).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (indicator is null)
        {
            return Problem.NotFound("No such indicator.");
        }
        var (errors, parameters) = await ValidateIndicatorAsync(input, id, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var before = Snapshot(indicator);
        Apply(indicator, input, parameters);
        // New rows with their keys set would be taken for existing ones when found through the navigation.
        foreach (var target in indicator.Targets)
        {
            db.Entry(target).State = EntityState.Added;
        }
        var changes = Diff(before, Snapshot(indicator));
        if (changes.Count == 0)
        {
            return indicator.Version;
        }
        var now = time.GetUtcNow().UtcDateTime;
        indicator.Version++;
        indicator.UpdatedAtUtc = now;
        AddChange(IndicatorSubject, id, indicator.Version, "updated", changes, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpIndicator, AuditOutcomes.Success, IndicatorSubject, id.ToString(),
            new Dictionary<string, string> { ["event"] = "updated", ["fields"] = string.Join(",", changes.Select(c => c.Field)) }, cancellationToken);
        return indicator.Version;
    }

    /// <summary>
    /// A focal point of the indicator's institution (or a coordinator) enters a value of a reported indicator for a
    /// period, with its evidence; it waits for a coordinator's approval. One value per period and cell waits at a time.
    /// </summary>
    public async Task<Result<Guid>> ReportValueAsync(Guid indicatorId, IndicatorValueInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var indicator = await db.Set<Indicator>().SingleOrDefaultAsync(i => i.Id == indicatorId, cancellationToken);
        if (indicator is null)
        {
            return Problem.NotFound("No such indicator.");
        }
        if (!FollowUpRules.MayOwn(viewer) && !await MayReportOnAsync(indicator, viewer, cancellationToken))
        {
            await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Denied, IndicatorSubject, indicatorId.ToString(), [], cancellationToken);
            return Problem.Forbidden("Only focal points of the indicator's institution and coordinators report its values.");
        }
        if (indicator.Kind == IndicatorKind.Computed)
        {
            return Problem.Invalid("Kind", "Computed", "Kind: the indicator is computed from Ariadne's data; compute it instead of entering a value.");
        }
        var errors = new List<FieldError>();
        if (input.PeriodStart is not { } start)
        {
            errors.Add(new(nameof(IndicatorValueInput.PeriodStart), "Required", "PeriodStart: the first day of the period."));
        }
        if (input.PeriodEnd is not { } end)
        {
            errors.Add(new(nameof(IndicatorValueInput.PeriodEnd), "Required", "PeriodEnd: the last day of the period."));
        }
        else if (input.PeriodStart is { } s && IndicatorProgress.CheckPeriod(s, end) is { } periodError)
        {
            errors.Add(new(nameof(IndicatorValueInput.PeriodEnd), "Period", $"PeriodEnd: {periodError}."));
        }
        if (input.Value is not { } value)
        {
            errors.Add(new(nameof(IndicatorValueInput.Value), "Required", "Value: enter the number."));
        }
        else if (Math.Abs(value) >= 100_000_000_000_000m || decimal.Round(value, 4) != value)
        {
            errors.Add(new(nameof(IndicatorValueInput.Value), "OutOfRange", "Value: at most 14 digits before and 4 after the decimal point."));
        }
        var cell = CheckCell(input.Cell, SplitThemes(indicator.Dimensions), errors);
        Text(errors, nameof(IndicatorValueInput.EvidenceNote), input.EvidenceNote, FollowUpRules.MaxNoteLength);
        if (input.EvidenceUrl is { Length: > 0 } url && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(new(nameof(IndicatorValueInput.EvidenceUrl), "Format", "EvidenceUrl: an absolute http or https address."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        if (await db.Set<IndicatorValue>().AnyAsync(v => v.IndicatorId == indicatorId && v.PeriodStart == input.PeriodStart && v.PeriodEnd == input.PeriodEnd
            && v.Cell == cell && v.State == IndicatorValueState.Submitted, cancellationToken))
        {
            return Problem.Conflict("A value for this period and cell is waiting for approval.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var entered = new IndicatorValue
        {
            Id = Guid.CreateVersion7(),
            IndicatorId = indicatorId,
            PeriodStart = input.PeriodStart!.Value,
            PeriodEnd = input.PeriodEnd!.Value,
            Cell = cell,
            Value = input.Value,
            Display = input.Value!.Value.ToString(CultureInfo.InvariantCulture),
            State = IndicatorValueState.Submitted,
            EnteredAtUtc = now,
            EnteredByUserId = viewer.UserId,
            EnteredBy = auditContext.Actor.Name,
            EvidenceUrl = Blank(input.EvidenceUrl),
            EvidenceNote = Blank(input.EvidenceNote),
        };
        db.Set<IndicatorValue>().Add(entered);
        indicator.Version++;
        indicator.UpdatedAtUtc = now;
        AddChange(IndicatorSubject, indicatorId, indicator.Version, "submitted", [new(PeriodLabel(entered) + " " + cell, null, entered.Display)], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Success, IndicatorSubject, indicatorId.ToString(),
            new Dictionary<string, string> { ["event"] = "submitted", ["value"] = entered.Id.ToString() }, cancellationToken);
        return entered.Id;
    }

    /// <summary>A coordinator other than the one who entered it approves a reported value or returns it with a reason.</summary>
    public async Task<Result<IndicatorValueView>> DecideValueAsync(Guid valueId, bool approve, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Denied, IndicatorSubject, null, new Dictionary<string, string> { ["value"] = valueId.ToString() }, cancellationToken);
            return Problem.Forbidden();
        }
        var value = await db.Set<IndicatorValue>().SingleOrDefaultAsync(v => v.Id == valueId, cancellationToken);
        if (value is null)
        {
            return Problem.NotFound("No such indicator value.");
        }
        if (!viewer.IsLocalOperator && value.EnteredByUserId == viewer.UserId)
        {
            await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Denied, IndicatorSubject, value.IndicatorId.ToString(), new Dictionary<string, string> { ["why"] = "own-value" }, cancellationToken);
            return Problem.Refused("OwnReport", "Another coordinator decides a value you entered.");
        }
        var errors = new List<FieldError>();
        Text(errors, nameof(DecisionInput.Reason), reason, FollowUpRules.MaxNoteLength, required: !approve);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        if (value.State != IndicatorValueState.Submitted)
        {
            return Problem.Conflict("The value has been decided already.");
        }
        var indicator = await db.Set<Indicator>().SingleAsync(i => i.Id == value.IndicatorId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        value.State = approve ? IndicatorValueState.Approved : IndicatorValueState.Returned;
        value.DecidedAtUtc = now;
        value.DecidedBy = auditContext.Actor.Name;
        value.ReturnReason = approve ? null : Blank(reason);
        indicator.Version++;
        indicator.UpdatedAtUtc = now;
        AddChange(IndicatorSubject, indicator.Id, indicator.Version, approve ? "approved" : "returned",
            [new(PeriodLabel(value) + " " + value.Cell, value.Display, approve ? value.Display : value.ReturnReason)], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Success, IndicatorSubject, indicator.Id.ToString(),
            new Dictionary<string, string> { ["event"] = approve ? "approved" : "returned", ["value"] = valueId.ToString() }, cancellationToken);
        return ValueView(value);
    }

    /// <summary>
    /// "Compute now": runs a computed indicator's query over the period (default: the calendar year up to today) as a
    /// <c>followup-indicator</c> release (logged, audited, disclosure-controlled) and stores its cells as the period's
    /// values, each with the query, the release's parameters, the data time and the release id. Values computed earlier
    /// for the same period are replaced; the history keeps the total before and after.
    /// </summary>
    /// <returns>The stored values; Forbidden; NotFound; Invalid naming the parameter (period, threshold, query).</returns>
    public async Task<Result<IReadOnlyList<IndicatorValueView>>> ComputeAsync(Guid indicatorId, ComputeInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Denied, IndicatorSubject, indicatorId.ToString(), new Dictionary<string, string> { ["event"] = "computed" }, cancellationToken);
            return Problem.Forbidden();
        }
        var indicator = await db.Set<Indicator>().SingleOrDefaultAsync(i => i.Id == indicatorId, cancellationToken);
        if (indicator is null)
        {
            return Problem.NotFound("No such indicator.");
        }
        if (indicator.Kind != IndicatorKind.Computed || indicator.Query is null)
        {
            return Problem.Invalid("Kind", "Reported", "Kind: the indicator is reported by an institution; only computed indicators are computed.");
        }
        var (from, to) = PeriodOrDefault(input);
        if (IndicatorProgress.CheckPeriod(from, to) is { } periodError)
        {
            return Problem.Invalid(nameof(ComputeInput.To), "Period", $"To: {periodError}.");
        }
        var parameters = new JsonObject
        {
            ["query"] = indicator.Query,
            ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dimensions"] = new JsonArray([.. SplitThemes(indicator.Dimensions).Select(d => (JsonNode)JsonValue.Create(d))]),
        };
        foreach (var (key, number) in IndicatorQueries.ReadParameters(indicator.QueryParameters))
        {
            parameters[key] = number;
        }
        StatisticsRelease release;
        ReleaseTable table;
        try
        {
            (release, table) = await releases.PublishAsync(IndicatorQueryProducer.KindName, parameters, "json", cancellationToken);
        }
        catch (ReleaseParameterException e)
        {
            return Problem.Invalid(e.Parameter, "Parameter", e.Message);
        }
        var previous = await db.Set<IndicatorValue>()
            .Where(v => v.IndicatorId == indicatorId && v.PeriodStart == from && v.PeriodEnd == to && v.Query != null).ToListAsync(cancellationToken);
        db.Set<IndicatorValue>().RemoveRange(previous);
        var now = time.GetUtcNow().UtcDateTime;
        var stored = table.Rows.Select(row => new IndicatorValue
        {
            Id = Guid.CreateVersion7(),
            IndicatorId = indicatorId,
            PeriodStart = from,
            PeriodEnd = to,
            Cell = row[0],
            Value = decimal.TryParse(row[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null,
            Display = row[1],
            State = IndicatorValueState.Approved,
            EnteredAtUtc = now,
            EnteredByUserId = viewer.UserId,
            EnteredBy = auditContext.Actor.Name,
            Query = indicator.Query,
            Parameters = release.ParametersJson,
            DataTimeUtc = release.CreatedAtUtc,
            ReleaseId = release.Id,
            DecidedAtUtc = now,
            DecidedBy = auditContext.Actor.Name,
        }).ToList();
        db.Set<IndicatorValue>().AddRange(stored);
        indicator.Version++;
        indicator.UpdatedAtUtc = now;
        var label = $"{from:yyyy-MM-dd}–{to:yyyy-MM-dd} {TotalCell}";
        AddChange(IndicatorSubject, indicatorId, indicator.Version, "computed",
            [new(label, previous.FirstOrDefault(v => v.Cell == TotalCell)?.Display, stored.FirstOrDefault(v => v.Cell == TotalCell)?.Display)], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Success, IndicatorSubject, indicatorId.ToString(),
            new Dictionary<string, string> { ["event"] = "computed", ["release"] = release.Id.ToString(), ["query"] = indicator.Query }, cancellationToken);
        return stored.Select(ValueView).ToList();
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> may compute the plan of <paramref name="frameworkId"/> (coordinators; a refusal is
    /// audited as each "compute now" refusal is): null when allowed, else Forbidden or NotFound.
    /// </summary>
    internal async Task<Problem?> CheckComputePlanAsync(Guid frameworkId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpIndicatorValue, AuditOutcomes.Denied, FrameworkSubject, frameworkId.ToString(), new Dictionary<string, string> { ["event"] = "computed" }, cancellationToken);
            return Problem.Forbidden();
        }
        return await db.Set<CommitmentFramework>().AnyAsync(f => f.Id == frameworkId, cancellationToken) ? null : Problem.NotFound("No such framework.");
    }

    /// <summary>The period "compute now" uses: as given, a missing start the first of January of the end's year, both missing the calendar year up to today.</summary>
    private (DateOnly From, DateOnly To) PeriodOrDefault(ComputeInput input)
    {
        var (defaultFrom, defaultTo) = IndicatorProgress.YearToDate(Today());
        return (input.From ?? (input.To is { } t ? new DateOnly(t.Year, 1, 1) : defaultFrom), input.To ?? defaultTo);
    }

    /// <summary>The period of <paramref name="input"/> as <see cref="ComputeAsync"/> reads it, or null when it is not a valid period.</summary>
    internal (DateOnly From, DateOnly To)? Period(ComputeInput input)
    {
        var period = PeriodOrDefault(input);
        return IndicatorProgress.CheckPeriod(period.From, period.To) is null ? period : null;
    }

    /// <summary>
    /// The dimensions the persons queries (persons identified, SDG 16.2.2) among <paramref name="indicatorIds"/> ask
    /// for, together (empty when they ask for none); null when none of them is a persons query.
    /// </summary>
    internal async Task<IReadOnlyList<string>?> PersonsDimensionsAsync(IReadOnlyCollection<Guid> indicatorIds, CancellationToken cancellationToken)
    {
        var persons = await db.Set<Indicator>().AsNoTracking()
            .Where(i => indicatorIds.Contains(i.Id) && (i.Query == IndicatorQueries.PersonsIdentified || i.Query == IndicatorQueries.Sdg1622Rate))
            .Select(i => i.Dimensions).ToListAsync(cancellationToken);
        return persons.Count == 0 ? null : [.. persons.SelectMany(SplitThemes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>A cell named "Total" (or empty) or "dimension=label;…" over the indicator's own dimensions.</summary>
    private static string CheckCell(string? cell, IReadOnlyList<string> dimensions, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(cell) || cell.Trim() == TotalCell)
        {
            return TotalCell;
        }
        var parts = cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            var at = part.IndexOf('=', StringComparison.Ordinal);
            var dimension = at > 0 ? part[..at].Trim() : part;
            if (at <= 0 || at == part.Length - 1)
            {
                errors.Add(new(nameof(IndicatorValueInput.Cell), "Format", $"Cell: '{part}' is not dimension=label.", part));
            }
            else if (!dimensions.Contains(dimension, StringComparer.Ordinal))
            {
                errors.Add(new(nameof(IndicatorValueInput.Cell), "UnknownDimension", dimensions.Count == 0
                    ? $"Cell: '{dimension}' is not a dimension of this indicator, which is not disaggregated."
                    : $"Cell: '{dimension}' is not a dimension of this indicator; use {string.Join(", ", dimensions)}.", dimension));
            }
        }
        return string.Join(';', parts.Select(p => string.Join('=', p.Split('=', 2).Select(x => x.Trim()))));
    }

    private async Task<(List<FieldError> Errors, JsonObject Parameters)> ValidateIndicatorAsync(IndicatorInput input, Guid? id, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var parameters = new JsonObject();
        if ((input.ItemId is null) == (input.MeasureId is null))
        {
            errors.Add(new(nameof(IndicatorInput.ItemId), "Required", "ItemId: an indicator belongs to exactly one item or one measure (give ItemId or MeasureId)."));
        }
        else if (input.ItemId is { } item && !await db.Set<CommitmentItem>().AnyAsync(i => i.Id == item, cancellationToken))
        {
            errors.Add(new(nameof(IndicatorInput.ItemId), "UnknownItem", "ItemId: there is no such item."));
        }
        else if (input.MeasureId is { } measure && !await db.Set<PlanMeasure>().AnyAsync(m => m.Id == measure, cancellationToken))
        {
            errors.Add(new(nameof(IndicatorInput.MeasureId), "UnknownMeasure", "MeasureId: there is no such measure."));
        }
        Text(errors, nameof(IndicatorInput.Code), input.Code, FollowUpRules.MaxCodeLength, required: true);
        Text(errors, nameof(IndicatorInput.Title), input.Title, FollowUpRules.MaxTitleLength, required: true);
        Text(errors, nameof(IndicatorInput.TitleDe), input.TitleDe, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(IndicatorInput.Definition), input.Definition, FollowUpRules.MaxTextLength);
        Text(errors, nameof(IndicatorInput.DefinitionDe), input.DefinitionDe, FollowUpRules.MaxTextLength);
        Text(errors, nameof(IndicatorInput.BaselineSource), input.BaselineSource, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(IndicatorInput.DataSource), input.DataSource, FollowUpRules.MaxTitleLength);
        Text(errors, nameof(IndicatorInput.Method), input.Method, FollowUpRules.MaxTextLength);
        var dimensions = Dimensions(input.Dimensions);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new(nameof(IndicatorInput.Kind), "Required", "Kind: Reported or Computed."));
        }
        else if (kind == IndicatorKind.Computed)
        {
            parameters = IndicatorQueries.Check(input.Query?.Trim(), dimensions, input.QueryParameters, errors);
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(input.Query))
            {
                errors.Add(new(nameof(IndicatorInput.Query), "NotComputed", "Query: only a computed indicator names a query."));
            }
            Text(errors, nameof(IndicatorInput.Unit), input.Unit, FollowUpRules.MaxCodeLength, required: true);
            foreach (var dimension in dimensions.Where(d => d.Contains('=', StringComparison.Ordinal) || d.Length > FollowUpRules.MaxCodeLength))
            {
                errors.Add(new(nameof(IndicatorInput.Dimensions), "Format", $"Dimensions: '{dimension}' is not a dimension name.", dimension));
            }
        }
        if (input.BaselineValue is { } baseline && Math.Abs(baseline) >= 100_000_000_000_000m)
        {
            errors.Add(new(nameof(IndicatorInput.BaselineValue), "OutOfRange", "BaselineValue: at most 14 digits before the decimal point."));
        }
        if (input.BaselineOn is not null && input.BaselineValue is null)
        {
            errors.Add(new(nameof(IndicatorInput.BaselineValue), "Required", "BaselineValue: a baseline date needs a baseline value."));
        }
        foreach (var (target, i) in (input.Targets ?? []).Select((t, i) => (t, i)))
        {
            if (!Enum.IsDefined(target.Kind))
            {
                errors.Add(new($"Targets[{i}].Kind", "Required", $"Targets[{i}].Kind: Milestone or Target."));
            }
            if (input.BaselineOn is { } on && target.DueOn <= on)
            {
                errors.Add(new($"Targets[{i}].DueOn", "BeforeBaseline", $"Targets[{i}].DueOn: after the baseline date."));
            }
        }
        if ((input.Targets ?? []).Count(t => t.Kind == TargetKind.Target) > 1)
        {
            errors.Add(new(nameof(IndicatorInput.Targets), "OneTarget", "Targets: at most one target (the others are milestones)."));
        }
        var code = input.Code?.Trim();
        if (errors.Count == 0 && await db.Set<Indicator>().AnyAsync(i => i.Code == code && i.Id != id, cancellationToken))
        {
            errors.Add(new(nameof(IndicatorInput.Code), "Taken", $"Code: the code {code} is already in use.", code!));
        }
        return (errors, parameters);
    }

    private static List<string> Dimensions(IReadOnlyList<string>? dimensions) =>
        [.. (dimensions ?? []).SelectMany(d => d.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    private static void Apply(Indicator indicator, IndicatorInput input, JsonObject parameters)
    {
        indicator.ItemId = input.ItemId;
        indicator.MeasureId = input.MeasureId;
        indicator.Code = input.Code!.Trim();
        indicator.Title = input.Title!.Trim();
        indicator.TitleDe = Blank(input.TitleDe);
        indicator.Definition = Blank(input.Definition);
        indicator.DefinitionDe = Blank(input.DefinitionDe);
        indicator.Kind = input.Kind!.Value;
        indicator.Query = indicator.Kind == IndicatorKind.Computed ? input.Query!.Trim() : null;
        indicator.Unit = Blank(input.Unit) ?? IndicatorQueries.Find(indicator.Query)?.Unit ?? "";
        indicator.QueryParameters = parameters.ToJsonString();
        indicator.Dimensions = string.Join(";", Dimensions(input.Dimensions));
        indicator.BaselineValue = input.BaselineValue;
        indicator.BaselineOn = input.BaselineOn;
        indicator.BaselineSource = Blank(input.BaselineSource);
        indicator.DataSource = Blank(input.DataSource);
        indicator.Method = Blank(input.Method);
        indicator.Targets.Clear();
        indicator.Targets.AddRange((input.Targets ?? []).OrderBy(t => t.DueOn)
            .Select(t => new IndicatorTarget { Id = Guid.CreateVersion7(), IndicatorId = indicator.Id, Kind = t.Kind, DueOn = t.DueOn, Value = t.Value }));
    }

    private static Dictionary<string, string?> Snapshot(Indicator i) => new()
    {
        ["Subject"] = (i.ItemId ?? i.MeasureId)?.ToString(),
        ["Code"] = i.Code,
        ["Title"] = i.Title,
        ["TitleDe"] = i.TitleDe,
        ["Definition"] = i.Definition,
        ["DefinitionDe"] = i.DefinitionDe,
        ["Unit"] = i.Unit,
        ["Dimensions"] = i.Dimensions.Length == 0 ? null : i.Dimensions,
        ["Kind"] = i.Kind.ToString(),
        ["Query"] = i.Query,
        ["QueryParameters"] = i.QueryParameters == "{}" ? null : i.QueryParameters,
        ["Baseline"] = i.BaselineValue is { } b ? $"{b.ToString(CultureInfo.InvariantCulture)} ({i.BaselineOn:yyyy-MM-dd}, {i.BaselineSource})" : null,
        ["DataSource"] = i.DataSource,
        ["Method"] = i.Method,
        ["Targets"] = i.Targets.Count == 0 ? null
            : string.Join("; ", i.Targets.OrderBy(t => t.DueOn).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Kind} {t.Value} by {t.DueOn:yyyy-MM-dd}"))),
    };

    internal static List<TargetPoint> Points(Indicator indicator) =>
        [.. indicator.Targets.OrderBy(t => t.DueOn).Select(t => new TargetPoint(t.Kind, t.DueOn, t.Value))];

    private static IndicatorValueView ValueView(IndicatorValue v) => new(v.Id, v.PeriodStart, v.PeriodEnd, v.Cell, v.Value, v.Display, v.State, v.EnteredAtUtc,
        v.EnteredBy, v.EvidenceUrl, v.EvidenceNote, v.Query, v.Parameters, v.DataTimeUtc, v.ReleaseId, v.DecidedBy, v.ReturnReason);

    private static string PeriodLabel(IndicatorValue v) => $"{v.PeriodStart:yyyy-MM-dd}–{v.PeriodEnd:yyyy-MM-dd}";

    /// <summary>A focal point of the indicator's institution: the lead of its measure, or a responsible institution of its item.</summary>
    private async Task<bool> MayReportOnAsync(Indicator indicator, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.IsLocalOperator)
        {
            return true;
        }
        if (indicator.MeasureId is { } measureId)
        {
            var lead = await db.Set<PlanMeasure>().Where(m => m.Id == measureId).Select(m => m.LeadOrganisationId).SingleAsync(cancellationToken);
            return FollowUpRules.MayReport(viewer, lead);
        }
        var institutions = await db.Set<CommitmentItemInstitution>().Where(x => x.ItemId == indicator.ItemId).Select(x => x.OrganisationId).ToListAsync(cancellationToken);
        return institutions.Any(o => FollowUpRules.MayReport(viewer, o));
    }

    /// <summary>For each indicator, the item it measures (directly or through its measure) and the measure's title.</summary>
    private async Task<Dictionary<Guid, (ItemRef Item, string? MeasureTitle)>> SubjectsAsync(IReadOnlyList<Indicator> indicators, CancellationToken cancellationToken)
    {
        var measureIds = indicators.Select(i => i.MeasureId).OfType<Guid>().Distinct().ToList();
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => measureIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => new { m.ItemId, m.Title }, cancellationToken);
        var itemIds = indicators.Select(i => i.ItemId ?? measures[i.MeasureId!.Value].ItemId).Distinct().ToList();
        var items = await (from i in db.Set<CommitmentItem>().AsNoTracking()
                           join f in db.Set<CommitmentFramework>() on i.FrameworkId equals f.Id
                           where itemIds.Contains(i.Id)
                           select new ItemRef(i.Id, f.Id, f.Code, i.Number, i.Title, i.TitleDe)).ToDictionaryAsync(r => r.Id, cancellationToken);
        return indicators.ToDictionary(i => i.Id, i => i.MeasureId is { } m
            ? (items[measures[m].ItemId], (string?)measures[m].Title)
            : (items[i.ItemId!.Value], null));
    }
}
