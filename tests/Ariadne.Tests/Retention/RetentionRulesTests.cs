using Ariadne.Core.Retention;

namespace Ariadne.Tests.Retention;

/// <summary>The retention rule, case by case (see the remarks on <see cref="RetentionRules"/>).</summary>
public sealed class RetentionRulesTests
{
    private static readonly DateTime Now = new(2031, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime SixYearsAgo = Now.AddYears(-6);
    private static readonly DateTime FourYearsAgo = Now.AddYears(-4);

    public static TheoryData<string, RetentionFacts, int, RetentionReason, DateTime?> Table => new()
    {
        { "erased first", Facts(erased: true, status: "closed", updated: SixYearsAgo), 5, RetentionReason.AlreadyErased, null },
        { "policy off", Facts(status: "closed", updated: SixYearsAgo), 0, RetentionReason.Off, null },
        { "no lifecycle, active", Facts(status: "active", updated: SixYearsAgo), 5, RetentionReason.Open, null },
        { "no lifecycle, follow-up", Facts(status: "follow-up", updated: SixYearsAgo), 5, RetentionReason.Open, null },
        { "no lifecycle, closed 6y", Facts(status: "closed", updated: SixYearsAgo), 5, RetentionReason.DueCaseClosed, SixYearsAgo.AddYears(5) },
        { "no lifecycle, closed-referred 6y", Facts(status: "closed-referred", updated: SixYearsAgo), 5, RetentionReason.DueCaseClosed, SixYearsAgo.AddYears(5) },
        { "no lifecycle, closed 4y", Facts(status: "closed", updated: FourYearsAgo), 5, RetentionReason.NotYetDue, FourYearsAgo.AddYears(5) },
        { "exactly 5y: due", Facts(status: "closed", updated: Now.AddYears(-5)), 5, RetentionReason.DueCaseClosed, Now },
        { "one second short", Facts(status: "closed", updated: Now.AddYears(-5).AddSeconds(1)), 5, RetentionReason.NotYetDue, Now.AddSeconds(1) },
        { "closed 6y, held", Facts(status: "closed", updated: SixYearsAgo, hold: true), 5, RetentionReason.LegalHold, SixYearsAgo.AddYears(5) },
        { "closed 4y, held: not yet", Facts(status: "closed", updated: FourYearsAgo, hold: true), 5, RetentionReason.NotYetDue, FourYearsAgo.AddYears(5) },
        { "lifecycle open, status closed", Facts(status: "closed", updated: SixYearsAgo, lifecycle: true, terminal: false, entered: SixYearsAgo), 5, RetentionReason.Open, null },
        { "lifecycle closed 6y, status active", Facts(status: "active", updated: SixYearsAgo, lifecycle: true, terminal: true, entered: SixYearsAgo), 5, RetentionReason.DueLifecycleClosed, SixYearsAgo.AddYears(5) },
        { "lifecycle closed 6y, changed 4y ago", Facts(status: "active", updated: FourYearsAgo, lifecycle: true, terminal: true, entered: SixYearsAgo), 5, RetentionReason.NotYetDue, FourYearsAgo.AddYears(5) },
        { "lifecycle closed 4y, changed 6y ago", Facts(status: "closed", updated: SixYearsAgo, lifecycle: true, terminal: true, entered: FourYearsAgo), 5, RetentionReason.NotYetDue, FourYearsAgo.AddYears(5) },
        { "lifecycle closed 6y, 7-year policy", Facts(status: "closed", updated: SixYearsAgo, lifecycle: true, terminal: true, entered: SixYearsAgo), 7, RetentionReason.NotYetDue, SixYearsAgo.AddYears(7) },
        { "lifecycle closed 6y, held", Facts(status: "closed", updated: SixYearsAgo, lifecycle: true, terminal: true, entered: SixYearsAgo, hold: true), 5, RetentionReason.LegalHold, SixYearsAgo.AddYears(5) },
        { "29 Feb counts as 28 Feb", Facts(status: "closed", updated: new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc)), 1, RetentionReason.DueCaseClosed, new DateTime(2025, 2, 28, 12, 0, 0, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_Table_ReasonAndDueTime(string name, RetentionFacts facts, int years, RetentionReason reason, DateTime? dueAt)
    {
        var decision = RetentionRules.Decide(facts, years, Now);

        Assert.True(decision.Reason == reason, $"{name}: {decision.Reason}, expected {reason}");
        Assert.Equal(dueAt, decision.DueAtUtc);
        Assert.Equal(reason is RetentionReason.DueCaseClosed or RetentionReason.DueLifecycleClosed, decision.IsDue);
    }

    [Theory]
    [InlineData(-1, "Retention:IdentityYears")]
    [InlineData(101, "Retention:IdentityYears")]
    public void Validate_YearsOutOfRange_NamesTheKey(int years, string key)
    {
        var errors = new RetentionOptions { IdentityYears = years }.Validate();

        Assert.Contains(errors, e => e.StartsWith(key + " must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HourAndBatchOutOfRange_OneMessageEach()
    {
        var errors = new RetentionOptions { HourUtc = 24, BatchSize = 0 }.Validate();

        Assert.Equal(["Retention:HourUtc must be an hour from 0 to 23 (UTC); it is 24.", "Retention:BatchSize must be 1 to 10000; it is 0."], errors);
    }

    [Fact]
    public void Validate_Defaults_ValidFiveYearsManual()
    {
        var options = new RetentionOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(5, options.IdentityYears);
        Assert.False(options.Automatic);
    }

    private static RetentionFacts Facts(string status, DateTime updated, bool erased = false, bool hold = false,
        bool lifecycle = false, bool terminal = false, DateTime? entered = null) =>
        new(erased, hold, status, updated, lifecycle, terminal, entered);
}
