using System.Text;
using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Referral.Transnational;

/// <summary>
/// Transnational referral (§15): <c>/api/v1/cases/{id}/referral-packages</c> signs a case's package for a partner abroad;
/// <c>/api/v1/referral-packages</c> imports (verifies, then opens a case) and lists received packages;
/// <c>/api/v1/referral-signing-key</c> gives this organisation's public key to send to partners;
/// <c>/api/v1/referral-partners</c> registers and revokes partners' public keys, and <c>/api/v1/organisation/country</c>
/// records the organisation's country (administrators).
/// Problems are mapped by <see cref="ApiProblems"/>; a refused package is a 422 problem whose <c>error</c> is also the
/// <see cref="PackageError"/> name, as before the refusal list existed.
/// </summary>
public static class TransnationalEndpoints
{
    public sealed record CountryRequest(string? CountryCode);

    public static IEndpointRouteBuilder MapTransnationalReferralApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/cases/{caseId:guid}/referral-packages", async (Guid caseId, PackageRequest request, HttpContext http,
                ReferralPackages service, CancellationToken ct) =>
            {
                // A JSON body can carry null where the model says "never": named here rather than ending in a 500.
                if (request.Services is null || request.Services.Any(s => s is null))
                {
                    return Results.ValidationProblem(request.Services is null
                        ? new Dictionary<string, string[]> { ["services"] = ["The list is null; send the services requested."] }
                        : request.Services.Select((s, i) => (s, i)).Where(p => p.s is null)
                            .ToDictionary(p => $"services[{p.i}]", _ => new[] { "The element is null; leave it out instead." }),
                        title: "The package request has invalid fields.");
                }
                var result = await service.ExportAsync(caseId, request, http.User.ToCaseViewer(), ct);
                return result.Problem is { } problem
                    ? ApiProblems.From(problem)
                    : Results.File(Encoding.UTF8.GetBytes(result.Value!.Json), ReferralPackage.MediaType, result.Value.FileName);
            })
            .WithName("ExportReferralPackage")
            .WithSummary("Signs the case's minimal data set for a registered partner organisation; refused (422) without consent, partner key or services.")
            .Produces(StatusCodes.Status200OK, contentType: ReferralPackage.MediaType)
            .Apply(Policies.CaseEditor, TokenScopes.Referral);

        var packages = app.MapGroup("/api/v1/referral-packages");
        packages.MapGet("/", async (HttpContext http, ReferralPackages service, CancellationToken ct) =>
                TypedResults.Ok(await service.ReceivedAsync(http.User.ToCaseViewer(), 200, ct)))
            .WithName("ListReceivedReferralPackages")
            .Apply(Policies.CaseReader, TokenScopes.Referral);
        packages.MapPost("/", Import)
            .WithName("ImportReferralPackage")
            .WithSummary("Verifies a partner's signed package (the request body, as exported) and opens a case for it in the receiving organisation.")
            .Accepts<string>(ReferralPackage.MediaType, "application/json", "text/plain")
            .Apply(Policies.CaseEditor, TokenScopes.Referral);

        app.MapGet("/api/v1/referral-signing-key", async Task<Results<Ok<SigningKeyView>, ProblemHttpResult>> (Guid? organisation, HttpContext http,
                PartnerKeys service, CancellationToken ct) =>
            {
                var key = await service.SigningKeyForAsync(organisation, http.User.ToCaseViewer(), ct);
                return key.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(key.Value!);
            })
            .WithName("GetSigningKey")
            .WithSummary("An organisation's public signing key (PEM and fingerprint) for partners to register; created on first use. "
                + "Query 'organisation': administrators name any organisation, everyone else only their own (the default).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ApplyRoles(TokenScopes.Referral, Roles.CaseWorker, Roles.Coordinator, Roles.Administrator);
        app.MapPost("/api/v1/referral-signing-key/rotate", async Task<Results<Ok<SigningKeyView>, ProblemHttpResult, NotFound>> (HttpContext http,
                PartnerKeys service, CancellationToken ct) =>
            {
                var viewer = http.User.ToCaseViewer();
                if (viewer.OrganisationId is not { } organisation)
                {
                    return TypedResults.NotFound();
                }
                var rotated = await service.RotateSigningKeyAsync(organisation, viewer, ct);
                return rotated.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(rotated.Value!);
            })
            .WithName("RotateSigningKey")
            .WithSummary("Retires this organisation's signing key and creates a new one; partners must register the new public key.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);

        app.MapPut("/api/v1/organisation/country", async Task<Results<NoContent, ProblemHttpResult, NotFound>> (CountryRequest request, HttpContext http,
                PartnerKeys service, CancellationToken ct) =>
            {
                if (http.User.ToCaseViewer() is not { OrganisationId: { } organisation } viewer)
                {
                    return TypedResults.NotFound();
                }
                return (await service.SetCountryAsync(organisation, request.CountryCode, viewer, ct)).Problem is { } problem
                    ? ApiProblems.From(problem)
                    : TypedResults.NoContent();
            })
            .WithName("SetOrganisationCountry")
            .WithSummary("Records the country the administrator's organisation works in, which its referral packages name as the sending country.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);

        var partners = app.MapGroup("/api/v1/referral-partners");
        partners.MapGet("/", async (PartnerKeys service, CancellationToken ct) => TypedResults.Ok(await service.PartnersAsync(ct)))
            .WithName("ListReferralPartners")
            .ApplyRoles(TokenScopes.Referral, Roles.CaseWorker, Roles.Coordinator, Roles.Administrator);
        partners.MapPost("/", async Task<Results<Created<PartnerView>, ProblemHttpResult>> (PartnerInput input, HttpContext http,
                PartnerKeys service, CancellationToken ct) =>
            {
                var added = await service.AddPartnerAsync(input, http.User.ToCaseViewer(), ct);
                return added.Problem is { } problem
                    ? ApiProblems.From(problem)
                    : TypedResults.Created($"/api/v1/referral-partners/{added.Value!.KeyId}", added.Value);
            })
            .WithName("AddReferralPartner")
            .WithSummary("Registers a partner organisation's ECDSA P-256 public key (PEM); packages it signs are then accepted.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);
        partners.MapDelete("/{keyId}", async Task<Results<NoContent, ProblemHttpResult>> (string keyId, string? reason, HttpContext http,
                PartnerKeys service, CancellationToken ct) =>
                (await service.RevokePartnerAsync(keyId, reason, http.User.ToCaseViewer(), ct)).Problem is { } problem
                    ? ApiProblems.From(problem)
                    : TypedResults.NoContent())
            .WithName("RevokeReferralPartner")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);
        return app;
    }

    private static async Task<IResult> Import(HttpContext http, ReferralPackages service, CancellationToken ct)
    {
        string json;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            var buffer = new char[ReferralPackages.MaxPackageBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            if (read > ReferralPackages.MaxPackageBytes)
            {
                return Refused(Problem.Refused(nameof(PackageError.Malformed), $"The package is larger than {ReferralPackages.MaxPackageBytes / 1024} KiB."));
            }
            json = new string(buffer, 0, read);
        }
        var imported = await service.ImportAsync(json, http.User.ToCaseViewer(), ct);
        return imported.Problem is { } problem
            ? Refused(problem)
            : TypedResults.Created($"/api/v1/cases/{imported.Value!.CaseId}", imported.Value);
    }

    /// <summary>A refused package: 422 with the <see cref="PackageError"/> name as <c>error</c> beside the refusal list.</summary>
    private static ProblemHttpResult Refused(Problem problem)
    {
        var result = ApiProblems.From(problem, problem.Kind == ProblemKind.Refused ? "The referral package was refused." : null);
        if (problem.Kind == ProblemKind.Refused && problem.Refusals is [var refusal])
        {
            result.ProblemDetails.Extensions["error"] = refusal.Code;
        }
        return result;
    }

    /// <summary>The filters every endpoint here shares: sign-in policy, token scope, password-change gate, rate limit, no antiforgery (bearer API).</summary>
    private static RouteHandlerBuilder Apply(this RouteHandlerBuilder endpoint, string policy, string scope) => endpoint.RequireAuthorization(policy).Common(scope);

    /// <summary>As <see cref="Apply"/>, for any of <paramref name="roles"/> instead of a policy.</summary>
    private static RouteHandlerBuilder ApplyRoles(this RouteHandlerBuilder endpoint, string scope, params string[] roles) =>
        endpoint.RequireAuthorization(p => p.RequireRole(roles)).Common(scope);

    private static RouteHandlerBuilder Common(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint
            .WithTags("Transnational referral")
            .RequireScope(scope)
            .AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue)
            .RequireRateLimiting(Web.RateLimits.Api)
            .DisableAntiforgery();
}
