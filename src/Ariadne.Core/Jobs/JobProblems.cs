using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Common;

namespace Ariadne.Core.Jobs;

/// <summary>
/// A failed job's <see cref="Problem"/> as stored in <see cref="BackgroundJob.ProblemJson"/>, so that the node that
/// shows it can localise it like a problem of its own request. Field arguments are kept as invariant strings.
/// </summary>
public static class JobProblems
{
    /// <summary>The problem of a handler that threw: the exception's message is never stored (it may hold personal data).</summary>
    public static Problem Internal { get; } = Problem.Refused("JobInternalError", "The job stopped because of an internal error; the administrator's log names its type.");

    /// <summary>The problem of a job whose node stopped while it ran.</summary>
    public static Problem Interrupted { get; } = Problem.Refused("JobInterrupted", "The job was interrupted (the server stopped while it ran); start it again.");

    public static string Serialise(Problem problem) => JsonSerializer.Serialize(new Stored(
        problem.Kind.ToString(),
        problem.Detail,
        [.. problem.Errors.Select(e => new StoredError(e.Field, e.Code, e.Message, [.. e.Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]))],
        [.. problem.Refusals.Select(r => new StoredRefusal(r.Code, [.. r.Arguments]))]));

    public static Problem Deserialise(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new FormatException("A job's problem is empty.");
        return new Problem(
            Enum.Parse<ProblemKind>(stored.Kind),
            [.. stored.Errors.Select(e => new FieldError(e.Field, e.Code, e.Message, [.. e.Arguments]))],
            [.. stored.Refusals.Select(r => new Refusal(r.Code, r.Arguments))],
            stored.Detail);
    }

    private sealed record Stored(string Kind, string? Detail, List<StoredError> Errors, List<StoredRefusal> Refusals);

    private sealed record StoredError(string Field, string Code, string Message, List<string> Arguments);

    private sealed record StoredRefusal(string Code, List<string> Arguments);
}
