using Ariadne.Analytics.Referral;

namespace Ariadne.Core.Common;

/// <summary>
/// The outcome vocabulary of every Core service: a value, or a <see cref="Problem"/> that says why not. Each surface maps
/// a problem once — the API to problem details (<c>Web/ApiProblems</c>), pages to model-state errors, the command line to
/// an exit code and one line on stderr (<c>Cli/CliHost</c>) — so no service returns <c>bool?</c>, <c>string?</c> or an
/// outcome enum of its own.
/// </summary>
/// <remarks>
/// A conflict may carry the current state of the record (<see cref="Value"/> set beside <see cref="Problem"/>), so that
/// a surface can show what someone else saved; every other problem carries no value.
/// </remarks>
public sealed class Result<T>
{
    private Result(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value on success; on a conflict, the record as it now stands (may be null); otherwise default.</summary>
    public T? Value { get; }

    /// <summary>Why the operation did not succeed; null on success.</summary>
    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Problem problem) => new(default, problem);

    /// <summary>A conflict that shows the record as it stands now.</summary>
    public static Result<T> Conflict(T current, string? detail = null) => new(current, Problem.Conflict(detail));

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Problem problem) => Failure(problem);

    /// <summary>The value, for a caller that has checked <see cref="Succeeded"/>.</summary>
    /// <exception cref="InvalidOperationException">The operation failed.</exception>
    public T Unwrap() => Succeeded ? Value! : throw new InvalidOperationException($"The operation failed: {Problem}.");

    /// <summary>The same problem, or the value mapped by <paramref name="map"/>.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map) => Problem is { } problem ? problem : map(Value!);

    public override string ToString() => Problem is { } problem ? problem.ToString() : $"Success({Value})";
}

/// <summary>The outcome of an operation that has no value to return: success, or a <see cref="Problem"/>.</summary>
public sealed class Result
{
    private Result(Problem? problem) => Problem = problem;

    public static Result Success { get; } = new(null);

    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    public static Result Failure(Problem problem) => new(problem);

    public static implicit operator Result(Problem problem) => new(problem);

    public override string ToString() => Problem?.ToString() ?? "Success";
}

/// <summary>Why an operation did not succeed, in the terms every surface understands.</summary>
public enum ProblemKind
{
    /// <summary>The input is wrong; <see cref="Problem.Errors"/> names each field. API 400, CLI exit 2.</summary>
    Invalid,

    /// <summary>The record does not exist, or the caller may not know that it does. API 404.</summary>
    NotFound,

    /// <summary>The caller may see the record but not do this to it. API 403.</summary>
    Forbidden,

    /// <summary>A rule of the domain refuses the step; <see cref="Problem.Refusals"/> says which. API 422.</summary>
    Refused,

    /// <summary>Someone else changed the record first, or it is in a state that forbids the step. API 409.</summary>
    Conflict,
}

/// <summary>
/// What went wrong: its kind, the invalid fields, the refusing rules, and an English detail naming what is needed. The
/// detail and messages never hold identifying data (they are shown, logged by hosts and written to stderr).
/// </summary>
public sealed record Problem(ProblemKind Kind, IReadOnlyList<FieldError> Errors, IReadOnlyList<Refusal> Refusals, string? Detail)
{
    public static Problem Invalid(IReadOnlyList<FieldError> errors) => new(ProblemKind.Invalid, errors, [], null);

    public static Problem Invalid(string field, string code, string message, params object[] arguments) =>
        new(ProblemKind.Invalid, [new FieldError(field, code, message, arguments)], [], null);

    public static Problem NotFound(string? detail = null) => new(ProblemKind.NotFound, [], [], detail);

    public static Problem Forbidden(string? detail = null) => new(ProblemKind.Forbidden, [], [], detail);

    public static Problem Refused(IReadOnlyList<Refusal> refusals, string? detail = null) => new(ProblemKind.Refused, [], refusals, detail);

    public static Problem Refused(string code, string detail, params string[] arguments) =>
        new(ProblemKind.Refused, [], [new Refusal(code, arguments)], detail);

    public static Problem Conflict(string? detail = null) => new(ProblemKind.Conflict, [], [], detail);

    /// <summary>One line for logs and the command line: the detail, or the field messages, or the refusals.</summary>
    public override string ToString()
    {
        if (Detail is not null)
        {
            return Detail;
        }
        if (Errors.Count > 0)
        {
            return string.Join("; ", Errors.Select(e => e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}"));
        }
        return Refusals.Count > 0 ? string.Join("; ", Refusals) : Kind.ToString();
    }
}

/// <summary>A validation failure on one field of an input.</summary>
/// <param name="Field">The input's property name (PascalCase); empty for the input as a whole.</param>
/// <param name="Code">A stable key for localisation: Required, UnknownCode, TooLong, FutureDate, BeforeBirth, OutOfRange, Contradiction.</param>
/// <param name="Message">The English message, naming the offending value where that is not identifying.</param>
/// <param name="Arguments">The values the localised message template is filled with, in order.</param>
public sealed record FieldError(string Field, string Code, string Message, params object[] Arguments);
