using System.Text;
using Ariadne.Analytics.Referral;

namespace Ariadne.Tests.Referral;

public sealed class LifecycleDefinitionLoaderTests
{
    private const string Valid = """
        {
          "jurisdiction": "test",
          "timeZone": "Europe/Berlin",
          "initialState": "a",
          "roles": ["r1", "r2"],
          "periods": { "p": { "length": 5, "unit": "working-days" } },
          "states": [ { "id": "a" }, { "id": "b", "period": "p" }, { "id": "end", "terminal": true } ],
          "transitions": [
            { "id": "go", "from": ["a"], "to": "b", "guards": ["role:r1", "required:reasons"] },
            { "id": "stop", "from": ["b"], "to": "end", "guards": ["role:r2", "period-elapsed"] },
            { "id": "quit", "from": ["*"], "to": "end" }
          ],
          "calendar": { "holidays": [ { "name": "Easter Monday", "easter": 1 }, { "name": "New Year", "fixed": "01-01" }, { "name": "One-off", "date": "2026-06-01" } ] }
        }
        """;

    private static LifecycleDefinition Load(string json) => LifecycleDefinitionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    private static string Refused(string json) => Assert.Throws<InvalidDataException>(() => Load(json)).Message;

    [Fact]
    public void Load_ValidDefinition_ExpandsTheWildcardToEveryNonTerminalState()
    {
        var definition = Load(Valid);

        Assert.Equal(["a", "b"], definition.Transitions.Single(t => t.Id == "quit").From);
        Assert.Equal([GuardKind.Role, GuardKind.Required], definition.Transitions[0].Guards.Select(g => g.Kind));
        Assert.Equal(new PeriodLength(5, PeriodUnit.WorkingDays), definition.Periods["p"]);
        Assert.True(definition.Calendar.IsHoliday(new DateOnly(2026, 4, 6)));
        Assert.True(definition.Calendar.IsHoliday(new DateOnly(2026, 6, 1)));
        Assert.False(definition.Calendar.IsHoliday(new DateOnly(2027, 6, 1)));
    }

    [Fact]
    public void Load_TransitionToAnUnknownState_NamesTransitionAndState() =>
        Assert.Contains("Jurisdiction 'test': transition 'go' goes to unknown state 'bb'.",
            Refused(Valid.Replace("\"to\": \"b\"", "\"to\": \"bb\"", StringComparison.Ordinal)));

    [Fact]
    public void Load_TransitionFromAnUnknownState_Refused() =>
        Assert.Contains("transition 'go' leaves unknown state 'x'.", Refused(Valid.Replace("\"from\": [\"a\"]", "\"from\": [\"x\"]", StringComparison.Ordinal)));

    [Fact]
    public void Load_UnreachableState_Refused() =>
        Assert.Contains("state 'island' cannot be reached from the initial state 'a'.",
            Refused(Valid.Replace("{ \"id\": \"end\", \"terminal\": true }", "{ \"id\": \"end\", \"terminal\": true }, { \"id\": \"island\", \"terminal\": true }", StringComparison.Ordinal)));

    [Fact]
    public void Load_DuplicateTransition_Refused() =>
        Assert.Contains("transition 'go' from state 'a' is defined twice.",
            Refused(Valid.Replace("\"transitions\": [", "\"transitions\": [ { \"id\": \"go\", \"from\": [\"a\"], \"to\": \"end\" },", StringComparison.Ordinal)));

    [Fact]
    public void Load_DuplicateState_Refused() =>
        Assert.Contains("state 'a' is defined twice.", Refused(Valid.Replace("{ \"id\": \"a\" },", "{ \"id\": \"a\" }, { \"id\": \"a\" },", StringComparison.Ordinal)));

    [Theory]
    [InlineData("rol:r1", "guard 'rol:r1' is not understood")]
    [InlineData("role", "guard 'role' needs arguments")]
    [InlineData("role:", "guard 'role:' needs arguments")]
    [InlineData("role:r3", "guard 'role:r3' names unknown role 'r3' (declared: r1, r2)")]
    [InlineData("guardian:yes", "guard 'guardian:yes' takes no arguments")]
    [InlineData("consent:statistics", "guard 'consent:statistics': only 'consent:referral' is supported")]
    [InlineData("", "an empty guard")]
    public void Load_UnparsableGuard_RefusedWithTheGuardText(string guard, string expected) =>
        Assert.Contains("transition 'go': " + expected,
            Refused(Valid.Replace("\"role:r1\"", "\"" + guard + "\"", StringComparison.Ordinal)));

    [Theory]
    [InlineData("cooperation")]
    [InlineData("required:cooperationStatus")]
    [InlineData("requester:Cooperating")]
    [InlineData("co-operation:police")]
    public void Load_GuardReferringToCooperation_Refused(string guard) =>
        Assert.Contains($"guard '{guard}' refers to cooperation with the authorities",
            Refused(Valid.Replace("\"required:reasons\"", "\"" + guard + "\"", StringComparison.Ordinal)));

    [Fact]
    public void Load_PeriodElapsedOnAStateWithoutPeriod_Refused() =>
        Assert.Contains("guard 'period-elapsed' needs a period on state 'a', which has none.",
            Refused(Valid.Replace("\"required:reasons\"", "\"period-elapsed\"", StringComparison.Ordinal)));

    [Fact]
    public void Load_NonTerminalDeadEnd_Refused() =>
        Assert.Contains("state 'c' is not terminal but no transition leaves it.",
            Refused(Valid.Replace("{ \"id\": \"a\" },", "{ \"id\": \"a\" }, { \"id\": \"c\" },", StringComparison.Ordinal)
                .Replace("\"transitions\": [", "\"transitions\": [ { \"id\": \"toc\", \"from\": [\"a\"], \"to\": \"c\" },", StringComparison.Ordinal)
                .Replace("\"from\": [\"*\"]", "\"from\": [\"a\", \"b\"]", StringComparison.Ordinal)));

    [Fact]
    public void Load_UnknownTimeZoneAndPeriodAndHoliday_ReportsEveryError()
    {
        var message = Refused(Valid
            .Replace("Europe/Berlin", "Europe/Atlantis", StringComparison.Ordinal)
            .Replace("\"unit\": \"working-days\"", "\"unit\": \"weeks\"", StringComparison.Ordinal)
            .Replace("\"fixed\": \"01-01\"", "\"fixed\": \"1 Jan\"", StringComparison.Ordinal));

        Assert.Contains("unknown time zone 'Europe/Atlantis'", message);
        Assert.Contains("period 'p': unit 'weeks' is not one of days, working-days, months.", message);
        Assert.Contains("state 'b' starts unknown period 'p'.", message);
        Assert.Contains("holiday 'New Year' has fixed date '1 Jan', expected MM-DD.", message);
    }

    [Fact]
    public void Load_UnknownInitialState_Refused() =>
        Assert.Contains("the initial state 'zz' is not defined.", Refused(Valid.Replace("\"initialState\": \"a\"", "\"initialState\": \"zz\"", StringComparison.Ordinal)));

    [Fact]
    public void Load_NotJson_Refused() =>
        Assert.StartsWith("test.json: not valid JSON", Refused("{ nope"));
}
