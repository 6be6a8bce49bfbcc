using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Referral;

public sealed class ReferralServiceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed class Fixture(TestDatabase database, AppDbContext db, FakeTimeProvider clock, RecordingAuditLog audit) : IAsyncDisposable
    {
        public AppDbContext Db => db;
        public FakeTimeProvider Clock => clock;
        public RecordingAuditLog Audit => audit;
        public NrmLifecycleService Service { get; } = new(db, clock, audit, Jurisdictions.Default, new CaseTextVault(db, TestKeys.Vault(), clock));
        public ServiceReferralService Services { get; } = new(db, clock, audit, Jurisdictions.Default, new CaseTextVault(db, TestKeys.Vault(), clock));
        public NrmReports Reports { get; } = new(db, clock);
        public ConsentService Consents { get; } = new(db, clock, new CaseTextVault(db, TestKeys.Vault(), clock), audit, [new NrmChildPresumption(db)],
            [new NrmConsentWithdrawal(db, clock, Jurisdictions.Default)]);
        public Organisation Ngo { get; } = new() { Id = Guid.NewGuid(), Name = "Synthetic NGO", Type = "ngo" };
        public Organisation Authority { get; } = new() { Id = Guid.NewGuid(), Name = "Synthetic Competent Authority", Type = "government" };
        public Organisation Shelter { get; } = new() { Id = Guid.NewGuid(), Name = "Synthetic Shelter", Type = "shelter" };
        public CaseViewer NgoWorker => new(Guid.NewGuid(), Ngo.Id, new HashSet<string> { Roles.CaseWorker });
        public CaseViewer AuthorityOfficer => new(Guid.NewGuid(), Authority.Id, new HashSet<string> { Roles.CompetentAuthority });
        public CaseViewer ShelterWorker => new(Guid.NewGuid(), Shelter.Id, new HashSet<string> { Roles.CaseWorker });

        public static async Task<Fixture> CreateAsync(DatabaseProvider provider)
        {
            var database = await TestDatabase.CreateAsync(provider);
            var fixture = new Fixture(database, database.NewContext(), new FakeTimeProvider(Monday), new RecordingAuditLog());
            fixture.Db.AddRange(fixture.Ngo, fixture.Authority, fixture.Shelter);
            await fixture.Db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return fixture;
        }

        public async Task<Guid> NewCaseAsync(bool consentToAuthority = true)
        {
            var entity = CaseService.NewCase(CaseApiTests.ValidInput("C-NRM-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()), Ngo.Id, Monday.UtcDateTime, TestKeys.Vault());
            db.Add(entity);
            if (consentToAuthority)
            {
                db.Add(new ConsentRecord
                {
                    Id = Guid.NewGuid(),
                    CaseId = entity.Id,
                    Purpose = ConsentPurpose.Referral,
                    RecipientOrganisationId = Authority.Id,
                    GivenOn = new DateOnly(2026, 3, 1),
                    Method = ConsentMethod.Written,
                    RecordedAtUtc = Monday.UtcDateTime,
                });
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return entity.Id;
        }

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lifecycle_FromIdentificationToClosure_RecordsDecisionsStatusAndDeadlines(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        Assert.True((await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token)).Succeeded);

        var referred = await f.Service.TransitionAsync(caseId, new TransitionInput("refer", null, null), f.NgoWorker, Token);
        Assert.True(referred.Succeeded);
        var view = (await f.Service.GetLifecycleAsync(caseId, f.NgoWorker, Token)).Value!;
        var rgTarget = Assert.Single(view.Deadlines);
        Assert.Equal(("reasonable-grounds-target", new DateOnly(2026, 3, 9)), (rgTarget.Kind, rgTarget.DueDate));
        Assert.Equal(["first-responder"], view.ActorRoles);
        Assert.All(view.NextSteps.Where(s => s.Transition != "withdraw"), s => Assert.False(s.Allowed));

        f.Clock.Advance(TimeSpan.FromDays(3));
        var positive = await f.Service.TransitionAsync(caseId, new TransitionInput("rg-positive", "Credible account; indicators of sexual exploitation.", null), f.AuthorityOfficer, Token);
        Assert.True(positive.Succeeded);
        Assert.Equal("possible", await f.Db.Cases.Where(c => c.Id == caseId).Select(c => c.TraffickingStatus).SingleAsync(Token));

        f.Clock.Advance(TimeSpan.FromDays(20));
        var early = await f.Service.TransitionAsync(caseId, new TransitionInput("cg-positive", "Balance of probabilities met.", null), f.AuthorityOfficer, Token);
        Assert.Equal(ProblemKind.Refused, early.Problem?.Kind);
        Assert.Equal("PeriodNotElapsed(recovery, 2026-04-04)", Assert.Single(early.Refusals).ToString());

        f.Clock.Advance(TimeSpan.FromDays(11));
        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("cg-positive", "Balance of probabilities met.", null), f.AuthorityOfficer, Token)).Succeeded);
        f.Db.ChangeTracker.Clear();
        Assert.Equal("actual", await f.Db.Cases.Where(c => c.Id == caseId).Select(c => c.TraffickingStatus).SingleAsync(Token));
        var moveOn = Assert.Single((await f.Service.GetLifecycleAsync(caseId, f.NgoWorker, Token)).Value!.Deadlines);
        // Decided on 5 April: 45 days of move-on support to the end of 20 May.
        Assert.Equal(("move-on", new DateOnly(2026, 5, 20)), (moveOn.Kind, moveOn.DueDate));

        f.Clock.Advance(TimeSpan.FromDays(46));
        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("close", null, null), f.NgoWorker, Token)).Succeeded);

        var final = (await f.Service.GetLifecycleAsync(caseId, f.NgoWorker, Token)).Value!;
        Assert.Equal("closed", final.State);
        Assert.Empty(final.Deadlines);
        Assert.Empty(final.NextSteps);
        Assert.Equal(["refer", "rg-positive", "cg-positive", "close"], final.Events.Select(e => e.Transition));
        // The reasons are sealed under the person's key: hidden without a reveal, open to the local operator.
        Assert.Null(final.Events[1].Reasons);
        Assert.True(final.Events[1].TextSealed);
        Assert.Equal("Credible account; indicators of sexual exploitation.", (await f.Service.GetLifecycleAsync(caseId, CaseViewer.LocalOperator, Token)).Value!.Events[1].Reasons);
        Assert.Equal(["success", "success", "denied", "success", "success"], f.Audit.Records.Where(r => r.Action == AuditActions.Referral).Select(r => r.Outcome));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transition_AdultWithoutConsentIsRefused_ChildIsReferredWithoutConsent(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var adult = await f.NewCaseAsync(consentToAuthority: false);
        var child = await f.NewCaseAsync(consentToAuthority: false);
        await f.Service.StartAsync(adult, "GB", presumedChild: false, f.NgoWorker, Token);
        await f.Service.StartAsync(child, "GB", presumedChild: true, f.NgoWorker, Token);

        var refused = await f.Service.TransitionAsync(adult, new TransitionInput("refer", null, null), f.NgoWorker, Token);
        var referred = await f.Service.TransitionAsync(child, new TransitionInput("refer", null, null), f.NgoWorker, Token);

        Assert.Equal("ConsentRequired(referral)", Assert.Single(refused.Refusals).ToString());
        Assert.True(referred.Succeeded);
        Assert.Equal(AuditOutcomes.Denied, f.Audit.Records.First().Outcome);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transition_WhateverTheRecordedCooperation_SameOutcome(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        foreach (var cooperation in Enum.GetValues<CooperationStatus>())
        {
            var caseId = await f.NewCaseAsync();
            await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token);
            if (cooperation != CooperationStatus.NotRecorded)
            {
                await f.Service.RecordCooperationAsync(caseId, cooperation, new DateOnly(2026, 3, 2), null, f.NgoWorker, Token);
            }
            Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("refer", null, null), f.NgoWorker, Token)).Succeeded);
            Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("rg-positive", "Indicators present.", null), f.AuthorityOfficer, Token)).Succeeded);
        }
        Assert.Equal(3, await f.Db.Set<CooperationRecord>().CountAsync(Token));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ServiceReferral_ConsentGateThenAcceptByTheRecipientOnly(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        await f.Service.StartAsync(caseId, "DE", false, f.NgoWorker, Token);
        await f.Services.DeclareServicesAsync(f.Shelter.Id, ["safe-accommodation", "psychological"], Token);
        var input = new ServiceRequestInput("safe-accommodation", f.Shelter.Id, "Needs a bed tonight; speaks Romanian.");

        var refused = await f.Services.RequestServiceAsync(caseId, input, f.NgoWorker, Token);
        Assert.Equal("ConsentRequired(referral)", Assert.Single(refused.Refusals).ToString());

        f.Db.Add(new ConsentRecord
        {
            Id = Guid.NewGuid(),
            CaseId = caseId,
            Purpose = ConsentPurpose.Referral,
            RecipientOrganisationId = f.Shelter.Id,
            GivenOn = new DateOnly(2026, 3, 2),
            Method = ConsentMethod.Oral,
            RecordedAtUtc = Monday.UtcDateTime,
        });
        await f.Db.SaveChangesAsync(Token);
        var requested = await f.Services.RequestServiceAsync(caseId, input, f.NgoWorker, Token);
        Assert.True(requested.Succeeded);
        Assert.Equal("Consent", requested.Value!.ConsentGround);

        var incoming = Assert.Single(await f.Services.IncomingAsync(f.ShelterWorker, Token));
        Assert.Equal("Needs a bed tonight; speaks Romanian.", incoming.SharedNote);
        // The shelter sees the referral but not the case file.
        Assert.Equal(ProblemKind.NotFound, (await f.Service.GetLifecycleAsync(caseId, f.ShelterWorker, Token)).Problem?.Kind);

        var byReferrer = await f.Services.RespondAsync(incoming.Id, ServiceReferralAction.Accept, null, f.NgoWorker, Token);
        Assert.Equal("WrongParty(Receiving)", Assert.Single(byReferrer.Refusals).ToString());
        var stranger = new CaseViewer(Guid.NewGuid(), Guid.NewGuid(), new HashSet<string> { Roles.CaseWorker });
        Assert.Equal(ProblemKind.NotFound, (await f.Services.RespondAsync(incoming.Id, ServiceReferralAction.Accept, null, stranger, Token)).Problem?.Kind);

        var accepted = await f.Services.RespondAsync(incoming.Id, ServiceReferralAction.Accept, null, f.ShelterWorker, Token);
        Assert.Equal(ServiceReferralState.Accepted, accepted.Value!.State);
        Assert.False(await f.Db.Set<NrmDeadline>().AnyAsync(d => d.ServiceReferralId == incoming.Id && d.IsOpen, Token));
        var completed = await f.Services.RespondAsync(incoming.Id, ServiceReferralAction.Complete, null, f.ShelterWorker, Token);
        Assert.Equal(ServiceReferralState.Completed, completed.Value!.State);

        var delivered = await f.Services.RecordAssistanceAsync(caseId, "safe-accommodation", f.Shelter.Id, new DateOnly(2026, 3, 2), new DateOnly(2026, 4, 30), incoming.Id, f.NgoWorker, Token);
        Assert.True(delivered.Succeeded);
        var backwards = await f.Services.RecordAssistanceAsync(caseId, "medical", f.Shelter.Id, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1), null, f.NgoWorker, Token);
        Assert.Equal("EndBeforeStart(2026-03-02)", Assert.Single(backwards.Refusals).ToString());
    }

    /// <summary>
    /// The competent authority sees a case only once it is referred to it (the referral shares it with the organisation
    /// the person consented to), then finds it in its queue with its deadline and may decide; a coordinator of a
    /// government organisation sees the case but holds no role in the mechanism, so no step is open to it.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CompetentAuthority_SeesTheCaseFromTheReferralInItsQueue_CoordinatorTakesNoStep(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token);
        var officer = f.AuthorityOfficer;
        Assert.Equal(ProblemKind.NotFound, (await f.Service.GetLifecycleAsync(caseId, officer, Token)).Problem?.Kind);
        Assert.Empty((await f.Service.DecisionQueueAsync(officer, Token)).Value!);

        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("refer", "Indicators of forced labour.", null), f.NgoWorker, Token)).Succeeded);
        var queued = Assert.Single((await f.Service.DecisionQueueAsync(officer, Token)).Value!);
        Assert.Equal(("referred", "reasonable-grounds-target"), (queued.State, queued.Deadline?.Kind));
        var view = (await f.Service.GetLifecycleAsync(caseId, officer, Token)).Value!;
        Assert.Equal(["competent-authority"], view.ActorRoles);
        // The grounds of the referral are the evidence it decides on: opened for it, and the reading audited.
        Assert.Equal("Indicators of forced labour.", view.Events.Single().Reasons);
        Assert.Contains(f.Audit.Records, r => r.Details?.ContainsKey("decisionEvidenceRead") == true);

        var coordinator = new CaseViewer(Guid.NewGuid(), f.Authority.Id, new HashSet<string> { Roles.Coordinator });
        var followed = (await f.Service.GetLifecycleAsync(caseId, coordinator, Token)).Value!;
        Assert.Empty(followed.ActorRoles);
        Assert.DoesNotContain(followed.NextSteps, s => s.Allowed);
        Assert.Equal(ProblemKind.Forbidden, (await f.Service.DecisionQueueAsync(coordinator, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Refused, (await f.Service.TransitionAsync(caseId, new TransitionInput("rg-positive", "Coordinator tries.", null), coordinator, Token)).Problem?.Kind);

        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("rg-positive", "Credible account.", null), officer, Token)).Succeeded);
        Assert.Equal("recovery", Assert.Single((await f.Service.DecisionQueueAsync(officer, Token)).Value!).State);
    }

    /// <summary>
    /// Withdrawing the consent to be referred to the competent authority ends its share: the case leaves its queue,
    /// opening it is refused (and so is a decision), the end is audited; the decision it already took stays on record
    /// and visible to the owning organisation. A later step by the owner does not grant the share again.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConsentWithdrawn_AuthorityShareEnds_QueueAndCaseRefused_DecisionsStayOnRecord(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token);
        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("refer", "Indicators of forced labour.", null), f.NgoWorker, Token)).Succeeded);
        Assert.True((await f.Service.TransitionAsync(caseId, new TransitionInput("rg-positive", "Credible account.", null), f.AuthorityOfficer, Token)).Succeeded);
        Assert.Single((await f.Service.DecisionQueueAsync(f.AuthorityOfficer, Token)).Value!);
        var consent = await f.Db.Set<ConsentRecord>().AsNoTracking().SingleAsync(c => c.CaseId == caseId && c.RecipientOrganisationId == f.Authority.Id, Token);

        var withdrawn = await f.Consents.WithdrawAsync(caseId, consent.Id, null, null, f.NgoWorker, Token);

        Assert.True(withdrawn.Succeeded, withdrawn.ToString());
        Assert.Empty((await f.Service.DecisionQueueAsync(f.AuthorityOfficer, Token)).Value!);
        Assert.Equal(ProblemKind.NotFound, (await f.Service.GetLifecycleAsync(caseId, f.AuthorityOfficer, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await f.Service.TransitionAsync(caseId, new TransitionInput("cg-positive", "After withdrawal.", null), f.AuthorityOfficer, Token)).Problem?.Kind);
        Assert.Contains(f.Audit.Records, r => r.SubjectId == caseId.ToString() && r.Details?.GetValueOrDefault("authorityShareEnded") == f.Authority.Id.ToString());
        var owner = (await f.Service.GetLifecycleAsync(caseId, f.NgoWorker, Token)).Value!;
        Assert.Contains(owner.Events, e => e.Transition == "rg-positive" && e.ActorOrganisationId == f.Authority.Id);
        Assert.False(await f.Db.Set<CaseShare>().AnyAsync(s => s.CaseId == caseId && s.OrganisationId == f.Authority.Id, Token));
    }

    /// <summary>A user with the SupportProvider role (not a case worker) answers the referrals sent to its organisation and records the service.</summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SupportProvider_AcceptsAReferralAndRecordsTheService_ATooLongReasonChangesNothing(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token);
        await f.Services.DeclareServicesAsync(f.Shelter.Id, ["medical"], Token);
        f.Db.Add(new ConsentRecord
        {
            Id = Guid.NewGuid(),
            CaseId = caseId,
            Purpose = ConsentPurpose.Referral,
            RecipientOrganisationId = f.Shelter.Id,
            GivenOn = new DateOnly(2026, 3, 2),
            Method = ConsentMethod.Oral,
            RecordedAtUtc = Monday.UtcDateTime,
        });
        await f.Db.SaveChangesAsync(Token);
        var referral = (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("medical", f.Shelter.Id, null), f.NgoWorker, Token)).Value!;
        var providerUser = new CaseViewer(Guid.NewGuid(), f.Shelter.Id, new HashSet<string> { Roles.SupportProvider });

        // A refused answer (reason too long) leaves the referral and the case's visibility as they were, even when the
        // unit of work is saved afterwards.
        var tooLong = await f.Services.RespondAsync(referral.Id, ServiceReferralAction.Reject, new string('x', NrmLifecycleService.MaxTextLength + 1), providerUser, Token);
        Assert.Equal(ProblemKind.Refused, tooLong.Problem?.Kind);
        await f.Db.SaveChangesAsync(Token);
        f.Db.ChangeTracker.Clear();
        Assert.Equal(ServiceReferralState.Requested, await f.Db.Set<ServiceReferral>().Where(r => r.Id == referral.Id).Select(r => r.State).SingleAsync(Token));

        Assert.Equal(ServiceReferralState.Accepted, (await f.Services.RespondAsync(referral.Id, ServiceReferralAction.Accept, null, providerUser, Token)).Value!.State);
        Assert.Equal(["support-provider"], (await f.Service.GetLifecycleAsync(caseId, providerUser, Token)).Value!.ActorRoles);
        Assert.True((await f.Services.RecordAssistanceAsync(caseId, "medical", f.Shelter.Id, new DateOnly(2026, 3, 3), null, referral.Id, providerUser, Token)).Succeeded);
        // It answers for its organisation only and never refers onwards.
        Assert.Equal(ProblemKind.Forbidden, (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("medical", f.Shelter.Id, null), providerUser, Token)).Problem?.Kind);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReceivingOrganisation_SeesTheCasePseudonymisedWhileAcceptedOrCompleted_NotBeforeNorAfterRevocation(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        var other = await f.NewCaseAsync();
        await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token);
        await f.Services.DeclareServicesAsync(f.Shelter.Id, ["safe-accommodation", "medical"], Token);
        f.Db.Add(new ConsentRecord
        {
            Id = Guid.NewGuid(),
            CaseId = caseId,
            Purpose = ConsentPurpose.Referral,
            RecipientOrganisationId = f.Shelter.Id,
            GivenOn = new DateOnly(2026, 3, 2),
            Method = ConsentMethod.Written,
            RecordedAtUtc = Monday.UtcDateTime,
        });
        await f.Db.SaveChangesAsync(Token);
        var cases = new CaseService(f.Db, f.Clock, Core.CodeLists.CodeListRegistry.Default, TestKeys.Vault(), f.Audit);
        var shelter = f.ShelterWorker;
        async Task<List<Guid>> VisibleToShelter() => await f.Db.Cases.AsNoTracking().Visible(shelter).Select(c => c.Id).ToListAsync(Token);

        var first = (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("safe-accommodation", f.Shelter.Id, "Bed needed."), f.NgoWorker, Token)).Value!;
        Assert.Empty(await VisibleToShelter());
        await f.Services.RespondAsync(first.Id, ServiceReferralAction.Reject, "No bed free.", shelter, Token);
        Assert.Empty(await VisibleToShelter());

        var second = (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("medical", f.Shelter.Id, "Check-up."), f.NgoWorker, Token)).Value!;
        await f.Services.RespondAsync(second.Id, ServiceReferralAction.Accept, null, shelter, Token);
        Assert.Equal([caseId], await VisibleToShelter());

        // Pseudonymised: the record without identity, no reveal, no change to the case file or its owner's records.
        var seen = (await cases.GetAsync(caseId, shelter, Token))!;
        Assert.False(seen.IdentityRevealed);
        Assert.Null(seen.Person.Identity);
        Assert.Equal(ProblemKind.Forbidden, (await new CaseReveal(f.Db, f.Clock, TestKeys.Vault(), f.Audit).RevealAsync(caseId, shelter, "curious", Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await new ErasureService(f.Db, f.Clock, f.Audit, []).SetLegalHoldAsync(caseId, true, shelter, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await f.Service.RecordCooperationAsync(caseId, CooperationStatus.Cooperating, new DateOnly(2026, 3, 2), null, shelter, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("medical", f.Ngo.Id, null), shelter, Token)).Problem?.Kind);
        Assert.Empty(await f.Db.Cases.AsNoTracking().Revealable(shelter).ToListAsync(Token));
        // As the support provider it follows the lifecycle and records what it delivered.
        Assert.Equal(["support-provider"], (await f.Service.GetLifecycleAsync(caseId, shelter, Token)).Value!.ActorRoles);
        Assert.True((await f.Services.RecordAssistanceAsync(caseId, "medical", f.Shelter.Id, new DateOnly(2026, 3, 3), null, second.Id, shelter, Token)).Succeeded);

        await f.Services.RespondAsync(second.Id, ServiceReferralAction.Complete, null, shelter, Token);
        Assert.Equal([caseId], await VisibleToShelter());

        var third = (await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("safe-accommodation", f.Shelter.Id, null), f.NgoWorker, Token)).Value!;
        await f.Services.RespondAsync(third.Id, ServiceReferralAction.Accept, null, shelter, Token);
        await f.Services.RespondAsync(third.Id, ServiceReferralAction.Revoke, "Person moved away.", f.NgoWorker, Token);
        // The revoked referral's share is withdrawn; the completed referral still shows the case. Withdraw the share it
        // grants (as revoking it would, were a completed referral revocable) and the case is gone.
        Assert.False(await f.Db.Set<CaseShare>().AnyAsync(s => s.SourceId == third.Id, Token));
        Assert.Equal([caseId], await VisibleToShelter());
        await f.Db.Set<CaseShare>().Where(s => s.SourceId == second.Id).ExecuteDeleteAsync(Token);
        Assert.Empty(await VisibleToShelter());
        Assert.DoesNotContain(other, await VisibleToShelter());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboard_CountsOverdueAndDueDeadlinesPerOrganisation_OrNationallyForACoordinator(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var late = await f.NewCaseAsync();
        await f.Service.StartAsync(late, "generic", false, f.NgoWorker, Token);
        await f.Service.TransitionAsync(late, new TransitionInput("refer", null, null), f.NgoWorker, Token); // RG due Mon 9 March
        f.Clock.Advance(TimeSpan.FromDays(4)); // Friday 6 March
        var soon = await f.NewCaseAsync();
        await f.Service.StartAsync(soon, "generic", false, f.NgoWorker, Token);
        await f.Service.TransitionAsync(soon, new TransitionInput("refer", null, null), f.NgoWorker, Token); // RG due Fri 13 March
        f.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 12, 0, 0, TimeSpan.Zero));

        var dashboard = (await f.Reports.DashboardAsync(f.Ngo.Id, f.NgoWorker, 50, Token)).Value!;

        Assert.Equal((1, 1), (dashboard.Overdue, dashboard.Due));
        Assert.Equal([(late, DeadlineStatus.Overdue), (soon, DeadlineStatus.Due)], dashboard.Items.Select(i => (i.CaseId, i.Status)));
        Assert.Equal(ProblemKind.NotFound, (await f.Reports.DashboardAsync(f.Ngo.Id, f.ShelterWorker, 50, Token)).Problem?.Kind);
        Assert.Equal((0, 0), ((await f.Reports.DashboardAsync(f.Shelter.Id, f.ShelterWorker, 50, Token)).Value!.Overdue, 0));
        // Every organisation's deadlines: the national coordinator's view (of another organisation), refused to a case worker.
        var coordinator = new CaseViewer(Guid.NewGuid(), f.Authority.Id, new HashSet<string> { Roles.Coordinator });
        var national = (await f.Reports.DashboardAsync(null, coordinator, 50, Token)).Value!;
        Assert.Equal((1, 1, (Guid?)null), (national.Overdue, national.Due, national.OrganisationId));
        Assert.Equal([late, soon], national.Items.Select(i => i.CaseId));
        Assert.Equal(ProblemKind.NotFound, (await f.Reports.DashboardAsync(null, f.NgoWorker, 50, Token)).Problem?.Kind);
    }

    /// <summary>Privacy finding 6: the referral-consent override was open to any case worker; now a coordinator's only, with a sealed, audited reason.</summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequestService_Override_RefusedToAPlainCaseWorkerAllowedToACoordinatorSealedAndAudited(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        Assert.True((await f.Service.StartAsync(caseId, "generic", false, f.NgoWorker, Token)).Succeeded);
        await f.Services.DeclareServicesAsync(f.Shelter.Id, ["safe-accommodation"], Token);
        const string reason = "Immediate danger; Synthetic Overridename cannot be asked";
        var supervisor = new CaseViewer(Guid.NewGuid(), f.Ngo.Id, new HashSet<string> { Roles.CaseWorker, Roles.Coordinator });

        var plain = await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("safe-accommodation", f.Shelter.Id, null, reason), f.NgoWorker, Token);
        var plainAudit = f.Audit.Records.Last();
        var noReason = await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("safe-accommodation", f.Shelter.Id, null, "  "), supervisor, Token);
        var overridden = await f.Services.RequestServiceAsync(caseId, new ServiceRequestInput("safe-accommodation", f.Shelter.Id, null, reason), supervisor, Token);

        Assert.Equal(ProblemKind.Refused, plain.Problem?.Kind);
        Assert.Contains(plain.Refusals, r => r.Code == ServiceReferralRules.OverrideNotAuthorised);
        Assert.Equal(AuditOutcomes.Denied, plainAudit.Outcome);
        Assert.Equal(ProblemKind.Refused, noReason.Problem?.Kind);
        Assert.True(overridden.Succeeded);
        var stored = await f.Db.Set<ServiceReferral>().AsNoTracking().SingleAsync(Token);
        Assert.Equal(nameof(ConsentGround.DocumentedOverride), stored.ConsentGround);
        Assert.Equal(supervisor.UserId, stored.OverriddenByUserId);
        Assert.NotNull(stored.OverrideReasonCiphertext);
        var entry = f.Audit.Records.Last();
        Assert.Equal(AuditOutcomes.Success, entry.Outcome);
        Assert.Equal("DocumentedOverride", entry.Details!["consentGround"]);
        Assert.True(entry.Details.ContainsKey("override"));
        Assert.DoesNotContain(f.Audit.Records, r => (r.Reason ?? "").Contains("Overridename", StringComparison.Ordinal)
            || (r.Details?.Values.Any(v => v.Contains("Overridename", StringComparison.Ordinal)) ?? false));
        var view = (await f.Service.GetLifecycleAsync(caseId, CaseViewer.LocalOperator, Token)).Value!;
        Assert.Equal(reason, Assert.Single(view.ServiceReferrals).OverrideReason);
    }

    /// <summary>Privacy finding 6: a child's referral without consent needs a recorded best-interest decision (the newest applicable one), not a yes/no box.</summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequestService_ChildWithoutConsent_NeedsARecordedBestInterestDecisionInFavour(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();
        Assert.True((await f.Service.StartAsync(caseId, "generic", presumedChild: true, f.NgoWorker, Token)).Succeeded);
        await f.Services.DeclareServicesAsync(f.Shelter.Id, ["child-protection"], Token);
        var input = new ServiceRequestInput("child-protection", f.Shelter.Id, null);
        var today = DateOnly.FromDateTime(Monday.UtcDateTime);

        var without = await f.Services.RequestServiceAsync(caseId, input, f.NgoWorker, Token);
        var invalid = await f.Consents.RecordBestInterestAsync(caseId, new BestInterestInput(today, BestInterestOutcome.ReferralInBestInterest, " ", true, null), f.NgoWorker, Token);
        var no = await f.Consents.RecordBestInterestAsync(caseId, new BestInterestInput(today.AddDays(-1), BestInterestOutcome.ReferralNotInBestInterest,
            "Guardian objects for now", true, GuardianType.AppointedGuardian), f.NgoWorker, Token);
        var afterNo = await f.Services.RequestServiceAsync(caseId, input, f.NgoWorker, Token);
        var yes = await f.Consents.RecordBestInterestAsync(caseId, new BestInterestInput(today, BestInterestOutcome.ReferralInBestInterest,
            "Protection placement agreed at the case conference", true, GuardianType.AppointedGuardian), f.NgoWorker, Token);
        var afterYes = await f.Services.RequestServiceAsync(caseId, input, f.NgoWorker, Token);

        Assert.Equal(ProblemKind.Refused, without.Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, invalid.Problem?.Kind);
        Assert.Equal([nameof(BestInterestInput.Reasons), nameof(BestInterestInput.GuardianType)], invalid.Problem!.Errors.Select(e => e.Field));
        Assert.True(no.Succeeded, no.ToString());
        Assert.Equal(ProblemKind.Refused, afterNo.Problem?.Kind);
        Assert.True(yes.Succeeded, yes.ToString());
        Assert.True(afterYes.Succeeded);
        Assert.Equal(nameof(ConsentGround.ChildBestInterest), afterYes.Value!.ConsentGround);
        Assert.Equal(2, f.Audit.Records.Count(r => r.Action == AuditActions.BestInterestDecision && r.Outcome == AuditOutcomes.Success));
        var stored = await f.Db.Set<BestInterestDecision>().AsNoTracking().OrderBy(d => d.DecidedOn).ToListAsync(Token);
        Assert.All(stored, d => Assert.NotNull(d.ReasonsCiphertext));
        Assert.Equal(GuardianType.AppointedGuardian, stored[1].GuardianType);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NonPunishment_FlagNeedsOffenceAndBasis(DatabaseProvider provider)
    {
        await using var f = await Fixture.CreateAsync(provider);
        var caseId = await f.NewCaseAsync();

        var refused = await f.Service.FlagNonPunishmentAsync(caseId, " ", "", null, f.NgoWorker, Token);
        var flagged = await f.Service.FlagNonPunishmentAsync(caseId, "Use of a false identity document", "Document supplied and kept by the trafficker.", "StA 123 Js 456/26", f.NgoWorker, Token);

        Assert.Equal(["FieldRequired(offence)", "FieldRequired(basis)"], refused.Refusals.Select(r => r.ToString()));
        Assert.True(flagged.Succeeded);
        // Sealed under the person's key: hidden without a reveal, open to the local operator.
        Assert.True(Assert.Single((await f.Service.NonPunishmentFlagsAsync(caseId, f.NgoWorker, Token))!).TextSealed);
        Assert.Equal("Use of a false identity document", Assert.Single((await f.Service.NonPunishmentFlagsAsync(caseId, CaseViewer.LocalOperator, Token))!).Offence);
        Assert.Null(await f.Service.NonPunishmentFlagsAsync(caseId, f.ShelterWorker, Token));
    }
}
