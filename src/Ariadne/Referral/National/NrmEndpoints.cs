using Ariadne.Account;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Referral.National;

/// <summary>
/// The national referral mechanism: <c>/api/v1/cases/{id}/lifecycle</c>, <c>/transitions</c>, <c>/referrals</c>,
/// guardian, cooperation, non-punishment and assistance records, and <c>/api/v1/nrm/…</c> (dashboard, incoming referrals, statistics).
/// A refused step is a 422 problem whose <c>refusals</c> carry codes and arguments for the client to render (<see cref="ApiProblems"/>);
/// every body is a response record (<see cref="LifecycleResponse"/> and its neighbours), never a stored record.
/// </summary>
public static class NrmEndpoints
{
    public sealed record StartRequest(string? Jurisdiction, bool PresumedChild);

    public sealed record GuardianRequest(DateOnly AppointedOn, Guid? GuardianOrganisationId);

    public sealed record CooperationRequest(CooperationStatus Status, DateOnly RecordedOn, string? Note);

    public sealed record NonPunishmentRequest(string? Offence, string? Basis, string? ProceedingsReference);

    public sealed record AssistanceRequest(string Service, Guid ProviderOrganisationId, DateOnly StartedOn, DateOnly? EndedOn, Guid? ServiceReferralId);

    public sealed record ResponseRequest(string? Reason);

    public static IEndpointRouteBuilder MapNrmApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapApiGroup("/api/v1/cases/{caseId:guid}", "Referral mechanism", Policies.ReferralParticipant, TokenScopes.Referral);
        cases.MapGet("/lifecycle", async (Guid caseId, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.GetLifecycleAsync(caseId, http.User.ToCaseViewer(), ct), LifecycleResponse.From)).WithName("GetLifecycle");
        cases.MapPost("/lifecycle", async (Guid caseId, StartRequest request, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.StartAsync(caseId, request.Jurisdiction, request.PresumedChild, http.User.ToCaseViewer(), ct), NrmCaseResponse.From))
            .WithName("StartLifecycle").RequireAuthorization(Policies.CaseEditor);
        cases.MapPost("/transitions", async (Guid caseId, TransitionInput input, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.TransitionAsync(caseId, input, http.User.ToCaseViewer(), ct), NrmEventResponse.From))
            .WithName("TakeTransition")
            .WithSummary("Takes one lifecycle step; refused steps return 422 with every reason (code and arguments).");
        cases.MapPost("/referrals", async (Guid caseId, ServiceRequestInput input, HttpContext http, ServiceReferralService service, CancellationToken ct) =>
            Respond(await service.RequestServiceAsync(caseId, input, http.User.ToCaseViewer(), ct), ServiceReferralResponse.From))
            .WithName("RequestService").RequireAuthorization(Policies.CaseEditor);
        cases.MapPost("/guardian", async (Guid caseId, GuardianRequest request, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.AppointGuardianAsync(caseId, request.AppointedOn, request.GuardianOrganisationId, http.User.ToCaseViewer(), ct), NrmCaseResponse.From))
            .WithName("AppointGuardian").RequireAuthorization(Policies.CaseEditor);
        cases.MapPost("/cooperation", async (Guid caseId, CooperationRequest request, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.RecordCooperationAsync(caseId, request.Status, request.RecordedOn, request.Note, http.User.ToCaseViewer(), ct), CooperationResponse.From))
            .WithName("RecordCooperation").RequireAuthorization(Policies.CaseEditor);
        cases.MapGet("/non-punishment", async Task<Results<Ok<List<NonPunishmentFlagResponse>>, NotFound>> (Guid caseId, HttpContext http, NrmLifecycleService service,
                CancellationToken ct) =>
            await service.NonPunishmentFlagsAsync(caseId, http.User.ToCaseViewer(), ct) is { } flags
                ? TypedResults.Ok(flags.Select(NonPunishmentFlagResponse.From).ToList())
                : TypedResults.NotFound())
            .WithName("ListNonPunishmentFlags").RequireAuthorization(Policies.CaseReader);
        cases.MapPost("/non-punishment", async (Guid caseId, NonPunishmentRequest request, HttpContext http, NrmLifecycleService service, CancellationToken ct) =>
            Respond(await service.FlagNonPunishmentAsync(caseId, request.Offence ?? "", request.Basis ?? "", request.ProceedingsReference, http.User.ToCaseViewer(), ct), NonPunishmentFlagResponse.From))
            .WithName("FlagNonPunishment").RequireAuthorization(Policies.CaseEditor);
        cases.MapPost("/assistance", async (Guid caseId, AssistanceRequest request, HttpContext http, ServiceReferralService service, CancellationToken ct) =>
            Respond(await service.RecordAssistanceAsync(caseId, request.Service, request.ProviderOrganisationId, request.StartedOn, request.EndedOn,
                request.ServiceReferralId, http.User.ToCaseViewer(), ct), AssistanceResponse.From))
            .WithName("RecordAssistance").RequireAuthorization(Policies.ReferralResponder);

        var nrm = app.MapApiGroup("/api/v1/nrm", "Referral mechanism", Policies.ReferralParticipant, TokenScopes.Referral);
        nrm.MapGet("/dashboard", async Task<Results<Ok<NrmDashboard>, ProblemHttpResult, NotFound>> (Guid? organisationId, bool? all, HttpContext http,
            NrmReports reports, CancellationToken ct) =>
        {
            var viewer = http.User.ToCaseViewer();
            Guid? organisation = all == true ? null : organisationId ?? viewer.OrganisationId;
            if (organisation is null && all != true)
            {
                return TypedResults.NotFound();
            }
            var result = await reports.DashboardAsync(organisation, viewer, 50, ct);
            return result.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(result.Value!);
        }).WithName("NrmDashboard")
            .WithSummary("The organisation's overdue deadlines and those due within three days; all=true: every organisation's (coordinators).")
            .RequireAuthorization(Policies.CaseReader);
        nrm.MapGet("/decisions", async Task<Results<Ok<List<DecisionQueueItemResponse>>, ProblemHttpResult>> (HttpContext http, NrmLifecycleService service,
            CancellationToken ct) =>
        {
            var result = await service.DecisionQueueAsync(http.User.ToCaseViewer(), ct);
            return result.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(result.Value!.Select(DecisionQueueItemResponse.From).ToList());
        }).WithName("DecisionQueue").RequireAuthorization(Policies.DecisionMaker)
            .WithSummary("The competent authority's queue: cases referred to its organisation that await a reasonable- or conclusive-grounds decision, pseudonymised, earliest deadline first.");
        nrm.MapGet("/referrals/incoming", async (HttpContext http, ServiceReferralService service, CancellationToken ct) =>
            TypedResults.Ok((await service.IncomingAsync(http.User.ToCaseViewer(), ct)).Select(ServiceReferralResponse.From).ToList())).WithName("IncomingReferrals");
        nrm.MapPost("/referrals/{referralId:guid}/{action}", async (Guid referralId, ServiceReferralAction action, ResponseRequest? request, HttpContext http,
            ServiceReferralService service, CancellationToken ct) =>
            Respond(await service.RespondAsync(referralId, action, request?.Reason, http.User.ToCaseViewer(), ct), ServiceReferralResponse.From))
            .WithName("RespondToReferral").RequireAuthorization(Policies.ReferralResponder);

        app.MapGet("/api/v1/nrm/statistics", async (Core.Statistics.Releases.ReleaseService releases, CancellationToken ct) =>
        {
            var (release, table, report) = await Core.Statistics.Releases.AssistanceStatisticsProducer.PublishAsync(
                releases, new Analytics.Disclosure.DisclosureOptions().Threshold, "json", ct);
            return TypedResults.Ok(new AssistanceStatisticsResponse(release.Id, report.Decisions, report.Services, report.Threshold, release.Method, table.ExcludedByConsent ?? 0));
        })
            .WithTags("Referral mechanism")
            .RequireAuthorization(Policies.StatisticsReader)
            .RequireScope(TokenScopes.Statistics)
            .AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue)
            .RequireRateLimiting(Web.RateLimits.Api)
            .WithName("NrmStatistics")
            .WithSummary("Time to each decision, share within target and services per person, as a logged release (assistance-statistics); counts below the disclosure threshold, and medians, means and shares of smaller groups, are suppressed (null).");
        return app;
    }

    /// <summary>The assistance statistics as released: the release id, the figures (null = suppressed), the method and the cases left out for want of consent.</summary>
    public sealed record AssistanceStatisticsResponse(Guid Release, IReadOnlyList<Analytics.Referral.DecisionSummary> Decisions, Analytics.Referral.ServiceSummary Services,
        int Threshold, string Method, int ExcludedByConsent);

    /// <summary>The response record on success; otherwise the problem, mapped once by <see cref="ApiProblems"/> (refused → 422 with <c>refusals</c>).</summary>
    internal static Results<Ok<TResponse>, ProblemHttpResult> Respond<T, TResponse>(Result<T> result, Func<T, TResponse> map) =>
        result.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(map(result.Value!));
}
