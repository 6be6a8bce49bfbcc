using Ariadne.Analytics.Referral;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;

namespace Ariadne.Tests.Referral;

public sealed class LifecycleEngineTests
{
    private const string FirstResponder = "first-responder";
    private const string CompetentAuthority = "competent-authority";
    private const string SupportProvider = "support-provider";

    private static readonly LifecycleEngine Engine = Jurisdictions.Default.For(Jurisdictions.Generic);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Reasons = new() { ["reasons"] = "Indicators of forced labour confirmed at interview." };

    private static CaseFacts Facts(string state, DateTimeOffset? entered = null, bool child = false, bool guardian = false, bool consent = true,
        CooperationStatus cooperation = CooperationStatus.NotRecorded) =>
        new(state, entered ?? Start, child, guardian, consent, cooperation);

    private static TransitionRequest Ask(string transition, string role, string? requester = null, bool reasons = true) =>
        new(transition, new HashSet<string> { role }, requester, reasons ? Reasons : null);

    [Fact]
    public void ShippedDefinitions_LoadWithTheExpectedJurisdictions() =>
        Assert.Equal(["DE", "GB", "generic"], Jurisdictions.Default.Definitions.Select(d => d.Jurisdiction).Order(StringComparer.Ordinal));

    [Fact]
    public void ShippedDefinitions_SetOnlyCodesOfTheTraffickingStatusList()
    {
        var list = CodeListRegistry.Default[CodeListIds.TraffickingStatus];
        var codes = Jurisdictions.Default.Definitions.SelectMany(d => d.Transitions).Select(t => t.TraffickingStatus).OfType<string>().Distinct().ToList();
        Assert.Equal(["actual", "not-a-victim", "possible"], codes.Order(StringComparer.Ordinal));
        Assert.All(codes, c => Assert.True(list.Contains(c), c));
    }

    [Fact]
    public void ShippedDefinitions_RecoveryPeriodIsAtLeastThirtyDays()
    {
        var generic = Jurisdictions.Default.For("generic").Definition.Periods["recovery"];
        Assert.Equal(new PeriodLength(30, PeriodUnit.CalendarDays), generic);
        Assert.Equal(new PeriodLength(3, PeriodUnit.Months), Jurisdictions.Default.For("DE").Definition.Periods["recovery"]);
        Assert.Equal(new PeriodLength(45, PeriodUnit.CalendarDays), Jurisdictions.Default.For("GB").Definition.Periods["move-on"]);
    }

    [Fact]
    public void UnknownJurisdiction_FallsBackToGeneric() =>
        Assert.Equal("generic", Jurisdictions.Default.For("XX").Definition.Jurisdiction);

    /// <summary>Every allowed step of the generic definition, with the role allowed to take it and where it leads.</summary>
    public static TheoryData<string, string, string, string, string?, string?> AllowedSteps => new()
    {
        { "identified", "refer", FirstResponder, "referred", null, null },
        { "referred", "rg-positive", CompetentAuthority, "recovery", null, "possible" },
        { "referred", "rg-negative", CompetentAuthority, "rg-negative", null, "not-a-victim" },
        { "rg-negative", "request-reconsideration", FirstResponder, "rg-reconsideration", FirstResponder, null },
        { "rg-negative", "request-reconsideration", CompetentAuthority, "rg-reconsideration", SupportProvider, null },
        { "rg-reconsideration", "reconsideration-positive", CompetentAuthority, "recovery", null, "possible" },
        { "rg-reconsideration", "reconsideration-upheld", CompetentAuthority, "rg-negative", null, "not-a-victim" },
        { "recovery", "cg-positive", CompetentAuthority, "move-on", null, "actual" },
        { "recovery", "cg-negative", CompetentAuthority, "cg-negative", null, "not-a-victim" },
        { "cg-negative", "request-reconsideration", SupportProvider, "cg-reconsideration", SupportProvider, null },
        { "cg-reconsideration", "reconsideration-positive", CompetentAuthority, "move-on", null, "actual" },
        { "cg-reconsideration", "reconsideration-upheld", CompetentAuthority, "cg-negative", null, "not-a-victim" },
        { "rg-negative", "close", FirstResponder, "closed", null, null },
        { "move-on", "close", SupportProvider, "closed", null, null },
        { "cg-negative", "close", FirstResponder, "closed", null, null },
        { "identified", "withdraw", FirstResponder, "withdrawn", null, null },
        { "referred", "withdraw", CompetentAuthority, "withdrawn", null, null },
        { "recovery", "withdraw", SupportProvider, "withdrawn", null, null },
        { "move-on", "withdraw", SupportProvider, "withdrawn", null, null },
    };

    [Theory, MemberData(nameof(AllowedSteps))]
    public void Decide_AllowedStep_LeadsToItsStateAndSetsTheStatus(string from, string transition, string role, string to, string? requester, string? status)
    {
        // Long after entering the state, so that periods have run.
        var decision = Engine.Decide(Facts(from), Ask(transition, role, requester), Start.AddDays(200));

        Assert.True(decision.Allowed, string.Join("; ", decision.Refusals));
        Assert.Equal(to, decision.Transition!.To);
        Assert.Equal(status, decision.Transition.TraffickingStatus);
    }

    [Fact]
    public void AllowedSteps_CoverEveryTransitionOfTheGenericDefinition()
    {
        var covered = AllowedSteps.Select(row => (row.Data.Item2, row.Data.Item1)).ToHashSet();
        var defined = Engine.Definition.Transitions.Where(t => t.Id != "withdraw").SelectMany(t => t.From.Select(f => (t.Id, f))).ToList();
        var missing = defined.Where(d => !covered.Contains(d)).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    [Fact]
    public void Decide_EveryStepFromAStateItDoesNotLeave_RefusedWithNotFromState()
    {
        var checkedPairs = 0;
        foreach (var state in Engine.Definition.States)
        {
            foreach (var id in Engine.Definition.Transitions.Select(t => t.Id).Distinct())
            {
                if (Engine.Definition.Transitions.Any(t => t.Id == id && t.From.Contains(state.Id)))
                {
                    continue;
                }
                var decision = Engine.Decide(Facts(state.Id), Ask(id, CompetentAuthority, FirstResponder), Start.AddDays(200));
                Assert.False(decision.Allowed);
                Assert.Equal(new Refusal(Refusal.NotFromState, [id, state.Id]).ToString(), Assert.Single(decision.Refusals).ToString());
                checkedPairs++;
            }
        }
        // 10 states × 10 step names, less the 22 (step, state) pairs that are defined.
        Assert.Equal(78, checkedPairs);
    }

    [Fact]
    public void Decide_TerminalStates_AllowNoStep()
    {
        Assert.Empty(Engine.NextSteps(Facts("closed"), new HashSet<string> { FirstResponder, CompetentAuthority, SupportProvider }, Start));
        Assert.Empty(Engine.NextSteps(Facts("withdrawn"), new HashSet<string> { FirstResponder, CompetentAuthority, SupportProvider }, Start));
    }

    [Fact]
    public void Decide_UnknownStep_RefusedWithItsName() =>
        Assert.Equal("UnknownTransition(fly)", Assert.Single(Engine.Decide(Facts("referred"), Ask("fly", FirstResponder), Start).Refusals).ToString());

    [Theory]
    [InlineData("referred", "rg-positive", FirstResponder)]
    [InlineData("referred", "rg-negative", SupportProvider)]
    [InlineData("recovery", "cg-positive", FirstResponder)]
    [InlineData("identified", "refer", CompetentAuthority)]
    [InlineData("move-on", "close", CompetentAuthority)]
    public void Decide_WrongRole_RefusedNamingTheRolesAllowed(string from, string transition, string role)
    {
        var decision = Engine.Decide(Facts(from), Ask(transition, role), Start.AddDays(200));

        var refusal = Assert.Single(decision.Refusals);
        Assert.Equal(Refusal.RoleRequired, refusal.Code);
        Assert.DoesNotContain(role, refusal.Arguments);
    }

    [Theory]
    [InlineData("referred", "rg-positive")]
    [InlineData("referred", "rg-negative")]
    [InlineData("recovery", "cg-positive")]
    [InlineData("recovery", "cg-negative")]
    [InlineData("rg-reconsideration", "reconsideration-upheld")]
    [InlineData("recovery", "withdraw")]
    public void Decide_DecisionWithoutReasons_RefusedAskingForReasons(string from, string transition)
    {
        var decision = Engine.Decide(Facts(from), Ask(transition, CompetentAuthority, reasons: false), Start.AddDays(200));

        Assert.Equal("FieldRequired(reasons)", Assert.Single(decision.Refusals).ToString());
    }

    [Fact]
    public void Decide_BlankReasons_Refused() =>
        Assert.False(Engine.Decide(Facts("referred"), new TransitionRequest("rg-positive", new HashSet<string> { CompetentAuthority }, null,
            new Dictionary<string, string> { ["reasons"] = "   " }), Start).Allowed);

    [Theory]
    [InlineData(CompetentAuthority)]
    [InlineData(null)]
    public void Decide_ReconsiderationNotRequestedByReferrerOrSupportProvider_Refused(string? requester)
    {
        var decision = Engine.Decide(Facts("rg-negative"), Ask("request-reconsideration", CompetentAuthority, requester), Start);

        Assert.Equal("RequesterNotAllowed(first-responder, support-provider)", Assert.Single(decision.Refusals).ToString());
    }

    [Fact]
    public void Decide_AdultReferralWithoutConsent_Refused() =>
        Assert.Equal("ConsentRequired(referral)",
            Assert.Single(Engine.Decide(Facts("identified", consent: false), Ask("refer", FirstResponder), Start).Refusals).ToString());

    [Fact]
    public void Decide_ChildReferralWithoutConsent_Allowed() =>
        Assert.True(Engine.Decide(Facts("identified", child: true, consent: false), Ask("refer", FirstResponder), Start).Allowed);

    [Theory]
    [InlineData("recovery", "cg-positive")]
    [InlineData("recovery", "cg-negative")]
    [InlineData("cg-reconsideration", "reconsideration-positive")]
    public void Decide_ConclusiveDecisionOnAChildWithoutGuardian_Refused(string from, string transition)
    {
        var later = Start.AddDays(200);
        Assert.Equal("GuardianRequired", Assert.Single(Engine.Decide(Facts(from, child: true), Ask(transition, CompetentAuthority), later).Refusals).ToString());
        Assert.True(Engine.Decide(Facts(from, child: true, guardian: true), Ask(transition, CompetentAuthority), later).Allowed);
        Assert.True(Engine.Decide(Facts(from, child: false), Ask(transition, CompetentAuthority), later).Allowed);
    }

    [Fact]
    public void Decide_ConclusiveDecisionBeforeThirtyDaysOfRecovery_RefusedWithTheDateTheMinimumEnds()
    {
        // Positive reasonable-grounds decision on 2 March 2026 (UTC); the minimum period runs to the end of 1 April.
        var facts = Facts("recovery", entered: Start);

        var early = Engine.Decide(facts, Ask("cg-positive", CompetentAuthority), new DateTimeOffset(2026, 4, 1, 23, 59, 0, TimeSpan.Zero));
        var onTime = Engine.Decide(facts, Ask("cg-positive", CompetentAuthority), new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("PeriodNotElapsed(recovery, 2026-04-01)", Assert.Single(early.Refusals).ToString());
        Assert.True(onTime.Allowed);
    }

    [Fact]
    public void Decide_CloseDuringMoveOnSupport_Refused()
    {
        var decision = Engine.Decide(Facts("move-on", entered: Start), Ask("close", SupportProvider), Start.AddDays(44));
        Assert.Equal("PeriodNotElapsed(move-on, 2026-04-16)", Assert.Single(decision.Refusals).ToString());
    }

    [Fact]
    public void Decide_SeveralGuardsFail_ReportsEveryReason()
    {
        var decision = Engine.Decide(Facts("recovery", child: true), Ask("cg-positive", FirstResponder, reasons: false), Start.AddDays(1));

        Assert.Equal(["RoleRequired(competent-authority)", "FieldRequired(reasons)", "GuardianRequired", "PeriodNotElapsed(recovery, 2026-04-01)"],
            decision.Refusals.Select(r => r.ToString()));
    }

    [Fact]
    public void NextSteps_ForTheCompetentAuthorityOnAReferral_ListsBothDecisionsAndWithdrawal()
    {
        var steps = Engine.NextSteps(Facts("referred"), new HashSet<string> { CompetentAuthority }, Start);

        Assert.Equal(["rg-positive", "rg-negative", "withdraw"], steps.Select(s => s.Transition!.Id));
        Assert.All(steps, s => Assert.True(s.Allowed));
    }

    /// <summary>
    /// Cooperation with the authorities must not decide anything (CoE art. 12(6)): for every definition, every step
    /// from every state it leaves, with and without the other facts, the decision is the same whatever the cooperation
    /// status, and with the other conditions met every step is allowed under every cooperation status.
    /// </summary>
    [Fact]
    public void Decide_EveryTransition_IsTheSameWhateverTheCooperationStatus()
    {
        var allRoles = new HashSet<string> { FirstResponder, CompetentAuthority, SupportProvider };
        var decisions = 0;
        foreach (var engine in Jurisdictions.Default.Definitions.Select(d => new LifecycleEngine(d)))
        {
            foreach (var transition in engine.Definition.Transitions)
            {
                foreach (var from in transition.From)
                {
                    foreach (var (child, guardian, consent, days) in new[] { (false, false, true, 400), (true, true, false, 400), (true, false, false, 1), (false, false, false, 0) })
                    {
                        var outcomes = Enum.GetValues<CooperationStatus>().Select(cooperation =>
                        {
                            var decision = engine.Decide(Facts(from, Start, child, guardian, consent, cooperation),
                                new TransitionRequest(transition.Id, allRoles, FirstResponder, Reasons), Start.AddDays(days));
                            decisions++;
                            return (decision.Allowed, string.Join(";", decision.Refusals));
                        }).Distinct().ToList();
                        Assert.Single(outcomes);
                        if (days == 400 && (!child || guardian))
                        {
                            Assert.True(outcomes[0].Allowed, $"{engine.Definition.Jurisdiction}: {transition.Id} from {from}: {outcomes[0].Item2}");
                        }
                    }
                }
            }
        }
        Assert.True(decisions > 500, decisions.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
