using System.Security.Cryptography;
using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The referral mechanism of the demo: services offered by the shelter and the NGO, cases of the NGO in every lifecycle
/// state with deadlines due and overdue (the case worker's, the competent authority's and the support provider's work
/// of the day), the consents the referrals need, referrals to services requested, accepted and completed with the
/// services delivered, and a partner organisation abroad whose signed package was received. Times are counted back from
/// the injected clock's "now", so that deadlines are due and overdue whenever the demo is seeded. Runs once: a database
/// that already holds a case in the mechanism is left as it is.
/// </summary>
public sealed class DemoReferralSeeder(AppDbContext db, TimeProvider time, CaseTextVault texts, Jurisdictions jurisdictions, PartnerKeys partners,
    ReferralPackages packages)
{
    /// <summary>The partner organisation abroad that sends the demo a transnational referral.</summary>
    public static readonly DemoOrganisation PartnerAbroad = new("Speranta Partner Centre (demo partner abroad)", "ngo", OwnsCases: false);

    /// <summary>The partner's country (ISO 3166-1 alpha-2), and the country of the demo organisations.</summary>
    public const string PartnerCountry = "RO", HomeCountry = "DE";

    /// <summary>The services each demo organisation declares, so that "Refer to a service" lists them.</summary>
    public static readonly IReadOnlyList<(DemoOrganisation Organisation, string[] Services)> Offers =
    [
        (DemoOrganisations.Shelter, ["safe-accommodation", "medical", "psychological", "child-protection"]),
        (DemoOrganisations.Ngo, ["legal-aid", "interpretation", "psychological", "return-reintegration"]),
    ];

    /// <summary>One demo case's way through the mechanism: its steps, and how long ago (days) it entered its present state.</summary>
    private sealed record Walk(string[] Steps, double DaysInState, bool ServiceRequested = false, bool ServiceAccepted = false, bool ServiceCompleted = false);

    /// <summary>Every state of the generic mechanism, with deadlines both due and overdue where the state has one.</summary>
    private static readonly Walk[] Walks =
    [
        new([], 1),                                                       // identified, consent recorded: ready to refer
        new(["refer"], 4),                                                // reasonable-grounds target due
        new(["refer"], 9),                                                // reasonable-grounds target overdue
        new(["refer", "rg-positive"], 33, ServiceRequested: true),        // recovery period over: conclusive decision open
        new(["refer", "rg-positive"], 6, ServiceRequested: true, ServiceAccepted: true),
        new(["refer", "rg-negative"], 3),
        new(["refer", "rg-negative", "request-reconsideration"], 2),
        new(["refer", "rg-positive", "cg-positive"], 10, ServiceRequested: true, ServiceAccepted: true),
        new(["refer", "rg-positive", "cg-positive"], 47, ServiceRequested: true, ServiceAccepted: true), // move-on over: may be closed
        new(["refer", "rg-positive", "cg-negative"], 5),
        new(["refer", "rg-positive", "cg-negative", "request-reconsideration"], 2),
        new(["refer", "rg-positive", "cg-positive", "close"], 20, ServiceRequested: true, ServiceAccepted: true, ServiceCompleted: true),
        new(["refer", "withdraw"], 15),
    ];

    /// <summary>Days between a step and the one before it: a decision follows the referral within days, the conclusive one after the recovery period.</summary>
    private static double GapBefore(string step) => step switch
    {
        "rg-positive" or "rg-negative" => 4,
        "cg-positive" or "cg-negative" => 32,
        "close" => 46,
        _ => 3,
    };

    /// <summary>Writes the referral demo content unless a case is already in the mechanism.</summary>
    /// <param name="organisations">The demo organisations by name (<see cref="DemoDataSeeder.EnsureOrganisationsAndUsersAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task SeedAsync(IReadOnlyDictionary<string, Organisation> organisations, CancellationToken cancellationToken)
    {
        if (await db.Set<NrmCase>().AnyAsync(cancellationToken))
        {
            return;
        }
        var ngo = organisations[DemoOrganisations.Ngo.Name];
        var shelter = organisations[DemoOrganisations.Shelter.Name];
        var authority = organisations[DemoOrganisations.CompetentAuthority.Name];
        foreach (var organisation in organisations.Values.Where(o => o.CountryCode is null))
        {
            db.Attach(organisation).Entity.CountryCode = HomeCountry;
        }
        foreach (var (organisation, services) in Offers)
        {
            var id = organisations[organisation.Name].Id;
            if (!await db.Set<ServiceOffer>().AnyAsync(o => o.OrganisationId == id, cancellationToken))
            {
                db.AddRange(services.Select(s => new ServiceOffer { OrganisationId = id, Service = s }));
            }
        }
        await db.SaveChangesAsync(cancellationToken);

        var users = await db.Users.Where(u => u.UserName != null && DemoOrganisations.Users.Select(d => d.UserName).Contains(u.UserName))
            .ToDictionaryAsync(u => u.UserName!, u => u.Id, cancellationToken);
        Guid? worker = users.TryGetValue("demo-caseworker", out var w) ? w : null;
        Guid? decider = users.TryGetValue("demo-authority", out var d) ? d : null;

        // The NGO's adult cases in a fixed order (a child's conclusive decision would wait for a guardian as well).
        var cases = await db.Cases.Where(c => c.OrganisationId == ngo.Id && c.AgeGroup == AgeGroup.Adult).OrderBy(c => c.CaseCode).Take(Walks.Length).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var engine = jurisdictions.For(Jurisdictions.Generic);
        for (var i = 0; i < cases.Count; i++)
        {
            await WalkAsync(cases[i], Walks[i], engine, ngo.Id, shelter.Id, authority.Id, worker, decider, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await ReceivePackageAsync(ngo, now, cancellationToken);
    }

    private async Task WalkAsync(Case @case, Walk walk, Analytics.Referral.LifecycleEngine engine, Guid ngo, Guid shelter, Guid authority, Guid? worker,
        Guid? decider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // When each step was taken: the last one DaysInState ago, the earlier ones spaced back from it.
        var at = new DateTimeOffset[walk.Steps.Length];
        var cursor = now.AddDays(-walk.DaysInState);
        for (var s = walk.Steps.Length - 1; s >= 0; s--)
        {
            at[s] = cursor;
            cursor = cursor.AddDays(-GapBefore(walk.Steps[s]));
        }
        var started = walk.Steps.Length == 0 ? now.AddDays(-walk.DaysInState) : cursor;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var consentDay = DateOnly.FromDateTime(started.UtcDateTime.AddDays(-1));
        // The consents the referral and the services need, recorded by the case worker before the referral.
        foreach (var recipient in new[] { authority, shelter })
        {
            db.Add(new ConsentRecord
            {
                Id = Guid.CreateVersion7(),
                CaseId = @case.Id,
                Purpose = ConsentPurpose.Referral,
                RecipientOrganisationId = recipient,
                GivenOn = consentDay < today ? consentDay : today,
                Method = ConsentMethod.Written,
                RecordedByUserId = worker,
                RecordedAtUtc = started.UtcDateTime,
            });
        }

        var definition = engine.Definition;
        var record = new NrmCase
        {
            CaseId = @case.Id,
            OrganisationId = ngo,
            Jurisdiction = definition.Jurisdiction,
            State = definition.InitialState,
            EnteredStateAtUtc = started.UtcDateTime,
            PresumedChild = false,
        };
        db.Add(record);
        using var key = await texts.ForWritingAsync(@case.Id, cancellationToken);
        NrmDeadline? open = null;
        for (var s = 0; s < walk.Steps.Length; s++)
        {
            var step = walk.Steps[s];
            var transition = definition.From(record.State).First(t => t.Id == step);
            var decision = transition.TraffickingStatus is not null;
            var id = Guid.CreateVersion7();
            var reasons = ReasonsFor(step);
            db.Add(new NrmEvent
            {
                Id = id,
                CaseId = @case.Id,
                Transition = step,
                FromState = record.State,
                ToState = transition.To,
                AtUtc = at[s].UtcDateTime,
                ActorUserId = decision ? decider : worker,
                ActorOrganisationId = decision ? authority : ngo,
                ActorRoles = decision ? NrmLifecycleService.CompetentAuthorityRole : NrmLifecycleService.FirstResponderRole,
                RequesterRole = step == "request-reconsideration" ? NrmLifecycleService.FirstResponderRole : null,
                ReasonsCiphertext = key.Seal(SealedText.NrmEvent, id, SealedText.Reasons, reasons),
                TraffickingStatus = transition.TraffickingStatus,
            });
            if (step == "refer")
            {
                // The referral shares the case with the competent authority, as NrmLifecycleService does.
                db.Add(new CaseShare { SourceId = id, CaseId = @case.Id, OrganisationId = authority });
            }
            if (transition.TraffickingStatus is { } status)
            {
                @case.TraffickingStatus = status;
            }
            if (open is not null)
            {
                open.IsOpen = false;
                open.ClosedAtUtc = at[s].UtcDateTime;
            }
            record.State = transition.To;
            record.EnteredStateAtUtc = at[s].UtcDateTime;
            open = engine.DeadlineFor(transition.To, at[s]) is { } deadline ? NrmDeadline.Open(@case.Id, ngo, deadline, null) : null;
            if (open is not null)
            {
                db.Add(open);
            }
        }
        record.Version = walk.Steps.Length;

        if (walk.ServiceRequested)
        {
            ReferToShelter(@case.Id, walk, engine, ngo, shelter, now, key);
        }
    }

    /// <summary>A referral of the case to the shelter for safe accommodation: requested (its response due), or accepted with the services delivered.</summary>
    private void ReferToShelter(Guid caseId, Walk walk, Analytics.Referral.LifecycleEngine engine, Guid ngo, Guid shelter, DateTimeOffset now, CaseTextKey key)
    {
        var id = Guid.CreateVersion7();
        var requested = now.AddDays(-Math.Min(walk.DaysInState, 8) + 0.5);
        var state = walk.ServiceCompleted ? ServiceReferralState.Completed : walk.ServiceAccepted ? ServiceReferralState.Accepted : ServiceReferralState.Requested;
        db.Add(new ServiceReferral
        {
            Id = id,
            CaseId = caseId,
            Service = "safe-accommodation",
            FromOrganisationId = ngo,
            ToOrganisationId = shelter,
            State = state,
            ConsentGround = nameof(ConsentGround.Consent),
            SharedNoteCiphertext = key.Seal(SealedText.ServiceReferral, id, SealedText.SharedNote, "Needs a safe place to stay from this week; speaks some English."),
            RequestedAtUtc = requested.UtcDateTime,
            RespondedAtUtc = state == ServiceReferralState.Requested ? null : requested.AddDays(1).UtcDateTime,
            ClosedAtUtc = walk.ServiceCompleted ? now.AddDays(-walk.DaysInState).UtcDateTime : null,
        });
        var response = NrmDeadline.Open(caseId, shelter, engine.ServiceResponseDeadline(requested), id);
        if (state != ServiceReferralState.Requested)
        {
            response.IsOpen = false;
            response.ClosedAtUtc = requested.AddDays(1).UtcDateTime;
        }
        db.Add(response);
        if (state != ServiceReferralState.Requested)
        {
            // Accepted or completed: the shelter sees the case pseudonymised and delivered the service.
            db.Add(new CaseShare { SourceId = id, CaseId = caseId, OrganisationId = shelter });
            var started = DateOnly.FromDateTime(requested.AddDays(1).UtcDateTime);
            db.Add(new AssistanceDelivery
            {
                Id = Guid.CreateVersion7(),
                CaseId = caseId,
                Service = "safe-accommodation",
                ProviderOrganisationId = shelter,
                StartedOn = started,
                EndedOn = walk.ServiceCompleted ? DateOnly.FromDateTime(now.AddDays(-walk.DaysInState).UtcDateTime) : null,
                ServiceReferralId = id,
            });
            db.Add(new AssistanceDelivery
            {
                Id = Guid.CreateVersion7(),
                CaseId = caseId,
                Service = "medical",
                ProviderOrganisationId = shelter,
                StartedOn = started,
                EndedOn = started.AddDays(2),
                ServiceReferralId = null,
            });
        }
    }

    /// <summary>
    /// Registers the partner abroad with a key made here for the purpose (its private half is dropped after signing, as
    /// it would stay abroad), and imports one package it signed for the NGO: a transnational referral received.
    /// </summary>
    private async Task ReceivePackageAsync(Organisation ngo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var partnerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var added = await partners.AddPartnerAsync(new PartnerInput(PartnerAbroad.Name, PartnerCountry, PartnerAbroad.Type,
            SigningKeys.PublicKeyPem(partnerKey.ExportSubjectPublicKeyInfo())), CaseViewer.LocalOperator, cancellationToken);
        if (!added.Succeeded)
        {
            return;
        }
        var identified = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-40));
        var content = new ReferralPackageContent(
            Guid.CreateVersion7(), now.AddDays(-2), PartnerAbroad.Name, PartnerCountry, ngo.Name, ngo.CountryCode ?? HomeCountry, "SP-2026-0142",
            identified, "ngo", "female", "adult", false, ["RO"], ["sexual-exploitation"], HomeCountry, "possible", "recovery",
            [new PackageDecision("rg-positive", "recovery", now.AddDays(-30), "possible")],
            ["safe-accommodation", "return-reintegration"],
            [new PackageConsent("Referral", identified.AddDays(2), "Written", ngo.Name, null)]);
        await packages.ImportAsync(ReferralPackage.Export(content, partnerKey), CaseViewer.LocalOperator, cancellationToken);
    }

    /// <summary>Synthetic grounds and decisions, the kind of text the steps carry; sealed like any text about a person.</summary>
    private static string ReasonsFor(string step) => step switch
    {
        "refer" => "Recruited with a false job offer, documents withheld, debt bondage; indicators of forced labour found in the screening.",
        "rg-positive" => "Credible and consistent account; several indicators present. Reasonable grounds met.",
        "rg-negative" => "Account inconsistent with the records available; indicators not established at this stage.",
        "cg-positive" => "On the balance of probabilities the person is a victim of trafficking.",
        "cg-negative" => "On the balance of probabilities the exploitation did not amount to trafficking.",
        "request-reconsideration" => "New evidence: a statement from the former employer's co-worker.",
        "close" => "Move-on support completed; the person lives independently.",
        "withdraw" => "The person left the country and asked for the referral to end.",
        _ => "Demo step.",
    };
}
