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
        bool child = false, bool bestInterest = false, string? overrideReason = null) =>
        ConsentRules.Decide(records, purpose, recipient, Today, child, bestInterest, overrideReason);

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
        Assert.Contains("Immediate danger to life", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BlankOverride_Refused() =>
        Assert.False(Decide([], ConsentPurpose.Contact, overrideReason: "   ").Allowed);

    [Fact]
    public void Decide_ReferralWithoutRecipient_Throws() =>
        Assert.Throws<ArgumentException>(() => Decide([], ConsentPurpose.Referral));
}
