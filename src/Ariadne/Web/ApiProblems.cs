using Ariadne.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ariadne.Web;

/// <summary>
/// The one mapping of a Core <see cref="Problem"/> to RFC 7807 problem details: Invalid → 400 with <c>errors</c> keyed by
/// the JSON (camelCase) property name, NotFound → 404, Forbidden → 403, Refused → 422 with <c>refusals</c> (code and
/// arguments, for a client to render in its language), Conflict → 409.
/// </summary>
public static class ApiProblems
{
    /// <param name="problem">What went wrong.</param>
    /// <param name="title">The title for any kind; null for the kind's default.</param>
    /// <param name="invalidTitle">The title when the problem is Invalid (e.g. "The case has invalid fields."); other kinds keep theirs.</param>
    public static ProblemHttpResult From(Problem problem, string? title = null, string? invalidTitle = null)
    {
        var status = StatusCode(problem.Kind);
        if (problem.Kind == ProblemKind.Invalid)
        {
            var errors = problem.Errors
                .GroupBy(e => JsonName(e.Field))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = status,
                Title = title ?? invalidTitle ?? "The request has invalid fields.",
                Detail = problem.Detail,
            });
        }
        var details = new ProblemDetails { Status = status, Title = title ?? DefaultTitle(problem.Kind), Detail = problem.Detail ?? Describe(problem) };
        if (problem.Refusals.Count > 0)
        {
            details.Extensions["refusals"] = problem.Refusals.Select(r => new { r.Code, r.Arguments }).ToList();
        }
        return TypedResults.Problem(details);
    }

    public static int StatusCode(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.Refused => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown problem kind."),
    };

    /// <summary>The JSON name of a Core input property: PascalCase → camelCase, as clients send it.</summary>
    public static string JsonName(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private static string DefaultTitle(ProblemKind kind) => kind switch
    {
        ProblemKind.NotFound => "Not found.",
        ProblemKind.Forbidden => "Forbidden.",
        ProblemKind.Refused => "The step is not allowed.",
        ProblemKind.Conflict => "Conflict.",
        _ => "The request has invalid fields.",
    };

    private static string? Describe(Problem problem) => problem.Refusals.Count > 0 ? string.Join("; ", problem.Refusals) : null;
}
