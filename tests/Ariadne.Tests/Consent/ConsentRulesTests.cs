using Ariadne.Core.Consent;

namespace Ariadne.Tests.Consent;

public sealed class ConsentRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly Guid Shelter = Guid.NewGuid();
    private static readonly Guid Clinic = Guid.NewGuid();

    private static ConsentRecord Given(ConsentPurpose purpose, Guid? recipient = null, string on = "2026-01-10", string? withdrawn = null) => new()
    {
        Purpose = purpose,
        RecipientOrganisationId = recipient,
        GivenOn = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture),
        WithdrawnOn = withdrawn is null ? null : DateOnly.Parse(withdrawn, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ConsentDecision Decide(IEnumerable<ConsentRecord> records, ConsentPurpose purpose, Guid? recipient = null,
        bool child = false, bool bestInterest = false, string? overrideReason = null, bool authorised = true) =>
        ConsentRules.Decide(records, purpose, recipient, Today, child, bestInterest ? [InBestInterest()] : [], overrideReason, authorised);

    private static BestInterestDecision InBestInterest(string on = "2026-05-01", Guid? recipient = null,
        BestInterestOutcome outcome = BestInterestOutcome.ReferralInBestInterest) => new()
        {
            Id = Guid.NewGuid(),
            DecidedOn = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture),
            Outcome = outcome,
            RecipientOrganisationId = recipient,
        };

    [Fact]
    public void Decide_ActiveConsentForThePurpose_Allowed() =>
        Assert.Equal(ConsentGround.Consent, Decide([Given(ConsentPurpose.Statistics)], ConsentPurpose.Statistics).Ground);

    [Fact]
    public void Decide_ConsentForAnotherPurpose_Refused() =>
        Assert.False(Decide([Given(ConsentPurpose.Assistance)], ConsentPurpose.Statistics).Allowed);

    [Fact]
    public void Decide_ReferralConsentForAnotherOrganisation_Refused() =>
        Assert.False(Decide([Given(ConsentPurpose.Referral, Shelter)], ConsentPurpose.Referral, Clinic).Allowed);

    [Fact]
    public void Decide_ReferralConsentForTheNamedOrganisation_Allowed() =>
        Assert.True(Decide([Given(ConsentPurpose.Referral, Shelter)], ConsentPurpose.Referral, Shelter).Allowed);

    [Theory]
    [InlineData("2026-06-15", false)]
    [InlineData("2026-06-16", true)]
    [InlineData("2026-03-01", false)]
    public void Decide_Withdrawal_EndsTheConsentFromItsDate(string withdrawn, bool allowed) =>
        Assert.Equal(allowed, Decide([Given(ConsentPurpose.Contact, withdrawn: withdrawn)], ConsentPurpose.Contact).Allowed);

    [Fact]
    public void Decide_ConsentGivenInTheFuture_NotYetActive() =>
        Assert.False(Decide([Given(ConsentPurpose.Contact, on: "2026-07-01")], ConsentPurpose.Contact).Allowed);

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Decide_ChildReferralWithoutConsent_AllowedOnlyWithBestInterestDecision(bool child, bool bestInterest, bool allowed)
    {
        var decision = Decide([], ConsentPurpose.Referral, Shelter, child, bestInterest);
        Assert.Equal(allowed, decision.Allowed);
        if (allowed)
        {
            Assert.Equal(ConsentGround.ChildBestInterest, decision.Ground);
        }
    }

    [Fact]
    public void Decide_BestInterestDecision_DoesNotCoverOtherPurposes() =>
        Assert.False(Decide([], ConsentPurpose.Statistics, child: true, bestInterest: true).Allowed);

    [Fact]
    public void Decide_DocumentedOverride_AllowedAndSaysSo()
    {
        var decision = Decide([], ConsentPurpose.Referral, Clinic, overrideReason: "Immediate danger to life");
        Assert.True(decision.Allowed);
        Assert.Equal(ConsentGround.DocumentedOverride, decision.Ground);
        // The reason is free text about the person: sealed in the record, never repeated in the decision (which may be audited or shown).
        Assert.DoesNotContain("Immediate danger to life", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OverrideByARoleThatMayNot_Refused() =>
        Assert.False(Decide([], ConsentPurpose.Referral, Clinic, overrideReason: "Immediate danger to life", authorised: false).Allowed);

    [Fact]
    public void Decide_ChildBestInterest_TheNewestApplicableDecisionCountsAndOnlyForItsRecipient()
    {
        BestInterestDecision[] yesThenNo = [InBestInterest("2026-04-01"), InBestInterest("2026-05-01", outcome: BestInterestOutcome.ReferralNotInBestInterest)];
        BestInterestDecision[] forShelter = [InBestInterest(recipient: Shelter)];
        BestInterestDecision[] future = [InBestInterest("2026-07-01")];

        Assert.False(ConsentRules.Decide([], ConsentPurpose.Referral, Shelter, Today, true, yesThenNo, null, false).Allowed);
        Assert.True(ConsentRules.Decide([], ConsentPurpose.Referral, Shelter, Today, true, forShelter, null, false).Allowed);
        Assert.False(ConsentRules.Decide([], ConsentPurpose.Referral, Clinic, Today, true, forShelter, null, false).Allowed);
        Assert.False(ConsentRules.Decide([], ConsentPurpose.Referral, Shelter, Today, true, future, null, false).Allowed);
    }

    [Fact]
    public void Decide_BlankOverride_Refused() =>
        Assert.False(Decide([], ConsentPurpose.Contact, overrideReason: "   ").Allowed);

    [Fact]
    public void Decide_ReferralWithoutRecipient_Throws() =>
        Assert.Throws<ArgumentException>(() => Decide([], ConsentPurpose.Referral));
}
