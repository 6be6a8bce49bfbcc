using System.Security.Claims;
using Ariadne.Core.Common;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Admin;

/// <summary>
/// <c>/api/v1/users</c> and <c>/api/v1/organisations</c>: administrators manage users and organisations through the same
/// Core services as the pages (<see cref="UserAdministration"/>, <see cref="OrganisationAdministration"/>,
/// <see cref="ServiceOfferAdministration"/>), every change audited. The endpoints declare no token scope: a personal
/// access token cannot administer accounts (a leaked script token must not be able to create an administrator).
/// </summary>
public static class AdminEndpoints
{
    /// <summary>A user to create; without <c>password</c> a one-time password is generated and returned once.</summary>
    public sealed record CreateUserRequest(string? UserName, Guid? OrganisationId, string[]? Roles, string? Password);

    /// <summary>The created user, with the one-time password when one was generated (shown this once).</summary>
    public sealed record CreatedUserResponse(UserSummary User, string? OneTimePassword);

    /// <summary>New roles and/or organisation; an absent member is kept.</summary>
    public sealed record ChangeUserRequest(string[]? Roles, Guid? OrganisationId);

    /// <summary>A generated one-time password, shown this once; it must be changed at the next sign-in.</summary>
    public sealed record PasswordResetResponse(string OneTimePassword);

    /// <summary>An organisation to create or its new values.</summary>
    public sealed record OrganisationRequest(string? Name, string? Type, string? CountryCode);

    /// <summary>One service offered: an <c>assistance-service</c> code and, optionally, how many people it can take.</summary>
    public sealed record ServiceOfferRequest(string? Service, int? Capacity);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        // No scope: a personal access token is never accepted here (see the class remark).
        var users = app.MapApiGroupForRoles("/api/v1/users", "Administration", [Roles.Administrator], scope: null);
        users.MapGet("/", ListUsers).WithName("ListUsers")
            .WithSummary("Administrators: every user with organisation, roles, enabled, two-factor set up and last sign-in.");
        users.MapGet("/{id:guid}", GetUser).WithName("GetUser").WithSummary("Administrators: one user.");
        users.MapPost("/", CreateUser).WithName("CreateUser")
            .WithSummary("Administrators: creates a user {userName, organisationId, roles, password?}; without a password the one-time password is in this response only. The user must change it at the first sign-in.");
        users.MapPut("/{id:guid}", ChangeUser).WithName("ChangeUser")
            .WithSummary("Administrators: changes a user's roles and/or organisation; removing the last administrator's role is refused (422).");
        users.MapPost("/{id:guid}/disable", (Guid id, HttpContext context, UserAdministration service, CancellationToken ct) => SetEnabled(id, false, context, service, ct))
            .WithName("DisableUser")
            .WithSummary("Administrators: disables a user: no sign-in, and every session and token stops working at once. Yourself or the last administrator: 422.");
        users.MapPost("/{id:guid}/enable", (Guid id, HttpContext context, UserAdministration service, CancellationToken ct) => SetEnabled(id, true, context, service, ct))
            .WithName("EnableUser").WithSummary("Administrators: enables a disabled user.");
        users.MapPost("/{id:guid}/reset-password", ResetPassword).WithName("ResetUserPassword")
            .WithSummary("Administrators: replaces the password with a one-time password (in this response only) that must be changed at the next sign-in; every session ends.");
        users.MapPost("/{id:guid}/reset-second-factor", ResetSecondFactor).WithName("ResetUserSecondFactor")
            .WithSummary("Administrators: removes the authenticator app and recovery codes; the user sets up a new app at the next sign-in.");

        // No scope: a personal access token is never accepted here (see the class remark).
        var organisations = app.MapApiGroupForRoles("/api/v1/organisations", "Administration", [Roles.Administrator], scope: null);
        organisations.MapGet("/", ListOrganisations).WithName("ListOrganisations")
            .WithSummary("Administrators: every organisation with type (organisation-type code), country and number of users.");
        organisations.MapPost("/", CreateOrganisation).WithName("CreateOrganisation")
            .WithSummary("Administrators: creates an organisation {name, type, countryCode?}.");
        organisations.MapPut("/{id:guid}", UpdateOrganisation).WithName("UpdateOrganisation")
            .WithSummary("Administrators: changes an organisation's name, type and country.");
        organisations.MapGet("/{id:guid}/services", ListOffers).WithName("ListServiceOffers")
            .WithSummary("Administrators: the services the organisation offers (assistance-service codes) with their capacity.");
        organisations.MapPut("/{id:guid}/services", SetOffers).WithName("SetServiceOffers")
            .WithSummary("Administrators: replaces the services the organisation offers: [{service, capacity?}].");
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<UserSummary>>> ListUsers(UserAdministration service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(cancellationToken));

    internal static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> GetUser(Guid id, UserAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.GetAsync(id, cancellationToken));

    internal static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, UserAdministration service, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(new NewUser(request.UserName, request.OrganisationId, request.Roles, request.Password), cancellationToken);
        return result.Problem is { } problem
            ? ApiProblems.From(problem, invalidTitle: "The user has invalid fields.")
            : TypedResults.Created($"/api/v1/users/{result.Value!.User.Id}", new CreatedUserResponse(result.Value.User, result.Value.OneTimePassword));
    }

    internal static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> ChangeUser(
        Guid id, ChangeUserRequest request, UserAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.ChangeAsync(id, new UserChange(request.Roles, request.OrganisationId), cancellationToken));

    internal static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetEnabled(
        Guid id, bool enabled, HttpContext context, UserAdministration service, CancellationToken cancellationToken)
    {
        Guid? actor = Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId) ? actorId : null;
        return Answer(await service.SetEnabledAsync(id, enabled, actor, cancellationToken));
    }

    internal static async Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPassword(Guid id, UserAdministration service, CancellationToken cancellationToken)
    {
        var result = await service.ResetPasswordAsync(id, cancellationToken);
        return result.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(new PasswordResetResponse(result.Value!));
    }

    internal static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> ResetSecondFactor(Guid id, UserAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.ResetSecondFactorAsync(id, cancellationToken));

    internal static async Task<Ok<IReadOnlyList<OrganisationSummary>>> ListOrganisations(OrganisationAdministration service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(cancellationToken));

    internal static async Task<Results<Created<OrganisationSummary>, ProblemHttpResult>> CreateOrganisation(
        OrganisationRequest request, OrganisationAdministration service, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(new OrganisationInput(request.Name, request.Type, request.CountryCode), cancellationToken);
        return result.Problem is { } problem
            ? ApiProblems.From(problem, invalidTitle: "The organisation has invalid fields.")
            : TypedResults.Created($"/api/v1/organisations/{result.Value!.Id}", result.Value);
    }

    internal static async Task<Results<Ok<OrganisationSummary>, ProblemHttpResult>> UpdateOrganisation(
        Guid id, OrganisationRequest request, OrganisationAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.UpdateAsync(id, new OrganisationInput(request.Name, request.Type, request.CountryCode), cancellationToken));

    internal static async Task<Results<Ok<IReadOnlyList<ServiceOfferView>>, ProblemHttpResult>> ListOffers(
        Guid id, ServiceOfferAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.OffersAsync(id, cancellationToken));

    internal static async Task<Results<Ok<IReadOnlyList<ServiceOfferView>>, ProblemHttpResult>> SetOffers(
        Guid id, ServiceOfferRequest[]? request, ServiceOfferAdministration service, CancellationToken cancellationToken) =>
        Answer(await service.SetOffersAsync(id, [.. (request ?? []).Select(r => new ServiceOfferView(r.Service ?? "", r.Capacity))], cancellationToken));

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Result<T> result) =>
        result.Problem is { } problem ? ApiProblems.From(problem) : TypedResults.Ok(result.Value!);
}
