using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;

namespace Ariadne.Tests.Referral;

public sealed class ServiceReferralRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly Guid Ngo = Guid.NewGuid();
    private static readonly Guid Shelter = Guid.NewGuid();
    private static readonly HashSet<string> ShelterOffers = ["safe-accommodation", "psychological"];

    private static ConsentRecord ReferralConsent(Guid recipient, DateOnly? withdrawn = null) =>
        new() { Purpose = ConsentPurpose.Referral, RecipientOrganisationId = recipient, GivenOn = new DateOnly(2026, 6, 1), WithdrawnOn = withdrawn };

    private static ServiceReferralCheck Request(IEnumerable<ConsentRecord> consents, string service = "safe-accommodation", bool child = false,
        bool bestInterest = false, string? overrideReason = null, Guid? from = null, bool authorised = true) =>
        ServiceReferralRules.CanRequest(service, from ?? Ngo, Shelter, ShelterOffers, consents, Today, child,
            bestInterest ? [new BestInterestDecision { Id = Guid.NewGuid(), DecidedOn = Today, Outcome = BestInterestOutcome.ReferralInBestInterest }] : [],
            overrideReason, authorised);

    [Fact]
    public void ServicesCatalogue_HasTheNineServicesInBothLanguages()
    {
        var list = CodeListRegistry.Default[CodeListIds.AssistanceService];
        Assert.Equal(["safe-accommodation", "medical", "psychological", "legal-aid", "interpretation", "education-vocational",
            "financial-support", "return-reintegration", "child-protection"], list.Entries.Select(e => e.Code));
        Assert.Equal("Sichere Unterbringung (Schutzunterkunft)", list.Label("safe-accommodation", new System.Globalization.CultureInfo("de-DE")));
    }

    [Fact]
    public void CanRequest_WithConsentToTheRecipient_Allowed()
    {
        var check = Request([ReferralConsent(Shelter)]);
        Assert.True(check.Allowed);
        Assert.Equal(ConsentGround.Consent, check.Consent!.Ground);
    }

    [Fact]
    public void CanRequest_ConsentToAnotherOrganisation_RefusedByTheConsentGate()
    {
        var check = Request([ReferralConsent(Guid.NewGuid())]);
        Assert.Equal("ConsentRequired(referral)", Assert.Single(check.Refusals).ToString());
        Assert.Equal(ConsentGround.Refused, check.Consent!.Ground);
    }

    [Fact]
    public void CanRequest_WithdrawnConsent_Refused() =>
        Assert.False(Request([ReferralConsent(Shelter, withdrawn: new DateOnly(2026, 6, 10))]).Allowed);

    [Fact]
    public void CanRequest_ChildWithBestInterestDecision_AllowedOnThatGround() =>
        Assert.Equal(ConsentGround.ChildBestInterest, Request([], child: true, bestInterest: true).Consent!.Ground);

    [Fact]
    public void CanRequest_ChildWithoutBestInterestDecision_Refused() =>
        Assert.False(Request([], child: true).Allowed);

    [Fact]
    public void CanRequest_DocumentedOverride_Allowed() =>
        Assert.Equal(ConsentGround.DocumentedOverride, Request([], overrideReason: "Immediate danger to life").Consent!.Ground);

    [Fact]
    public void CanRequest_OverrideByAPlainCaseWorker_RefusedNamingTheRole() =>
        Assert.Equal("OverrideNotAuthorised(Coordinator)", Assert.Single(Request([ReferralConsent(Shelter)], overrideReason: "Immediate danger to life", authorised: false).Refusals).ToString());

    [Theory]
    [InlineData("spa-weekend", "ServiceUnknown(spa-weekend)")]
    [InlineData("legal-aid", "ServiceNotOffered(legal-aid)")]
    public void CanRequest_ServiceNotInCatalogueOrNotOffered_RefusedBeforeConsent(string service, string expected)
    {
        var check = Request([ReferralConsent(Shelter)], service);
        Assert.Equal(expected, Assert.Single(check.Refusals).ToString());
        Assert.Null(check.Consent);
    }

    [Fact]
    public void CanRequest_ToItself_Refused() =>
        Assert.Equal("SameOrganisation", Assert.Single(Request([ReferralConsent(Shelter)], from: Shelter).Refusals).ToString());

    /// <summary>Every (state, action) pair: the allowed ones by the right party, the rest refused as not possible from that state.</summary>
    [Theory]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Accept, ServiceReferralParty.Receiving, null)]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Reject, ServiceReferralParty.Receiving, null)]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Revoke, ServiceReferralParty.Referring, null)]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Complete, ServiceReferralParty.Receiving, "NotFromState(Complete, Requested)")]
    [InlineData(ServiceReferralState.Accepted, ServiceReferralAction.Complete, ServiceReferralParty.Receiving, null)]
    [InlineData(ServiceReferralState.Accepted, ServiceReferralAction.Revoke, ServiceReferralParty.Referring, null)]
    [InlineData(ServiceReferralState.Accepted, ServiceReferralAction.Accept, ServiceReferralParty.Receiving, "NotFromState(Accept, Accepted)")]
    [InlineData(ServiceReferralState.Accepted, ServiceReferralAction.Reject, ServiceReferralParty.Receiving, "NotFromState(Reject, Accepted)")]
    [InlineData(ServiceReferralState.Rejected, ServiceReferralAction.Accept, ServiceReferralParty.Receiving, "NotFromState(Accept, Rejected)")]
    [InlineData(ServiceReferralState.Rejected, ServiceReferralAction.Revoke, ServiceReferralParty.Referring, "NotFromState(Revoke, Rejected)")]
    [InlineData(ServiceReferralState.Completed, ServiceReferralAction.Revoke, ServiceReferralParty.Referring, "NotFromState(Revoke, Completed)")]
    [InlineData(ServiceReferralState.Completed, ServiceReferralAction.Complete, ServiceReferralParty.Receiving, "NotFromState(Complete, Completed)")]
    [InlineData(ServiceReferralState.Revoked, ServiceReferralAction.Accept, ServiceReferralParty.Receiving, "NotFromState(Accept, Revoked)")]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Accept, ServiceReferralParty.Referring, "WrongParty(Receiving)")]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Accept, ServiceReferralParty.Other, "WrongParty(Receiving)")]
    [InlineData(ServiceReferralState.Requested, ServiceReferralAction.Revoke, ServiceReferralParty.Receiving, "WrongParty(Referring)")]
    public void Check_EveryActionFromEveryState(ServiceReferralState state, ServiceReferralAction action, ServiceReferralParty party, string? expected) =>
        Assert.Equal(expected, ServiceReferralRules.Check(state, action, party, "No bed free until next month")?.ToString());

    [Theory]
    [InlineData(ServiceReferralAction.Reject, ServiceReferralParty.Receiving)]
    [InlineData(ServiceReferralAction.Revoke, ServiceReferralParty.Referring)]
    public void Check_RejectOrRevokeWithoutReason_Refused(ServiceReferralAction action, ServiceReferralParty party) =>
        Assert.Equal("FieldRequired(reason)", ServiceReferralRules.Check(ServiceReferralState.Requested, action, party, " ")?.ToString());

    [Fact]
    public void Next_LeadsToTheMatchingState() =>
        Assert.Equal([ServiceReferralState.Accepted, ServiceReferralState.Rejected, ServiceReferralState.Completed, ServiceReferralState.Revoked],
            Enum.GetValues<ServiceReferralAction>().Select(ServiceReferralRules.Next));
}
