using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Ariadne.Tokens;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Protection;

/// <summary>
/// Need-to-know, endpoint by endpoint: every API endpoint and every case or audit page is called as every kind of user,
/// and the outcome is compared with the matrix below. A new endpoint without a row here fails the coverage test.
/// </summary>
public sealed class AuthorisationMatrixTests
{
    private static readonly JsonSerializerOptions Json = Core.ImportExport.Cases.CaseExporter.Json;

    /// <summary>
    /// Who calls. "Own" and "Other" are case workers of the organisation that holds the case and of another one;
    /// "Receiving" is a case worker of an organisation the case was referred to for a service, which accepted it.
    /// </summary>
    public enum Caller { Anonymous, CaseWorkerOwn, CaseWorkerOther, Coordinator, Administrator, Analyst, Auditor, CaseWorkerReceiving }

    /// <summary>What the caller gets, whatever the surface says it with (API status, or a page's redirect).</summary>
    public enum Outcome { Allowed, NotFound, Forbidden, SignInRequired }

    private const Outcome A = Outcome.Allowed, N = Outcome.NotFound, F = Outcome.Forbidden, S = Outcome.SignInRequired;

    /// <summary>One row: the endpoint (method and route pattern as routed), how to call it, and the outcome per <see cref="Caller"/> in enum order.</summary>
    private sealed record Row(string Method, string Pattern, Func<Fixture, HttpRequestMessage> Request, Outcome[] Expected, bool Page = false);

    private static readonly Row[] Matrix =
    [
        //                                                                                                   anon own other coord admin analyst auditor receiving
        new("GET", "/api/v1/cases/", _ => Get("/api/v1/cases"), [S, A, A, A, F, F, F, A]),
        new("GET", "/api/v1/cases/{id:guid}", f => Get($"/api/v1/cases/{f.CaseId}"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{id:guid}/reveal", f => Post($"/api/v1/cases/{f.CaseId}/reveal", new { reason = "matrix test" }), [S, A, N, F, F, F, F, F]),
        new("POST", "/api/v1/cases/", _ => Post("/api/v1/cases", CaseApiTests.ValidInput() with { GivenName = null, FamilyName = null, DateOfBirth = null }), [S, A, A, F, F, F, F, A]),
        new("PUT", "/api/v1/cases/{id:guid}", f => Put($"/api/v1/cases/{f.CaseId}", f.Input, f.CurrentVersion()), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/consents/", f => Get($"/api/v1/cases/{f.CaseId}/consents"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/consents/", f => Post($"/api/v1/cases/{f.CaseId}/consents",
            new { purpose = "Contact", givenOn = "2026-06-01", method = "Oral" }), [S, A, N, F, F, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/consents/{consentId:guid}/withdraw", f => Post($"/api/v1/cases/{f.CaseId}/consents/{f.ConsentId}/withdraw",
            new { note = "matrix test" }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/consents/check", f => Get($"/api/v1/cases/{f.CaseId}/consents/check?purpose=Assistance"), [S, A, N, A, F, F, F, A]),
        new("GET", "/api/v1/cases/{caseId:guid}/best-interest-decisions/", f => Get($"/api/v1/cases/{f.CaseId}/best-interest-decisions"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/best-interest-decisions/", f => Post($"/api/v1/cases/{f.CaseId}/best-interest-decisions",
            new { decidedOn = "2026-06-01", outcome = "ReferralInBestInterest", reasons = "matrix test", guardianInvolved = true, guardianType = "LegalGuardian" }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/notes/", f => Get($"/api/v1/cases/{f.CaseId}/notes"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/notes/", f => Post($"/api/v1/cases/{f.CaseId}/notes", new { notedOn = "2026-06-01", text = "matrix test" }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/attachments/", f => Get($"/api/v1/cases/{f.CaseId}/attachments"), [S, A, N, A, F, F, F, A]),
        // A form without a file: the handler refuses it (400) once the caller may attach to the case.
        new("POST", "/api/v1/cases/{caseId:guid}/attachments/", f => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{f.CaseId}/attachments")
            { Content = new MultipartFormDataContent { { new StringContent("matrix test"), "note" } } }, [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/attachments/{attachmentId:guid}", f => Get($"/api/v1/cases/{f.CaseId}/attachments/{Guid.NewGuid()}"), [S, N, N, N, F, F, F, N]),
        new("DELETE", "/api/v1/cases/{caseId:guid}/attachments/{attachmentId:guid}", f => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/cases/{f.CaseId}/attachments/{Guid.NewGuid()}"), [S, N, N, F, F, F, F, N]),
        new("GET", "/api/v1/cases/{caseId:guid}/timeline/", f => Get($"/api/v1/cases/{f.CaseId}/timeline"), [S, A, N, A, F, F, F, A]),
        new("GET", "/api/v1/persons/lookup", _ => Get("/api/v1/persons/lookup?documentNumber=X1"), [S, A, A, F, F, F, F, A]),
        new("GET", "/api/v1/audit/", _ => Get("/api/v1/audit"), [S, F, F, F, F, F, A, F]),
        new("GET", "/api/v1/audit/export", _ => Get("/api/v1/audit/export?action=sign-in"), [S, F, F, F, F, F, A, F]),
        new("POST", "/api/v1/audit/verify", _ => Post("/api/v1/audit/verify", new { }), [S, F, F, F, F, F, A, F]),
        // Sign-in itself is open to everyone; wrong credentials are refused the same way for every caller.
        new("POST", "/api/v1/auth/token", _ => Post("/api/v1/auth/token", new { userName = "nobody", password = "wrong-password-123" }), [S, S, S, S, S, S, S, S]),
        new("GET", "Cases/Index", _ => Get("/Cases"), [S, A, A, A, F, F, F, A], Page: true),
        new("GET", "Cases/Create", _ => Get("/Cases/Create"), [S, A, A, F, F, F, F, A], Page: true),
        new("GET", "Cases/FindPerson", _ => Get("/Cases/FindPerson"), [S, A, A, F, F, F, F, A], Page: true),
        new("GET", "Cases/MyTasks", _ => Get("/Cases/MyTasks"), [S, A, A, F, F, F, F, A], Page: true),
        new("GET", "Cases/Work/{id:guid}", f => Get($"/Cases/Work/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Cases/Timeline/{id:guid}", f => Get($"/Cases/Timeline/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Cases/Summary/{id:guid}", f => Get($"/Cases/Summary/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Cases/Details/{id:guid}", f => Get($"/Cases/Details/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Cases/Edit/{id:guid}", f => Get($"/Cases/Edit/{f.CaseId}"), [S, A, N, F, F, F, F, F], Page: true),
        new("GET", "Cases/Consents/{id:guid}", f => Get($"/Cases/Consents/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Cases/Erase/{id:guid}", f => Get($"/Cases/Erase/{f.CaseId}"), [S, A, N, F, F, F, F, N], Page: true),
        new("GET", "Audit/Index", _ => Get("/Audit"), [S, F, F, F, F, F, A, F], Page: true),
        new("GET", "/api/v1/cases/{caseId:guid}/screenings/", f => Get($"/api/v1/cases/{f.CaseId}/screenings"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/screenings/", f => Post($"/api/v1/cases/{f.CaseId}/screenings", new { form = "forced-labour", answers = new Dictionary<string, string> { ["DR01"] = "no" } }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/screenings/{screeningId:guid}", f => Get($"/api/v1/cases/{f.CaseId}/screenings/{Guid.NewGuid()}"), [S, N, N, N, F, F, F, N]),
        new("GET", "/api/v1/statistics/screenings", _ => Get("/api/v1/statistics/screenings?by=outcome"), [S, F, F, A, F, A, F, F]),
        new("GET", "/api/v1/screening/instruments", _ => Get("/api/v1/screening/instruments"), [S, A, A, A, A, F, F, A]),
        new("POST", "/api/v1/screening/instruments", _ => Post("/api/v1/screening/instruments", new { }), [S, F, F, F, A, F, F, F]),
        new("POST", "/api/v1/screening/impact", _ => Post("/api/v1/screening/impact", new { candidate = "ilo-ec-operational-indicators@1.0" }), [S, F, F, F, A, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/lifecycle", f => Post($"/api/v1/cases/{f.CaseId}/lifecycle", new { jurisdiction = "generic", presumedChild = false }), [S, A, N, F, F, F, F, F]),
        // After the start above: a case without a lifecycle answers 404 to everyone.
        new("GET", "/api/v1/cases/{caseId:guid}/lifecycle", f => Get($"/api/v1/cases/{f.CaseId}/lifecycle"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/transitions", f => Post($"/api/v1/cases/{f.CaseId}/transitions", new { transition = "refer", reasons = "matrix test" }), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/referrals", f => Post($"/api/v1/cases/{f.CaseId}/referrals", new { service = "medical", toOrganisationId = Guid.NewGuid() }), [S, A, N, F, F, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/guardian", f => Post($"/api/v1/cases/{f.CaseId}/guardian", new { appointedOn = "2026-06-01" }), [S, A, N, F, F, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/cooperation", f => Post($"/api/v1/cases/{f.CaseId}/cooperation", new { status = "NotRecorded", recordedOn = "2026-06-01" }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/cases/{caseId:guid}/non-punishment", f => Get($"/api/v1/cases/{f.CaseId}/non-punishment"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/non-punishment", f => Post($"/api/v1/cases/{f.CaseId}/non-punishment", new { offence = "document offence", basis = "committed under control" }), [S, A, N, F, F, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/assistance", f => Post($"/api/v1/cases/{f.CaseId}/assistance", new { service = "medical", providerOrganisationId = Guid.NewGuid(), startedOn = "2026-06-01" }), [S, A, N, F, F, F, F, A]),
        new("GET", "/api/v1/nrm/dashboard", _ => Get("/api/v1/nrm/dashboard"), [S, A, A, A, F, F, F, A]),
        new("GET", "/api/v1/nrm/referrals/incoming", _ => Get("/api/v1/nrm/referrals/incoming"), [S, A, A, A, F, F, F, A]),
        // The competent authority's queue: none of these callers holds the role (ReferralRoleMatrixTests calls it as one).
        new("GET", "/api/v1/nrm/decisions", _ => Get("/api/v1/nrm/decisions"), [S, F, F, F, F, F, F, F]),
        new("GET", "Referral/Decisions", _ => Get("/Referral/Decisions"), [S, F, F, F, F, F, F, F], Page: true),
        new("POST", "/api/v1/nrm/referrals/{referralId:guid}/{action}", _ => Post($"/api/v1/nrm/referrals/{Guid.NewGuid()}/Accept", new { }), [S, N, N, F, F, F, F, N]),
        // Transnational referral: the case owner signs packages; case workers import those addressed to their organisation;
        // administrators manage the partner keys. A partner that is not registered, or an empty package, is refused (422) by the handler.
        new("POST", "/api/v1/cases/{caseId:guid}/referral-packages", f => Post($"/api/v1/cases/{f.CaseId}/referral-packages",
            new { toOrganisationId = Guid.NewGuid(), services = new[] { "medical" } }), [S, A, N, F, F, F, F, F]),
        new("GET", "/api/v1/referral-packages/", _ => Get("/api/v1/referral-packages"), [S, A, A, A, F, F, F, A]),
        new("POST", "/api/v1/referral-packages/", _ => Post("/api/v1/referral-packages", new { }), [S, A, A, F, F, F, F, A]),
        new("GET", "/api/v1/referral-signing-key", _ => Get("/api/v1/referral-signing-key"), [S, A, A, A, A, F, F, A]),
        new("POST", "/api/v1/referral-signing-key/rotate", _ => Post("/api/v1/referral-signing-key/rotate", new { }), [S, F, F, F, A, F, F, F]),
        new("PUT", "/api/v1/organisation/country", _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/organisation/country")
            { Content = JsonContent.Create(new { countryCode = "XX" }) }, [S, F, F, F, A, F, F, F]),
        new("GET", "/api/v1/referral-partners/", _ => Get("/api/v1/referral-partners"), [S, A, A, A, A, F, F, A]),
        new("POST", "/api/v1/referral-partners/", _ => Post("/api/v1/referral-partners", new { }), [S, F, F, F, A, F, F, F]),
        new("DELETE", "/api/v1/referral-partners/{keyId}", _ => new HttpRequestMessage(HttpMethod.Delete, "/api/v1/referral-partners/0000"), [S, F, F, F, N, F, F, F]),
        new("GET", "Screening/Index/{id:guid}", f => Get($"/Screening/Index/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Screening/{id:guid}", f => Get($"/Screening/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Screening/Instruments", _ => Get("/Screening/Instruments"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Screening/Result/{id:guid}/{screeningId:guid}", f => Get($"/Screening/Result/{f.CaseId}/{Guid.NewGuid()}"), [S, N, N, N, F, F, F, N], Page: true),
        new("GET", "Referral/Lifecycle/{id:guid}", f => Get($"/Referral/Lifecycle/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Referral/Notice/{id:guid}", f => Get($"/Referral/Notice/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
        new("GET", "Referral/Dashboard", _ => Get("/Referral/Dashboard"), [S, A, A, A, F, F, F, A], Page: true),
        new("GET", "Referral/Incoming", _ => Get("/Referral/Incoming"), [S, A, A, A, F, F, F, A], Page: true),
        new("GET", "Referral/Transnational", _ => Get("/Referral/Transnational"), [S, A, A, A, F, F, F, A], Page: true),
        new("GET", "Referral/Partners", _ => Get("/Referral/Partners"), [S, F, F, F, A, F, F, F], Page: true),
        // The receiving organisation sees the case (an accepted service referral) but may not send it abroad, as on Cases/Edit.
        new("GET", "Referral/SendPackage/{id:guid}", f => Get($"/Referral/SendPackage/{f.CaseId}"), [S, A, N, F, F, F, F, F], Page: true),
        new("GET", "/api/v1/nrm/statistics", _ => Get("/api/v1/nrm/statistics"), [S, F, F, A, F, A, F, F]),
        new("GET", "Referral/Statistics", _ => Get("/Referral/Statistics"), [S, F, F, A, F, A, F, F], Page: true),
        new("GET", "/api/v1/retention", _ => Get("/api/v1/retention"), [S, F, F, F, A, F, F, F]),
        // Everybody signed in manages their own personal access tokens; another's token (or none) is 404.
        new("GET", "/api/v1/tokens/", _ => Get("/api/v1/tokens"), [S, A, A, A, A, A, A, A]),
        new("POST", "/api/v1/tokens/", _ => Post("/api/v1/tokens", new { name = "matrix", scopes = new[] { "cases:read" }, days = 1 }), [S, A, A, A, A, A, A, A]),
        new("DELETE", "/api/v1/tokens/{id:guid}", _ => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tokens/{Guid.NewGuid()}"), [S, N, N, N, N, N, N, N]),
        new("GET", "Account/Tokens", _ => Get("/Account/Tokens"), [S, A, A, A, A, A, A, A], Page: true),
        // Jobs are their starter's alone: another user's (here: nobody's) job does not exist for the caller.
        new("GET", "/api/v1/jobs/", _ => Get("/api/v1/jobs"), [S, A, A, A, A, A, A, A]),
        new("GET", "/api/v1/jobs/{id:guid}", _ => Get($"/api/v1/jobs/{Guid.NewGuid()}"), [S, N, N, N, N, N, N, N]),
        new("GET", "/api/v1/jobs/{id:guid}/output", _ => Get($"/api/v1/jobs/{Guid.NewGuid()}/output"), [S, N, N, N, N, N, N, N]),
        new("POST", "/api/v1/jobs/{id:guid}/cancel", _ => Post($"/api/v1/jobs/{Guid.NewGuid()}/cancel", new { }), [S, N, N, N, N, N, N, N]),
        new("GET", "Jobs/Index", _ => Get("/Jobs"), [S, A, A, A, A, A, A, A], Page: true),
        new("GET", "Jobs/Status/{id:guid}", _ => Get($"/Jobs/Status/{Guid.NewGuid()}"), [S, N, N, N, N, N, N, N], Page: true),
        // Statistics: national aggregates after disclosure control, for coordinators and analysts only.
        new("GET", "/api/v1/statistics/tables", _ => Get("/api/v1/statistics/tables?dimensions=sex"), [S, F, F, A, F, A, F, F]),
        new("GET", "/api/v1/statistics/releases", _ => Get("/api/v1/statistics/releases"), [S, F, F, A, F, A, F, F]),
        new("GET", "/api/v1/statistics/releases/{id:guid}/reproduce", _ => Get($"/api/v1/statistics/releases/{Guid.NewGuid()}/reproduce"), [S, F, F, N, F, N, F, F]),
        new("GET", "/api/v1/statistics/budget", _ => Get("/api/v1/statistics/budget"), [S, F, F, A, F, A, F, F]),
        new("GET", "/api/v1/statistics/settings/", _ => Get("/api/v1/statistics/settings"), [S, F, F, F, A, F, F, F]),
        new("PUT", "/api/v1/statistics/settings/", _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/statistics/settings") { Content = JsonContent.Create(new { }) }, [S, F, F, F, A, F, F, F]),
        new("GET", "Statistics/Settings", _ => Get("/Statistics/Settings"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Statistics/Index", _ => Get("/Statistics?dimensions=sex"), [S, F, F, A, F, A, F, F], Page: true),
        // Administration: administrators only; a change to someone who does not exist is 404. No token scope: tokens get 403.
        new("GET", "/api/v1/users/", _ => Get("/api/v1/users"), [S, F, F, F, A, F, F, F]),
        new("GET", "/api/v1/users/{id:guid}", f => Get($"/api/v1/users/{f.AnalystId}"), [S, F, F, F, A, F, F, F]),
        new("POST", "/api/v1/users/", _ => Post("/api/v1/users", new { }), [S, F, F, F, A, F, F, F]),
        new("PUT", "/api/v1/users/{id:guid}", _ => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{Guid.NewGuid()}") { Content = JsonContent.Create(new { }) }, [S, F, F, F, N, F, F, F]),
        new("POST", "/api/v1/users/{id:guid}/disable", _ => Post($"/api/v1/users/{Guid.NewGuid()}/disable", new { }), [S, F, F, F, N, F, F, F]),
        new("POST", "/api/v1/users/{id:guid}/enable", _ => Post($"/api/v1/users/{Guid.NewGuid()}/enable", new { }), [S, F, F, F, N, F, F, F]),
        new("POST", "/api/v1/users/{id:guid}/reset-password", _ => Post($"/api/v1/users/{Guid.NewGuid()}/reset-password", new { }), [S, F, F, F, N, F, F, F]),
        new("POST", "/api/v1/users/{id:guid}/reset-second-factor", _ => Post($"/api/v1/users/{Guid.NewGuid()}/reset-second-factor", new { }), [S, F, F, F, N, F, F, F]),
        new("GET", "/api/v1/organisations/", _ => Get("/api/v1/organisations"), [S, F, F, F, A, F, F, F]),
        new("POST", "/api/v1/organisations/", _ => Post("/api/v1/organisations", new { }), [S, F, F, F, A, F, F, F]),
        new("PUT", "/api/v1/organisations/{id:guid}", _ => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organisations/{Guid.NewGuid()}") { Content = JsonContent.Create(new { }) }, [S, F, F, F, N, F, F, F]),
        new("GET", "/api/v1/organisations/{id:guid}/services", _ => Get($"/api/v1/organisations/{Guid.NewGuid()}/services"), [S, F, F, F, N, F, F, F]),
        new("PUT", "/api/v1/organisations/{id:guid}/services", _ => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organisations/{Guid.NewGuid()}/services") { Content = JsonContent.Create(Array.Empty<object>()) }, [S, F, F, F, N, F, F, F]),
        new("GET", "Admin/Users/Index", _ => Get("/Admin/Users"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Admin/Users/Create", _ => Get("/Admin/Users/Create"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Admin/Users/Edit/{id:guid}", f => Get($"/Admin/Users/Edit/{f.AnalystId}"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Admin/Organisations/Index", _ => Get("/Admin/Organisations"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Admin/Organisations/Edit/{id:guid}", f => Get($"/Admin/Organisations/Edit/{f.AnalystOrganisationId}"), [S, F, F, F, A, F, F, F], Page: true),
        new("GET", "Admin/Settings", _ => Get("/Admin/Settings"), [S, F, F, F, A, F, F, F], Page: true),
        // Linkage between agencies: coordinators encode and import for their own organisation, analysts (the linkage
        // operator, who holds no identity) match; the estimate is for coordinators and analysts. Empty bodies: 400 from the handler.
        new("POST", "/api/v1/linkage/encodings", _ => EmptyForm("/api/v1/linkage/encodings"), [S, F, F, A, F, F, F, F]),
        new("POST", "/api/v1/linkage/clusters", _ => EmptyForm("/api/v1/linkage/clusters"), [S, F, F, A, F, F, F, F]),
        new("POST", "/api/v1/linkage/matches/", _ => EmptyForm("/api/v1/linkage/matches"), [S, F, F, F, F, A, F, F]),
        new("POST", "/api/v1/estimates/mse", _ => Post("/api/v1/estimates/mse", new { }), [S, F, F, A, F, A, F, F]),
        new("GET", "Linkage/Index", _ => Get("/Linkage"), [S, F, F, A, F, A, F, F], Page: true),
        new("GET", "Linkage/Encode", _ => Get("/Linkage/Encode"), [S, F, F, A, F, F, F, F], Page: true),
        new("GET", "Linkage/Import", _ => Get("/Linkage/Import"), [S, F, F, A, F, F, F, F], Page: true),
        new("GET", "Linkage/Match", _ => Get("/Linkage/Match"), [S, F, F, F, F, A, F, F], Page: true),
        new("GET", "Linkage/Estimate", _ => Get("/Linkage/Estimate"), [S, F, F, A, F, A, F, F], Page: true),
        // No GLOTIP data imported here: the profile is a page that says how to import it.
        new("GET", "Statistics/Country/{iso3?}", _ => Get("/Statistics/Country/DEU"), [S, F, F, A, F, A, F, F], Page: true),
        // Deduplication of an organisation's persons: coordinators only (an invalid run is refused by the handler: 400).
        new("POST", "/api/v1/duplicates/runs", _ => Post("/api/v1/duplicates/runs", new { organisationId = Guid.NewGuid(), threshold = 2.0 }), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/duplicates/runs", _ => Get("/api/v1/duplicates/runs"), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/duplicates/pairs", _ => Get("/api/v1/duplicates/pairs?status=Pending"), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/duplicates/pairs/{id:guid}", _ => Get($"/api/v1/duplicates/pairs/{Guid.NewGuid()}"), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/duplicates/pairs/{id:guid}/accept", _ => Post($"/api/v1/duplicates/pairs/{Guid.NewGuid()}/accept", new { reason = "matrix test" }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/duplicates/pairs/{id:guid}/reject", _ => Post($"/api/v1/duplicates/pairs/{Guid.NewGuid()}/reject", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/duplicates/merges/{id:guid}/undo", _ => Post($"/api/v1/duplicates/merges/{Guid.NewGuid()}/undo", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/persons/{id:guid}/unmerge", _ => Post($"/api/v1/persons/{Guid.NewGuid()}/unmerge", new { }), [S, F, F, N, F, F, F, F]),
        new("GET", "Duplicates/Index", _ => Get("/Duplicates"), [S, F, F, A, F, F, F, F], Page: true),
        new("GET", "Duplicates/Pair/{id:guid}", _ => Get($"/Duplicates/Pair/{Guid.NewGuid()}"), [S, F, F, N, F, F, F, F], Page: true),
        new("GET", "/api/v1/followup/frameworks", _ => Get("/api/v1/followup/frameworks"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/frameworks", _ => Post("/api/v1/followup/frameworks", new { kind = "Greta" }), [S, F, F, A, F, F, F, F]),
        new("POST", "/api/v1/followup/frameworks/declaration", _ => Post("/api/v1/followup/frameworks/declaration", new { }), [S, F, F, A, F, F, F, F]),
        new("POST", "/api/v1/followup/frameworks/import", _ => Post("/api/v1/followup/frameworks/import", new { framework = new { }, csv = "" }), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/followup/frameworks/{id:guid}", _ => Get($"/api/v1/followup/frameworks/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N]),
        new("POST", "/api/v1/followup/frameworks/{id:guid}/items", _ => Post($"/api/v1/followup/frameworks/{Guid.NewGuid()}/items", new { number = "1", title = "matrix" }), [S, F, F, N, F, F, F, F]),
        new("GET", "/api/v1/followup/items/{id:guid}", _ => Get($"/api/v1/followup/items/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N]),
        new("PUT", "/api/v1/followup/items/{id:guid}", _ => Put($"/api/v1/followup/items/{Guid.NewGuid()}", new { number = "1", title = "matrix" }, 1), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/items/{id:guid}/links", _ => Post($"/api/v1/followup/items/{Guid.NewGuid()}/links", new { otherItemId = Guid.NewGuid() }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/items/{id:guid}/measures", _ => Post($"/api/v1/followup/items/{Guid.NewGuid()}/measures", new { title = "matrix" }), [S, F, F, N, F, F, F, F]),
        new("GET", "/api/v1/followup/measures/{id:guid}", _ => Get($"/api/v1/followup/measures/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N]),
        new("PUT", "/api/v1/followup/measures/{id:guid}", _ => Put($"/api/v1/followup/measures/{Guid.NewGuid()}", new { title = "matrix" }, 1), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/measures/{id:guid}/evidence", _ => Post($"/api/v1/followup/measures/{Guid.NewGuid()}/evidence", new { note = "matrix" }), [S, N, N, N, F, N, N, N]),
        new("POST", "/api/v1/followup/measures/{id:guid}/reports", _ => Post($"/api/v1/followup/measures/{Guid.NewGuid()}/reports", new { proposedStatus = "Completed", progress = "matrix" }), [S, N, N, N, F, N, N, N]),
        new("POST", "/api/v1/followup/reports/{id:guid}/approve", _ => Post($"/api/v1/followup/reports/{Guid.NewGuid()}/approve", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/reports/{id:guid}/return", _ => Post($"/api/v1/followup/reports/{Guid.NewGuid()}/return", new { reason = "matrix" }), [S, F, F, N, F, F, F, F]),
        new("GET", "/api/v1/followup/dashboard", _ => Get("/api/v1/followup/dashboard?days=30"), [S, A, A, A, F, A, A, A]),
        new("GET", "/api/v1/followup/sdg/{indicator}", _ => Get("/api/v1/followup/sdg/16.2.2"), [S, N, N, N, F, N, N, N]),
        new("GET", "/api/v1/followup/sdg/{indicator}/csv", _ => Get("/api/v1/followup/sdg/16.2.2/csv"), [S, N, N, N, F, N, N, N]),
        new("PUT", "/api/v1/followup/sdg/{indicator}/csv", _ => new(HttpMethod.Put, "/api/v1/followup/sdg/16.2.2/csv") { Content = new StringContent("no,columns\r\n", System.Text.Encoding.UTF8, "text/csv") },
            [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/followup/indicator-queries", _ => Get("/api/v1/followup/indicator-queries"), [S, A, A, A, F, A, A, A]),
        new("GET", "/api/v1/followup/indicators", _ => Get("/api/v1/followup/indicators"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/indicators", _ => Post("/api/v1/followup/indicators", new { code = "matrix" }), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/followup/indicators/{id:guid}", _ => Get($"/api/v1/followup/indicators/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N]),
        new("PUT", "/api/v1/followup/indicators/{id:guid}", _ => Put($"/api/v1/followup/indicators/{Guid.NewGuid()}", new { code = "matrix" }, 1), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/indicators/{id:guid}/values", _ => Post($"/api/v1/followup/indicators/{Guid.NewGuid()}/values", new { value = 1 }), [S, N, N, N, F, N, N, N]),
        new("POST", "/api/v1/followup/indicators/{id:guid}/compute", _ => Post($"/api/v1/followup/indicators/{Guid.NewGuid()}/compute", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/indicator-values/{id:guid}/approve", _ => Post($"/api/v1/followup/indicator-values/{Guid.NewGuid()}/approve", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/indicator-values/{id:guid}/return", _ => Post($"/api/v1/followup/indicator-values/{Guid.NewGuid()}/return", new { reason = "matrix" }), [S, F, F, N, F, F, F, F]),
        new("GET", "/api/v1/followup/feedback/instrument", _ => Get("/api/v1/followup/feedback/instrument"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/feedback/invitations", _ => Post("/api/v1/followup/feedback/invitations", new { }), [S, A, A, A, F, F, F, A]),
        new("GET", "/api/v1/followup/feedback/results", _ => Get("/api/v1/followup/feedback/results?from=2026-05"), [S, F, F, A, F, A, A, F]),
        new("GET", "FollowUp/Feedback", _ => Get("/FollowUp/Feedback"), [S, A, A, A, F, A, A, A], Page: true),
        new("GET", "FollowUp/Indicators/{id:guid}", _ => Get($"/FollowUp/Indicators/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N], Page: true),
        new("GET", "FollowUp/Indicator/{id:guid}", _ => Get($"/FollowUp/Indicator/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N], Page: true),
        new("GET", "FollowUp/Index", _ => Get("/FollowUp"), [S, A, A, A, F, A, A, A], Page: true),
        new("GET", "FollowUp/Framework/{id:guid}", _ => Get($"/FollowUp/Framework/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N], Page: true),
        new("GET", "FollowUp/Item/{id:guid}", _ => Get($"/FollowUp/Item/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N], Page: true),
        new("GET", "FollowUp/Measure/{id:guid}", _ => Get($"/FollowUp/Measure/{Guid.NewGuid()}"), [S, N, N, N, F, N, N, N], Page: true),
        new("GET", "FollowUp/Sdg", _ => Get("/FollowUp/Sdg"), [S, A, A, A, F, A, A, A], Page: true),
        new("GET", "/api/v1/followup/treaties", _ => Get("/api/v1/followup/treaties"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/treaties", _ => new(HttpMethod.Post, "/api/v1/followup/treaties?instrument=C181") { Content = new StringContent("no,columns\r\n", System.Text.Encoding.UTF8, "text/csv") },
            [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/followup/treaties/{iso3}", _ => Get("/api/v1/followup/treaties/DEU"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/frameworks/{id:guid}/text", _ => new(HttpMethod.Post, $"/api/v1/followup/frameworks/{Guid.NewGuid()}/text?language=en") { Content = new StringContent("1. We matrix.", System.Text.Encoding.UTF8, "text/plain") },
            [S, F, F, N, F, F, F, F]),
        new("GET", "FollowUp/Treaties", _ => Get("/FollowUp/Treaties"), [S, A, A, A, F, A, A, A], Page: true),
        // Financial flows: financial investigators only (none of these callers is one; FinanceInvestigatorTests covers them).
        new("GET", "/api/v1/finance/datasets", _ => Get("/api/v1/finance/datasets"), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/datasets", _ => EmptyForm("/api/v1/finance/datasets"), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/datasets/{id:guid}/analyse", _ => Post($"/api/v1/finance/datasets/{Guid.NewGuid()}/analyse", new { }), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/alerts", _ => Get("/api/v1/finance/alerts"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/alerts/{id:guid}", _ => Get($"/api/v1/finance/alerts/{Guid.NewGuid()}"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/alerts/{id:guid}/network", _ => Get($"/api/v1/finance/alerts/{Guid.NewGuid()}/network"), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/assign", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/assign", new { }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/dispose", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/dispose", new { disposition = "FalsePositive" }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/cases", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/cases", new { caseCode = "C-1" }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/parties", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/parties", new { reason = "matrix" }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/registry-matches", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/registry-matches", new { reason = "matrix" }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/alerts/{id:guid}/goaml", _ => Post($"/api/v1/finance/alerts/{Guid.NewGuid()}/goaml", new { }), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/datasets/{id:guid}/accounts/{account}", _ => Get($"/api/v1/finance/datasets/{Guid.NewGuid()}/accounts/A1"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/report", _ => Get("/api/v1/finance/report"), [S, F, F, F, F, F, F, F]),
        new("GET", "Finance/Index", _ => Get("/Finance"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "Finance/Alerts", _ => Get("/Finance/Alerts"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "Finance/Alert/{id:guid}", _ => Get($"/Finance/Alert/{Guid.NewGuid()}"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "Finance/Account/{dataset:guid}/{account}", _ => Get($"/Finance/Account/{Guid.NewGuid()}/A1"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "Finance/Report", _ => Get("/Finance/Report"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "/api/v1/finance/lists", _ => Get("/api/v1/finance/lists"), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/lists", _ => EmptyForm("/api/v1/finance/lists"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/lists/{id:guid}", _ => Get($"/api/v1/finance/lists/{Guid.NewGuid()}"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/settings", _ => Get("/api/v1/finance/settings"), [S, F, F, F, F, F, F, F]),
        new("PUT", "/api/v1/finance/settings", _ => new(HttpMethod.Put, "/api/v1/finance/settings") { Content = JsonContent.Create(new { json = "{}" }) }, [S, F, F, F, F, F, F, F]),
        new("GET", "Finance/Lists", _ => Get("/Finance/Lists"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "Finance/Settings", _ => Get("/Finance/Settings"), [S, F, F, F, F, F, F, F], Page: true),
        new("POST", "/api/v1/finance/lists/{id:guid}/retire", _ => Post($"/api/v1/finance/lists/{Guid.NewGuid()}/retire", new { reason = "matrix" }), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/settings/versions", _ => Get("/api/v1/finance/settings/versions"), [S, F, F, F, F, F, F, F]),
        new("GET", "/api/v1/finance/settings/versions/{version:int}", _ => Get("/api/v1/finance/settings/versions/1"), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/finance/settings/versions/{version:int}/restore", _ => Post("/api/v1/finance/settings/versions/1/restore", new { }), [S, F, F, F, F, F, F, F]),
        new("DELETE", "/api/v1/finance/datasets/{id:guid}", _ => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/finance/datasets/{Guid.NewGuid()}?reason=matrix"), [S, F, F, F, F, F, F, F]),
        new("GET", "Finance/Delete/{id:guid}", _ => Get($"/Finance/Delete/{Guid.NewGuid()}"), [S, F, F, F, F, F, F, F], Page: true),
        new("GET", "/api/v1/followup/reports", _ => Get($"/api/v1/followup/reports?frameworkId={Guid.NewGuid()}"), [S, N, N, N, F, N, N, N]),
        new("GET", "/api/v1/followup/reports/sdg-16-2-2", _ => Get("/api/v1/followup/reports/sdg-16-2-2?from=2026-01-01&to=2026-01-31"), [S, A, A, A, F, A, A, A]),
        new("GET", "FollowUp/Reports", _ => Get("/FollowUp/Reports"), [S, A, A, A, F, A, A, A], Page: true),
        new("POST", "/api/v1/followup/frameworks/{id:guid}/indicators/compute", _ => Post($"/api/v1/followup/frameworks/{Guid.NewGuid()}/indicators/compute", new { }), [S, F, F, N, F, F, F, F]),
        // Public pages (PublicRoutes): the transparency page is off by default, so it is 404 for everyone here
        // (PublicFollowUpApiTests and PublicFollowUpBrowserTests switch it on); the survivor page is open to everyone.
        new("GET", "/api/v1/public/followup", _ => Get("/api/v1/public/followup"), [N, N, N, N, N, N, N, N]),
        new("GET", "Public/Index", _ => Get("/Public"), [N, N, N, N, N, N, N, N], Page: true),
        new("GET", "Feedback/Index", _ => Get("/Feedback"), [A, A, A, A, A, A, A, A], Page: true),
        new("GET", "/api/v1/followup/questionnaires", _ => Get("/api/v1/followup/questionnaires"), [S, A, A, A, F, A, A, A]),
        new("POST", "/api/v1/followup/questionnaires", _ => new(HttpMethod.Post, "/api/v1/followup/questionnaires") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") },
            [S, F, F, A, F, F, F, F]),
        new("POST", "/api/v1/followup/questionnaires/shipped", _ => Post("/api/v1/followup/questionnaires/shipped", new { }), [S, F, F, A, F, F, F, F]),
        new("GET", "/api/v1/followup/questionnaires/{code}", _ => Get("/api/v1/followup/questionnaires/matrix"), [S, N, N, N, F, N, N, N]),
        new("POST", "/api/v1/followup/questionnaires/{code}/answers", _ => Post("/api/v1/followup/questionnaires/matrix/answers", new { cycle = "2026", question = "1", answer = "x" }),
            [S, N, N, N, F, F, F, N]),
        new("POST", "/api/v1/followup/questionnaire-answers/{id:guid}/approve", _ => Post($"/api/v1/followup/questionnaire-answers/{Guid.NewGuid()}/approve", new { }), [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/questionnaire-answers/{id:guid}/return", _ => Post($"/api/v1/followup/questionnaire-answers/{Guid.NewGuid()}/return", new { reason = "matrix" }),
            [S, F, F, N, F, F, F, F]),
        new("GET", "/api/v1/followup/questionnaires/{code}/export", _ => Get("/api/v1/followup/questionnaires/matrix/export?cycle=2026"), [S, N, N, N, F, N, N, N]),
        new("GET", "FollowUp/Questionnaires", _ => Get("/FollowUp/Questionnaires"), [S, A, A, A, F, A, A, A], Page: true),
        new("GET", "FollowUp/Questionnaire/{code}", _ => Get("/FollowUp/Questionnaire/matrix"), [S, N, N, N, F, N, N, N], Page: true),
        new("POST", "/api/v1/followup/evidence/{id:guid}/public", _ => Post($"/api/v1/followup/evidence/{Guid.NewGuid()}/public", new { @public = true, title = "matrix" }),
            [S, F, F, N, F, F, F, F]),
        new("POST", "/api/v1/followup/questionnaires/{code}/assignments", _ => Post("/api/v1/followup/questionnaires/matrix/assignments", new { question = "1", institution = "x" }),
            [S, F, F, N, F, F, F, F]),
        // The asset ledger: totals for case workers and coordinators who see the case; recording for financial investigators and competent authorities only.
        new("GET", "/api/v1/cases/{caseId:guid}/assets/", f => Get($"/api/v1/cases/{f.CaseId}/assets"), [S, A, N, A, F, F, F, A]),
        new("POST", "/api/v1/cases/{caseId:guid}/assets/", f => Post($"/api/v1/cases/{f.CaseId}/assets", new { kind = "Cash" }), [S, F, F, F, F, F, F, F]),
        new("POST", "/api/v1/cases/{caseId:guid}/assets/{assetId:guid}/steps", f => Post($"/api/v1/cases/{f.CaseId}/assets/{Guid.NewGuid()}/steps", new { status = "Frozen" }), [S, F, F, F, F, F, F, F]),
        new("GET", "Cases/Assets/{id:guid?}", f => Get($"/Cases/Assets/{f.CaseId}"), [S, A, N, A, F, F, F, A], Page: true),
    ];

    /// <summary>
    /// Every route that answers without sign-in, on purpose; <see cref="EveryAnonymousRoute_IsAListedPublicRoute"/> fails
    /// for any other, so nothing becomes public by accident. The public pages proper are the transparency page (off
    /// unless the installation switches it on) and the survivor-feedback page; the rest is signing in and the language switch.
    /// </summary>
    internal static readonly string[] PublicRoutes =
    [
        "GET Public/Index",
        "GET /api/v1/public/followup",
        "GET Feedback/Index",
        // Signing in, the language switch, the start page (which sends a visitor to sign in) and the API's description.
        "GET Index",
        "GET Account/Login",
        "GET Account/LoginWith2fa",
        "GET Account/Logout",
        "GET Account/AccessDenied",
        "POST /api/v1/auth/token",
        "POST /culture",
        "GET /openapi/{documentName}.json",
    ];

    /// <summary>The browsable API reference (<c>/api/docs</c>, its script and icon): the OpenAPI document shown, no data.</summary>
    private const string ApiReference = "GET /api/docs";

    /// <summary>Every caller signs in twice (token and cookie) from the same test address: lift the per-address sign-in limit.</summary>
    private static readonly Dictionary<string, string?> ManySignIns = new() { ["RateLimits:SignInPerMinute"] = "1000" };

    [Fact]
    public async Task EveryEndpointAndRole_OutcomeAsInTheMatrix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var fixture = await Fixture.CreateAsync(app);
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var (api, pages) = await fixture.ClientsAsync(caller);
            foreach (var row in Matrix)
            {
                using var request = row.Request(fixture);
                using var response = await (row.Page ? pages : api).SendAsync(request, ct);
                var actual = Classify(response);
                var expected = row.Expected[(int)caller];
                if (actual != expected)
                {
                    failures.Add($"{row.Method} {row.Pattern} as {caller}: expected {expected}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The same matrix called with personal access tokens instead of sign-ins: with every scope a token gets what its
    /// user's roles get on the endpoints that declare a scope, and 403 on those that declare none; without the endpoint's
    /// scope, 403 whatever the roles. Pages never accept a token (401).
    /// </summary>
    [Fact]
    public async Task EveryEndpointAndRole_PersonalAccessToken_RolesIntersectedWithScopes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var fixture = await Fixture.CreateAsync(app);
        var scopes = DeclaredScopes(app);
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>().Where(c => c != Caller.Anonymous))
        {
            var passes = new List<(HttpClient Client, string? Missing)> { (await fixture.TokenClientAsync(caller, TokenScopes.All), null) };
            foreach (var scope in TokenScopes.All)
            {
                passes.Add((await fixture.TokenClientAsync(caller, [.. TokenScopes.All.Where(s => s != scope)]), scope));
            }
            foreach (var (client, missing) in passes)
            {
                foreach (var row in Matrix)
                {
                    var scope = row.Page ? null : scopes.GetValueOrDefault($"{row.Method} {row.Pattern}");
                    if (missing is not null && scope != missing)
                    {
                        continue;
                    }
                    // Outside /api/v1 a token authenticates nobody: a public page answers it as it answers anyone.
                    var expected = row.Page
                        ? PublicRoutes.Contains($"{row.Method} {row.Pattern}") ? row.Expected[(int)Caller.Anonymous] : Outcome.SignInRequired
                        : scope is null || scope == missing ? Outcome.Forbidden : row.Expected[(int)caller];
                    using var request = row.Request(fixture);
                    using var response = await client.SendAsync(request, ct);
                    var actual = Classify(response);
                    if (actual != expected)
                    {
                        failures.Add($"{row.Method} {row.Pattern} as {caller} with a token {(missing is null ? "with every scope" : "without " + missing)}: expected {expected}, got {actual}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The token scope each API endpoint declares, by "METHOD pattern"; absent when it declares none.</summary>
    internal static Dictionary<string, string> DeclaredScopes(TestApp app)
    {
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<TokenScopeMetadata>() is { } scope)
            {
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    scopes[$"{method} {endpoint.RoutePattern.RawText}"] = scope.Scope;
                }
            }
        }
        return scopes;
    }

    [Theory]
    [InlineData(Caller.Coordinator)]
    [InlineData(Caller.CaseWorkerReceiving)]
    public async Task CoordinatorAndReceivingOrganisation_SeeTheCaseButNoIdentifyingField(Caller caller)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var fixture = await Fixture.CreateAsync(app);
        var (coordinator, pages) = await fixture.ClientsAsync(caller);

        var dto = await coordinator.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{fixture.CaseId}", Json, ct);
        var list = await coordinator.GetStringAsync("/api/v1/cases", ct);
        var page = await pages.GetStringAsync($"/Cases/Details/{fixture.CaseId}", ct);

        Assert.False(dto!.IdentityRevealed);
        Assert.Null(dto.GivenName);
        Assert.Null(dto.FamilyName);
        Assert.Null(dto.DateOfBirth);
        Assert.Null(dto.Narrative);
        Assert.Equal(fixture.CaseCode, dto.CaseCode);
        foreach (var secret in new[] { "Matrixgiven", "Matrixfamily", "Matrixnarrative" })
        {
            Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("handler=Reveal", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryApiEndpointAndCasePage_HasARowInTheMatrix()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (pattern.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    routed.Add($"{method} {pattern}");
                }
            }
            else if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                && new[] { "/Cases/", "/Audit/", "/Screening/", "/Referral/", "/Account/Tokens", "/Statistics/", "/Admin/", "/Jobs/", "/Duplicates/", "/Linkage/", "/FollowUp/", "/Finance/", "/Public/", "/Feedback/" }.Any(prefix => page.ViewEnginePath.StartsWith(prefix, StringComparison.Ordinal)))
            {
                // An index page answers at "Cases" and "Cases/Index"; both are the view "Cases/Index".
                routed.Add("GET " + (pattern.Contains('{', StringComparison.Ordinal) ? pattern : page.ViewEnginePath.TrimStart('/')));
            }
        }
        var covered = Matrix.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        Assert.Empty(routed.Where(r => !covered.Contains(r)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryAnonymousRoute_IsAListedPublicRoute()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var anonymous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var open = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                || endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Count == 0
                    && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>() is null;
            if (!open)
            {
                continue;
            }
            var route = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page ? page.ViewEnginePath.TrimStart('/') : endpoint.RoutePattern.RawText ?? "";
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                anonymous.Add($"{method} {route}");
            }
        }
        anonymous.RemoveWhere(r => r.StartsWith(ApiReference, StringComparison.Ordinal));
        var unlisted = anonymous.Except(PublicRoutes).Order(StringComparer.Ordinal).ToList();
        var missing = PublicRoutes.Except(anonymous).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0 && missing.Count == 0, $"Anonymous but not listed: {string.Join(", ", unlisted)}. Listed but not anonymous: {string.Join(", ", missing)}.");
    }

    private static Outcome Classify(HttpResponseMessage response) => response.StatusCode switch
    {
        // Allowed: the request reached its handler, which did the work or refused the input itself.
        HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.BadRequest
            or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => Outcome.Allowed,
        HttpStatusCode.NotFound => Outcome.NotFound,
        HttpStatusCode.Forbidden => Outcome.Forbidden,
        HttpStatusCode.Unauthorized => Outcome.SignInRequired,
        HttpStatusCode.Redirect when response.Headers.Location?.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal) == true => Outcome.Forbidden,
        HttpStatusCode.Redirect when response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true => Outcome.SignInRequired,
        _ => throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} {response.Headers.Location}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}"),
    };

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    /// <summary>A multipart form without the file the handler needs: it refuses it (400) once the caller may call it.</summary>
    private static HttpRequestMessage EmptyForm(string path) =>
        new(HttpMethod.Post, path) { Content = new MultipartFormDataContent { { new StringContent("matrix test"), "note" } } };

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };

    private static HttpRequestMessage Put(string path, object body, int version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.IfMatch.Add(new($"\"{version}\""));
        return request;
    }

    /// <summary>One case of "NGO A" with a consent, and a user of each kind.</summary>
    private sealed class Fixture
    {
        private readonly TestApp _app;
        private readonly Dictionary<Caller, TestApp.TestUser> _users = [];

        private Fixture(TestApp app) => _app = app;

        public Guid CaseId { get; private set; }

        public string CaseCode { get; private set; } = "";

        public Guid ConsentId { get; private set; }

        /// <summary>A user and an organisation other than the administrator's, for the administration rows.</summary>
        public Guid AnalystId => _users[Caller.Analyst].Id;

        public Guid AnalystOrganisationId => _users[Caller.Analyst].OrganisationId;

        /// <summary>A change without identifying values (keeps the stored identity).</summary>
        public CaseInput Input { get; private set; } = null!;

        public int CurrentVersion()
        {
            using var db = _app.NewContext();
            return db.Cases.AsNoTracking().Where(c => c.Id == CaseId).Select(c => c.Version).Single();
        }

        public static async Task<Fixture> CreateAsync(TestApp app)
        {
            var ct = TestContext.Current.CancellationToken;
            var fixture = new Fixture(app);
            var roles = new Dictionary<Caller, (string Organisation, string Role)>
            {
                [Caller.CaseWorkerOwn] = ("NGO A", Roles.CaseWorker),
                [Caller.CaseWorkerOther] = ("NGO B", Roles.CaseWorker),
                [Caller.Coordinator] = ("National Coordination", Roles.Coordinator),
                [Caller.Administrator] = ("NGO A", Roles.Administrator),
                [Caller.Analyst] = ("Statistics Office", Roles.Analyst),
                [Caller.Auditor] = ("Audit Office", Roles.Auditor),
                [Caller.CaseWorkerReceiving] = ("NGO C", Roles.CaseWorker),
            };
            foreach (var (caller, (organisation, role)) in roles)
            {
                fixture._users[caller] = await app.AddUserAsync("matrix-" + caller.ToString().ToLowerInvariant(), organisation, role);
            }
            await using var scope = app.App.Services.CreateAsyncScope();
            var owner = fixture._users[Caller.CaseWorkerOwn];
            var viewer = new CaseViewer(owner.Id, owner.OrganisationId, new HashSet<string> { Roles.CaseWorker });
            var created = (await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(
                CaseApiTests.ValidInput() with { GivenName = "Matrixgiven", FamilyName = "Matrixfamily", Narrative = "Matrixnarrative" },
                owner.OrganisationId, viewer, ct)).Value!;
            fixture.CaseId = created.Id;
            fixture.CaseCode = created.CaseCode;
            fixture.Input = CaseDto.From(created).ToInput() with
            {
                GivenName = null,
                FamilyName = null,
                DateOfBirth = null,
                Narrative = null,
                Aliases = [],
                DocumentType = null,
                DocumentNumber = null,
                Phone = null,
                Email = null,
                Address = null,
            };
            var consent = await scope.ServiceProvider.GetRequiredService<Core.Consent.ConsentService>().RecordAsync(created.Id,
                new Core.Consent.ConsentInput(Core.Consent.ConsentPurpose.Assistance, null, new DateOnly(2026, 6, 1), Core.Consent.ConsentMethod.Written, null), viewer, ct);
            fixture.ConsentId = consent.Value!.Id;
            // NGO C accepted a referral of the case for a medical service: it sees the case pseudonymised.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var referralId = Guid.NewGuid();
            db.Add(new Core.Cases.CaseShare { SourceId = referralId, CaseId = created.Id, OrganisationId = fixture._users[Caller.CaseWorkerReceiving].OrganisationId });
            db.Add(new Core.Referral.National.ServiceReferral
            {
                Id = referralId,
                CaseId = created.Id,
                Service = "medical",
                FromOrganisationId = owner.OrganisationId,
                ToOrganisationId = fixture._users[Caller.CaseWorkerReceiving].OrganisationId,
                State = Core.Referral.National.ServiceReferralState.Accepted,
                ConsentGround = "Consent",
                RequestedAtUtc = DateTime.UtcNow,
                RespondedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(ct);
            return fixture;
        }

        /// <summary>An API client with a new personal access token of <paramref name="caller"/> carrying <paramref name="scopes"/>.</summary>
        public async Task<HttpClient> TokenClientAsync(Caller caller, IReadOnlyCollection<string> scopes)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
                .CreateAsync(_users[caller].Id, new TokenRequest("matrix", scopes, null), TestContext.Current.CancellationToken);
            var client = _app.AnonymousClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", result.Value!.TokenString);
            return client;
        }

        /// <summary>An API client (bearer token) and a page client (cookie) for <paramref name="caller"/>.</summary>
        public async Task<(HttpClient Api, HttpClient Pages)> ClientsAsync(Caller caller)
        {
            if (caller == Caller.Anonymous)
            {
                return (_app.AnonymousClient(), PageRenderingTests.NewClient(_app));
            }
            var user = _users[caller];
            var api = await _app.BearerClientAsync(user);
            return (api, await PageRenderingTests.SignedInClientAsync(_app, user, "en"));
        }
    }
}
