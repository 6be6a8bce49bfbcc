using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The follow-up of commitments in the demo: the declaration 76/7 (shipped data) and a synthetic national action plan
/// (<c>DemoData/national-action-plan-demo.csv</c>, imported through <see cref="FollowUpService.ImportPlanAsync"/> like
/// <c>ariadne followup import</c>), with measures led by the demo organisations, one progress report approved, one
/// waiting for approval, one measure overdue and one not yet assigned a due date. Everything goes through
/// <see cref="FollowUpService"/> as the demo user who would do it (the coordinator owns the plan, the NGO's case
/// worker is its focal point), so that the history and the audit trail read as in real use. Dates are counted from
/// the injected clock. Two treaty status tables (the Trafficking Protocol and CETS 197, <see cref="TreatyDemoPrefix"/>)
/// with synthetic dates, marked on the pages as demo data. Runs once: a database that holds the demo plan is left as it is.
/// </summary>
public sealed class DemoFollowUpSeeder(AppDbContext db, FollowUpService followUp, QuestionnaireService questionnaires, TimeProvider time)
{
    /// <summary>The framework code of the demo plan.</summary>
    public const string PlanCode = "NAP-DEMO-2025";

    /// <summary>The embedded plan's resource name.</summary>
    public const string Resource = "Ariadne.DemoData.national-action-plan-demo.csv";

    /// <summary>
    /// The start of the demo's treaty status files' names (<c>DemoData/treaty-status-demo-*.csv</c>): synthetic dates, not
    /// the treaty record; the pages mark an import whose file name starts so as "demo data, not the treaty record".
    /// </summary>
    public const string TreatyDemoPrefix = "treaty-status-demo";

    private static readonly (TreatyInstrument Instrument, string File)[] TreatyFiles =
    [
        (TreatyInstrument.TraffickingProtocol, TreatyDemoPrefix + "-protocol.csv"),
        (TreatyInstrument.Cets197, TreatyDemoPrefix + "-cets197.csv"),
    ];

    /// <summary>The measure the browser journey assigns: led by the coordination office, no due date yet.</summary>
    public const string UnassignedMeasure = "Train health and social workers on the indicators of trafficking";

    /// <summary>The measure whose progress report waits for the coordinator's approval.</summary>
    public const string AwaitingMeasure = "Open a multilingual hotline for workers";

    /// <summary>The measure whose report the coordinator approved (now completed).</summary>
    public const string ApprovedMeasure = "Legal aid within three days of identification";

    /// <summary>The overdue measure.</summary>
    /// <summary>The demo plan's computed indicator (not computed yet) and its reported one (one approved value).</summary>
    public const string ComputedIndicator = "NAP-DEMO-ID";

    public const string ReportedIndicator = "NAP-DEMO-LEGAL-AID";

    /// <summary>The demo plan's computed indicator of proceeds (§15): cases with assets frozen, seized or confiscated, by status (the demo finance case's ledger has some).</summary>
    public const string ProceedsIndicator = "NAP-DEMO-PROCEEDS";

    public const string OverdueMeasure = "Joint investigation team of police and labour inspectorate";

    /// <summary>The demo's national questionnaire: questions drawing on the demo plan's items and their measures.</summary>
    public const string QuestionnaireCode = "national-report-demo";

    /// <summary>The question of the national questionnaire the focal point has answered as a draft.</summary>
    public const string DraftQuestion = "1";

    /// <summary>The public title of the demo's one evidence item marked public (the hotline leaflet of the awaiting measure).</summary>
    public const string PublicEvidenceTitle = "Hotline leaflet (demo)";

    /// <summary>The section of the national questionnaire assigned to the NGO and the police (each answers question 3 itself).</summary>
    public const string AssignedSection = "training";

    /// <summary>The national questionnaire (synthetic, our own wording): its questions draw on items 2 and 4 of the demo plan.</summary>
    private static readonly string NationalQuestionnaire = $$"""
        {
          "code": "{{QuestionnaireCode}}",
          "title": "National annual report on the action plan (demo)",
          "titleDe": "Nationaler Jahresbericht zum Aktionsplan (Demo)",
          "source": "Synthetic demo questionnaire shipped with Ariadne",
          "summaries": false,
          "sections": [
            { "key": "assistance", "title": "Assistance to presumed victims", "titleDe": "Unterstützung mutmaßlicher Opfer",
              "questions": [
                { "number": "1", "kind": "text", "text": "How is assistance within three days of identification organised?",
                  "textDe": "Wie ist die Unterstützung binnen drei Tagen nach der Identifizierung organisiert?",
                  "items": [ { "framework": "{{PlanCode}}", "number": "2" } ] },
                { "number": "2", "kind": "yes-no", "text": "Is legal aid offered to every presumed victim?",
                  "textDe": "Wird jeder mutmaßlich betroffenen Person Rechtsberatung angeboten?",
                  "items": [ { "framework": "{{PlanCode}}", "number": "2" } ] }
              ] },
            { "key": "training", "title": "Training of front-line staff", "titleDe": "Schulung von Fachkräften",
              "questions": [
                { "number": "3", "kind": "number", "text": "How many front-line staff were trained in the year?",
                  "textDe": "Wie viele Fachkräfte wurden im Jahr geschult?",
                  "items": [ { "framework": "{{PlanCode}}", "number": "4" } ] }
              ] }
          ]
        }
        """;

    /// <summary>A measure of the plan: item number, title, lead, partners, start and due in days from today, status, budget in EUR.</summary>
    private sealed record Measure(string Item, string Title, DemoOrganisation Lead, DemoOrganisation[] Partners, int? StartInDays, int? DueInDays,
        MeasureStatus Status, decimal? BudgetEur = null);

    private static readonly Measure[] Measures =
    [
        new("1", "Inspect 200 farms and building sites together with outreach workers", DemoOrganisations.LabourInspectorate, [DemoOrganisations.Ngo], -120, 20, MeasureStatus.InProgress, 40_000m),
        new("1", AwaitingMeasure, DemoOrganisations.Ngo, [], -200, 12, MeasureStatus.Planned, 25_000m),
        new("2", "Ten more places of safe accommodation", DemoOrganisations.Shelter, [DemoOrganisations.Coordinator], -300, 150, MeasureStatus.InProgress, 180_000m),
        new("2", ApprovedMeasure, DemoOrganisations.Ngo, [], -250, -40, MeasureStatus.InProgress),
        new("3", OverdueMeasure, DemoOrganisations.Police, [DemoOrganisations.LabourInspectorate], -180, -15, MeasureStatus.InProgress),
        new("4", UnassignedMeasure, DemoOrganisations.Coordinator, [], null, null, MeasureStatus.Planned),
        new("5", "Publish the annual report 2025", DemoOrganisations.Coordinator, [], -30, 200, MeasureStatus.Planned, 15_000m),
    ];

    /// <summary>Loads the declaration and the demo plan with its measures and reports, unless the demo plan exists.</summary>
    /// <param name="organisations">The demo organisations by name (<see cref="DemoDataSeeder.EnsureOrganisationsAndUsersAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="InvalidOperationException">A step the service refuses (a bug in the demo data).</exception>
    public async Task SeedAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        if (await db.Set<CommitmentFramework>().AnyAsync(f => f.Code == PlanCode, cancellationToken))
        {
            return;
        }
        var coordinator = await ActorAsync("demo-coordinator", UserRoles.Coordinator, cancellationToken);
        var focalPoint = await ActorAsync("demo-caseworker", UserRoles.CaseWorker, cancellationToken);
        if (coordinator is null || focalPoint is null)
        {
            return;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var measures = new Dictionary<string, Guid>(StringComparer.Ordinal);
        using (AuditActorOverride.Use(coordinator.Value.Actor))
        {
            var viewer = coordinator.Value.Viewer;
            Check(await followUp.LoadDeclarationAsync(viewer, cancellationToken));
            foreach (var (instrument, file) in TreatyFiles)
            {
                await using var stream = typeof(DemoFollowUpSeeder).Assembly.GetManifestResourceStream("Ariadne.DemoData." + file)
                    ?? throw new InvalidOperationException($"The demo treaty status {file} is not embedded.");
                using var text = new StreamReader(stream);
                Check(await followUp.ImportTreatiesAsync(new TreatyImportInput(instrument, file, null, today), await text.ReadToEndAsync(cancellationToken), viewer,
                    cancellationToken));
            }
            await using var csv = typeof(DemoFollowUpSeeder).Assembly.GetManifestResourceStream(Resource)
                ?? throw new InvalidOperationException($"The demo plan {Resource} is not embedded.");
            using var reader = new StreamReader(csv);
            var plan = Check(await followUp.ImportPlanAsync(new FrameworkInput(FrameworkKind.NationalActionPlan, PlanCode,
                "National action plan against trafficking in human beings 2025–2028 (demo)", "Nationaler Aktionsplan gegen Menschenhandel 2025–2028 (Demo)",
                "Synthetic demo plan shipped with Ariadne", today.AddDays(-365), "2025-2028"), reader, viewer, cancellationToken));
            var items = await db.Set<CommitmentItem>().Where(i => i.FrameworkId == plan.Framework.Id).ToDictionaryAsync(i => i.Number, i => i.Id, cancellationToken);
            foreach (var m in Measures)
            {
                measures[m.Title] = Check(await followUp.CreateMeasureAsync(items[m.Item], new MeasureInput(m.Title, organisations[m.Lead.Name].Id,
                    $"{m.Title}. (Synthetic demo measure.)", [.. m.Partners.Select(p => organisations[p.Name].Id)], m.BudgetEur, m.BudgetEur is null ? null : "EUR",
                    m.StartInDays is { } start ? today.AddDays(start) : null, m.DueInDays is { } due ? today.AddDays(due) : null, m.Status), viewer, cancellationToken));
            }
        }

        // The NGO's focal point reports on two of its measures; the coordinator approves one, the other waits.
        Guid approved;
        Guid hotlineEvidence;
        using (AuditActorOverride.Use(focalPoint.Value.Actor))
        {
            var viewer = focalPoint.Value.Viewer;
            Check(await followUp.AddEvidenceAsync(measures[ApprovedMeasure], new EvidenceInput("https://example.org/demo/legal-aid-report",
                "Synthetic demo evidence: the legal aid schedule and the list of lawyers on call."), viewer, cancellationToken));
            approved = Check(await followUp.SubmitProgressAsync(measures[ApprovedMeasure], new ProgressInput(MeasureStatus.Completed,
                "Legal aid is offered on the first or second day after identification in every case of the last quarter."), viewer, cancellationToken));
            hotlineEvidence = Check(await followUp.AddEvidenceAsync(measures[AwaitingMeasure], new EvidenceInput("https://example.org/demo/hotline-leaflet",
                "Synthetic demo evidence: the hotline leaflet as printed."), viewer, cancellationToken));
            Check(await followUp.SubmitProgressAsync(measures[AwaitingMeasure], new ProgressInput(MeasureStatus.InProgress,
                "The hotline's number is registered and volunteers for Romanian and Ukrainian are trained; it opens next month."), viewer, cancellationToken));
        }
        using (AuditActorOverride.Use(coordinator.Value.Actor))
        {
            Check(await followUp.DecideAsync(approved, approve: true, null, coordinator.Value.Viewer, cancellationToken));
            // The hotline leaflet is public evidence: the transparency page lists it by this title and its link.
            Check(await followUp.SetEvidencePublicAsync(hotlineEvidence, new EvidencePublicInput(true, PublicEvidenceTitle), coordinator.Value.Viewer, cancellationToken));

            // The questionnaires: the shipped ones and the national one that draws on the demo plan.
            Check(await questionnaires.LoadShippedAsync(coordinator.Value.Viewer, cancellationToken));
            Check(await questionnaires.ImportAsync(System.Text.Encoding.UTF8.GetBytes(NationalQuestionnaire), coordinator.Value.Viewer, cancellationToken));
            // The training section is answered per institution: the NGO (whose focal point has not answered yet) and the police.
            foreach (var institution in new[] { DemoOrganisations.Ngo, DemoOrganisations.Police })
            {
                Check(await questionnaires.AssignAsync(QuestionnaireCode, new AssignmentInput(AssignedSection, null, organisations[institution.Name].Id.ToString()),
                    coordinator.Value.Viewer, cancellationToken));
            }
        }

        // A few answers for this year: the focal point's draft and a submitted answer of the national questionnaire, and GRETA's
        // topic 4 answered and approved.
        var cycle = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Guid greta;
        using (AuditActorOverride.Use(focalPoint.Value.Actor))
        {
            var viewer = focalPoint.Value.Viewer;
            Check(await questionnaires.AnswerAsync(QuestionnaireCode, new AnswerInput(cycle, DraftQuestion,
                "Shelter, counselling and legal aid are offered by the NGO on the first or second day. (Synthetic demo answer.)"), viewer, cancellationToken));
            Check(await questionnaires.AnswerAsync(QuestionnaireCode, new AnswerInput(cycle, "2", "yes", Submit: true), viewer, cancellationToken));
            greta = Check(await questionnaires.AnswerAsync("greta-round-3", new AnswerInput(cycle, "I.4", "yes", Submit: true), viewer, cancellationToken)).Id;
        }
        using (AuditActorOverride.Use(coordinator.Value.Actor))
        {
            Check(await questionnaires.DecideAsync(greta, approve: true, null, coordinator.Value.Viewer, cancellationToken));
        }
        await SeedIndicatorsAsync(measures, coordinator.Value, focalPoint.Value, today, cancellationToken);
    }

    /// <summary>
    /// The plan's results framework: two computed indicators (persons identified, by sex; cases with proceeds frozen,
    /// seized or confiscated, by status) left for the coordinator to compute ("compute all computed indicators" on the indicators page), and a reported one of the NGO's legal-aid
    /// measure with one value reported by its focal point and approved by the coordinator — what the public page shows.
    /// </summary>
    private async Task SeedIndicatorsAsync(Dictionary<string, Guid> measures, (CaseViewer Viewer, AuditActor Actor) coordinator,
        (CaseViewer Viewer, AuditActor Actor) focalPoint, DateOnly today, CancellationToken cancellationToken)
    {
        var item = await db.Set<PlanMeasure>().Where(m => m.Id == measures[ApprovedMeasure]).Select(m => m.ItemId).SingleAsync(cancellationToken);
        Guid reported;
        using (AuditActorOverride.Use(coordinator.Actor))
        {
            Check(await followUp.CreateIndicatorAsync(new IndicatorInput(item, null, ComputedIndicator, "Persons identified as presumed victims, by sex", IndicatorKind.Computed,
                TitleDe: "Als mutmaßliche Betroffene identifizierte Personen, nach Geschlecht", Dimensions: ["sex"], Query: IndicatorQueries.PersonsIdentified,
                BaselineValue: 20, BaselineOn: today.AddDays(-365), BaselineSource: "Synthetic demo baseline",
                Targets: [new(Analytics.FollowUp.TargetKind.Target, today.AddDays(3 * 365), 40)]), coordinator.Viewer, cancellationToken));
            Check(await followUp.CreateIndicatorAsync(new IndicatorInput(item, null, ProceedsIndicator, "Cases with proceeds frozen, seized or confiscated, by status", IndicatorKind.Computed,
                TitleDe: "Fälle mit eingefrorenen, beschlagnahmten oder eingezogenen Erträgen, nach Status", Dimensions: [IndicatorQueries.AssetStatusDimension],
                Query: IndicatorQueries.CasesWithAssetsRestrained), coordinator.Viewer, cancellationToken));
            reported = Check(await followUp.CreateIndicatorAsync(new IndicatorInput(null, measures[ApprovedMeasure], ReportedIndicator,
                "Share of identified persons offered legal aid within three days", IndicatorKind.Reported, "%",
                TitleDe: "Anteil der identifizierten Personen mit Rechtsberatung innerhalb von drei Tagen", BaselineValue: 35, BaselineOn: today.AddDays(-365),
                Targets: [new(Analytics.FollowUp.TargetKind.Target, today.AddDays(365), 90)]), coordinator.Viewer, cancellationToken));
        }
        Guid value;
        using (AuditActorOverride.Use(focalPoint.Actor))
        {
            value = Check(await followUp.ReportValueAsync(reported, new IndicatorValueInput(today.AddDays(-120), today.AddDays(-30), 62,
                EvidenceNote: "Synthetic demo value from the legal aid schedule."), focalPoint.Viewer, cancellationToken));
        }
        using (AuditActorOverride.Use(coordinator.Actor))
        {
            Check(await followUp.DecideValueAsync(value, approve: true, null, coordinator.Viewer, cancellationToken));
        }
    }

    private async Task<(CaseViewer Viewer, AuditActor Actor)?> ActorAsync(string userName, string role, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => new { u.Id, u.OrganisationId }).SingleOrDefaultAsync(cancellationToken);
        return user is null ? null : (new CaseViewer(user.Id, user.OrganisationId, new HashSet<string> { role }), new AuditActor(user.Id, userName, user.OrganisationId));
    }

    private static T Check<T>(Common.Result<T> result) =>
        result.Problem is { } problem ? throw new InvalidOperationException($"The follow-up demo data were refused: {problem}") : result.Value!;
}
