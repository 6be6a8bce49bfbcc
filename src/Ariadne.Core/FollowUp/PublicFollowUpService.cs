using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.FollowUp;

/// <summary>The <c>FollowUp</c> section of the installation's settings (appsettings.json or <c>FollowUp__PublicPage</c>).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>
    /// Whether the public transparency page (<c>/Public</c>, <c>GET /api/v1/public/followup</c>) answers visitors who
    /// are not signed in. Off by default: publishing the plan is the installation's decision, not the product's.
    /// </summary>
    public bool PublicPage { get; set; }

    /// <summary>Shows a "demo data" notice on the public page (set by <c>ariadne serve --demo</c> only).</summary>
    public bool PublicPageIsDemo { get; set; }
}

/// <summary>What the public transparency page shows: every framework with its items, their measures and their indicators' published values.</summary>
public sealed record PublicFollowUp(DateOnly AsOf, bool Demo, IReadOnlyList<PublicFramework> Frameworks);

public sealed record PublicFramework(string Code, FrameworkKind Kind, string Title, string? TitleDe, string? Source, DateOnly? IssuedOn, string? Cycle,
    IReadOnlyList<PublicItem> Items);

/// <summary>A commitment: its number, title and text (as the framework published them) and acceptance.</summary>
public sealed record PublicItem(string Number, string Title, string? TitleDe, string? Text, string? TextDe, bool TitlesAreSummaries, AcceptanceStatus Acceptance,
    IReadOnlyList<PublicMeasure> Measures, IReadOnlyList<PublicIndicator> Indicators);

/// <summary>A measure: title, lead institution, dates, status and the evidence marked public — no description, budget, internal evidence, reports or names of users.</summary>
public sealed record PublicMeasure(string Title, string LeadInstitution, DateOnly? StartOn, DateOnly? DueOn, MeasureStatus Status, IReadOnlyList<PublicIndicator> Indicators,
    IReadOnlyList<PublicEvidence> Evidence);

/// <summary>Evidence a coordinator marked public: its public title and link only (never the note, who added it or when).</summary>
public sealed record PublicEvidence(string Title, string? Url);

/// <summary>An indicator with its plan (baseline, milestones, target), their standing and its published values only.</summary>
public sealed record PublicIndicator(string Code, string Title, string? TitleDe, string Unit, IndicatorKind Kind, decimal? BaselineValue, DateOnly? BaselineOn,
    IReadOnlyList<TargetPoint> Targets, IReadOnlyList<TargetStanding> Standings, IReadOnlyList<PublicValue> Values);

/// <summary>A published value: the period, the cell, the number (null when suppressed or not available) and what is published ("&lt;5", "x", …).</summary>
public sealed record PublicValue(DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, decimal? Value, string Display, Guid? ReleaseId);

/// <summary>
/// The public transparency page (issue 18, item 7): the frameworks and their commitments, the measures and the
/// published indicator values, for visitors without sign-in, when the installation has switched it on
/// (<see cref="FollowUpOptions.PublicPage"/>); otherwise NotFound, as if there were no such page.
/// </summary>
/// <remarks>
/// Published means: an <b>approved</b> reported value (a coordinator accepted it), or a computed value that is a
/// statistics release (<c>ReleaseId</c> set; its cells were protected by the release's disclosure control, so a small
/// count is "&lt;5" or "x", never the number), and evidence a coordinator marked public (its public title and link).
/// Submitted and returned values, evidence not marked public, every evidence note, measure descriptions, budgets, progress reports, history and every user name stay inside. Reads are not audited: nothing
/// here is about a person, every visitor sees the same page, and an audit entry per anonymous read would let anyone
/// fill the audit log.
/// </remarks>
public sealed class PublicFollowUpService(AppDbContext db, TimeProvider time, IOptionsSnapshot<FollowUpOptions> options)
{
    public bool IsOn => options.Value.PublicPage;

    /// <returns>The page's content; NotFound when the page is switched off.</returns>
    public async Task<Result<PublicFollowUp>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!IsOn)
        {
            return Problem.NotFound("No such page.");
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var frameworks = await db.Set<CommitmentFramework>().AsNoTracking().ToListAsync(cancellationToken);
        var items = await db.Set<CommitmentItem>().AsNoTracking().ToListAsync(cancellationToken);
        var measures = await db.Set<PlanMeasure>().AsNoTracking().ToListAsync(cancellationToken);
        var indicators = await db.Set<Indicator>().AsNoTracking().Include(i => i.Targets).ToListAsync(cancellationToken);
        var values = (await db.Set<IndicatorValue>().AsNoTracking()
                .Where(v => v.State == IndicatorValueState.Approved && (v.Query == null || v.ReleaseId != null)).ToListAsync(cancellationToken))
            .ToLookup(v => v.IndicatorId);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        // Only evidence marked public, and of it only the public title and the link: the query reads nothing else.
        var evidence = (await db.Set<MeasureEvidence>().AsNoTracking().Where(e => e.IsPublic && e.PublicTitle != null)
                .OrderBy(e => e.AddedAtUtc).Select(e => new { e.MeasureId, Title = e.PublicTitle!, e.Url }).ToListAsync(cancellationToken))
            .ToLookup(e => e.MeasureId, e => new PublicEvidence(e.Title, e.Url));

        PublicIndicator Indicator(Indicator i)
        {
            var published = values[i.Id].OrderByDescending(v => v.PeriodEnd).ThenBy(v => v.Cell == FollowUpService.TotalCell ? 0 : 1)
                .ThenBy(v => v.Cell, StringComparer.Ordinal).ToList();
            var points = FollowUpService.Points(i);
            var actuals = published.Where(v => v.Cell == FollowUpService.TotalCell).Select(v => new ActualPoint(v.PeriodStart, v.PeriodEnd, v.Value)).ToList();
            return new PublicIndicator(i.Code, i.Title, i.TitleDe, i.Unit, i.Kind, i.BaselineValue, i.BaselineOn, points,
                IndicatorProgress.Standings(i.BaselineValue, points, actuals, today),
                [.. published.Select(v => new PublicValue(v.PeriodStart, v.PeriodEnd, v.Cell, v.Value, v.Display, v.ReleaseId))]);
        }

        var byItem = indicators.Where(i => i.ItemId is not null).ToLookup(i => i.ItemId!.Value);
        var byMeasure = indicators.Where(i => i.MeasureId is not null).ToLookup(i => i.MeasureId!.Value);
        var measuresOf = measures.ToLookup(m => m.ItemId);
        var itemsOf = items.ToLookup(i => i.FrameworkId);
        return new PublicFollowUp(today, options.Value.PublicPageIsDemo, [.. frameworks.OrderBy(f => f.Code, StringComparer.Ordinal).Select(f => new PublicFramework(
            f.Code, f.Kind, f.Title, f.TitleDe, f.Source, f.IssuedOn, f.Cycle,
            [.. itemsOf[f.Id].OrderBy(i => i.Number, FollowUpService.NumberComparer.Instance).Select(i => new PublicItem(
                i.Number, i.Title, i.TitleDe, i.Text, i.TextDe, i.TitlesAreSummaries, i.Acceptance,
                [.. measuresOf[i.Id].OrderBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.Title, StringComparer.Ordinal).Select(m => new PublicMeasure(
                    m.Title, organisations.GetValueOrDefault(m.LeadOrganisationId) ?? "", m.StartOn, m.DueOn, m.Status,
                    [.. byMeasure[m.Id].OrderBy(x => x.Code, StringComparer.Ordinal).Select(Indicator)], [.. evidence[m.Id]]))],
                [.. byItem[i.Id].OrderBy(x => x.Code, StringComparer.Ordinal).Select(Indicator)]))]))]);
    }
}
