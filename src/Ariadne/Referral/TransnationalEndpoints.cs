using System.Text;
using Ariadne.Account;
using Ariadne.Core.Referral;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Referral;

/// <summary>
/// Transnational referral (§15): <c>/api/v1/cases/{id}/referral-packages</c> signs a case's package for a partner abroad;
/// <c>/api/v1/referral-packages</c> imports (verifies, then opens a case) and lists received packages;
/// <c>/api/v1/referral-signing-key</c> gives this organisation's public key to send to partners;
/// <c>/api/v1/referral-partners</c> registers and revokes partners' public keys, and <c>/api/v1/organisation/country</c>
/// records the organisation's country (administrators).
/// A refused package is a 422 problem whose <c>error</c> is a <see cref="PackageError"/> name.
/// </summary>
public static class TransnationalEndpoints
{
    public sealed record CountryRequest(string? CountryCode);

    public static IEndpointRouteBuilder MapTransnationalReferralApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/cases/{caseId:guid}/referral-packages", async (Guid caseId, PackageRequest request, HttpContext http,
                TransnationalReferralService service, CancellationToken ct) =>
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
                return result.Outcome == NrmOutcome.Success
                    ? Results.File(Encoding.UTF8.GetBytes(result.Value!.Json), "application/json", result.Value.FileName)
                    : NrmEndpoints.Respond(result);
            })
            .WithName("ExportReferralPackage")
            .WithSummary("Signs the case's minimal data set for a registered partner organisation; refused (422) without consent, partner key or services.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Apply(Policies.CaseEditor, TokenScopes.Referral);

        var packages = app.MapGroup("/api/v1/referral-packages");
        packages.MapGet("/", async (HttpContext http, TransnationalReferralService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ReceivedAsync(http.User.ToCaseViewer(), 200, ct)))
            .WithName("ListReceivedReferralPackages")
            .Apply(Policies.CaseReader, TokenScopes.Referral);
        packages.MapPost("/", Import)
            .WithName("ImportReferralPackage")
            .WithSummary("Verifies a partner's signed package (the request body, as exported) and opens a case for it in the receiving organisation.")
            .Accepts<string>("application/json")
            .Apply(Policies.CaseEditor, TokenScopes.Referral);

        app.MapGet("/api/v1/referral-signing-key", async Task<Results<Ok<SigningKeyView>, NotFound>> (HttpContext http, TransnationalReferralService service,
                CancellationToken ct) =>
                http.User.ToCaseViewer().OrganisationId is { } organisation && await service.SigningKeyAsync(organisation, create: true, ct) is { } key
                    ? TypedResults.Ok(key)
                    : TypedResults.NotFound())
            .WithName("GetSigningKey")
            .WithSummary("This organisation's public signing key (PEM and fingerprint) for partners to register; created on first use.")
            .ApplyRoles(TokenScopes.Referral, Roles.CaseWorker, Roles.Coordinator, Roles.Administrator);
        app.MapPost("/api/v1/referral-signing-key/rotate", async Task<Results<Ok<SigningKeyView>, NotFound>> (HttpContext http,
                TransnationalReferralService service, CancellationToken ct) =>
            {
                var viewer = http.User.ToCaseViewer();
                return viewer.OrganisationId is { } organisation && await service.RotateSigningKeyAsync(organisation, viewer, ct) is { } key
                    ? TypedResults.Ok(key)
                    : TypedResults.NotFound();
            })
            .WithName("RotateSigningKey")
            .WithSummary("Retires this organisation's signing key and creates a new one; partners must register the new public key.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);

        app.MapPut("/api/v1/organisation/country", async Task<Results<NoContent, ValidationProblem, NotFound>> (CountryRequest request, HttpContext http,
                TransnationalReferralService service, CancellationToken ct) =>
            {
                if (http.User.ToCaseViewer() is not { OrganisationId: { } organisation } viewer)
                {
                    return TypedResults.NotFound();
                }
                return await service.SetCountryAsync(organisation, request.CountryCode, viewer, ct) is { } error
                    ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["countryCode"] = [error] })
                    : TypedResults.NoContent();
            })
            .WithName("SetOrganisationCountry")
            .WithSummary("Records the country the administrator's organisation works in, which its referral packages name as the sending country.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);

        var partners = app.MapGroup("/api/v1/referral-partners");
        partners.MapGet("/", async (TransnationalReferralService service, CancellationToken ct) => TypedResults.Ok(await service.PartnersAsync(ct)))
            .WithName("ListReferralPartners")
            .ApplyRoles(TokenScopes.Referral, Roles.CaseWorker, Roles.Coordinator, Roles.Administrator);
        partners.MapPost("/", async Task<Results<Created<PartnerView>, ValidationProblem, ForbidHttpResult>> (PartnerInput input, HttpContext http,
                TransnationalReferralService service, CancellationToken ct) =>
            {
                var outcome = await service.AddPartnerAsync(input, http.User.ToCaseViewer(), ct);
                if (outcome.Forbidden)
                {
                    return TypedResults.Forbid();
                }
                return outcome.Partner is { } partner
                    ? TypedResults.Created($"/api/v1/referral-partners/{partner.KeyId}", partner)
                    : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [JsonName(outcome.Field!)] = [outcome.Error!] });
            })
            .WithName("AddReferralPartner")
            .WithSummary("Registers a partner organisation's ECDSA P-256 public key (PEM); packages it signs are then accepted.")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);
        partners.MapDelete("/{keyId}", async Task<Results<NoContent, NotFound, ForbidHttpResult>> (string keyId, string? reason, HttpContext http,
                TransnationalReferralService service, CancellationToken ct) =>
                await service.RevokePartnerAsync(keyId, reason, http.User.ToCaseViewer(), ct) switch
                {
                    true => TypedResults.NoContent(),
                    false => TypedResults.NotFound(),
                    null => TypedResults.Forbid(),
                })
            .WithName("RevokeReferralPartner")
            .ApplyRoles(TokenScopes.Administration, Roles.Administrator);
        return app;
    }

    private static async Task<IResult> Import(HttpContext http, TransnationalReferralService service, CancellationToken ct)
    {
        string json;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            var buffer = new char[TransnationalReferralService.MaxPackageBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            if (read > TransnationalReferralService.MaxPackageBytes)
            {
                return Refused(PackageError.Malformed, $"The package is larger than {TransnationalReferralService.MaxPackageBytes / 1024} KiB.");
            }
            json = new string(buffer, 0, read);
        }
        var outcome = await service.ImportAsync(json, http.User.ToCaseViewer(), ct);
        return outcome.Received is { } received
            ? TypedResults.Created($"/api/v1/cases/{received.CaseId}", received)
            : Refused(outcome.Error!.Value, outcome.Message);
    }

    private static IResult Refused(PackageError error, string message) => TypedResults.Problem(
        title: "The referral package was refused.",
        detail: message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["error"] = error.ToString() });

    private static string JsonName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

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
