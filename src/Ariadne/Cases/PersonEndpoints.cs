using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Cases;

/// <summary>
/// <c>/api/v1/persons/lookup</c>: exact lookup of a person through the blind indexes, without decrypting. The answer
/// names only the visible cases (id and pseudonymous code), never an identifying field. Each lookup is audited (actor,
/// outcome, number of matches) and rate-limited per user (<see cref="Web.RateLimits.PersonLookup"/>).
/// </summary>
public static class PersonEndpoints
{
    public static IEndpointRouteBuilder MapPersonApi(this IEndpointRouteBuilder app)
    {
        // A lookup by name or document tells whether a person is known: only for those who may reveal identities.
        // Every lookup is audited by CaseService; this bounds how many a user can make (a burst gets 429).
        var persons = app.MapApiGroup("/api/v1/persons", "Persons", Policies.CaseEditor, TokenScopes.CasesReveal, rateLimit: RateLimits.PersonLookup);
        persons.MapGet("/lookup", Lookup).WithName("LookupPerson")
            .WithSummary("Finds the visible cases of a person by family name + given name + date of birth (yyyy-MM-dd), or by document number (+ type). Exact match, insensitive to case, accents, punctuation and spacing.");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<CaseReference>>, ValidationProblem>> Lookup(
        string? familyName, string? givenName, string? dateOfBirth, string? documentNumber, string? documentType,
        HttpContext context, CaseService service, CancellationToken cancellationToken)
    {
        var viewer = context.User.ToCaseViewer();
        if (!string.IsNullOrWhiteSpace(documentNumber))
        {
            return TypedResults.Ok(await service.FindByDocumentAsync(documentType, documentNumber, viewer, cancellationToken));
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(familyName))
        {
            errors["familyName"] = ["Give familyName and dateOfBirth, or documentNumber."];
        }
        if (!DateOnly.TryParseExact(dateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            errors["dateOfBirth"] = ["Give the date of birth as yyyy-MM-dd."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The lookup needs a family name and a date of birth, or a document number.");
        }
        return TypedResults.Ok(await service.FindByNameAndDateOfBirthAsync(familyName!, givenName, born, viewer, cancellationToken));
    }
}
