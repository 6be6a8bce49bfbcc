using System.Text;
using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>
/// Administrators: the signing key and country of each organisation of this installation for transnational referral
/// packages (chosen with <see cref="Organisation"/>, the administrator's own by default), and the public keys of partner
/// organisations whose packages this installation accepts.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class PartnersModel(PartnerKeys transnational, OrganisationAdministration organisations, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>A PEM public key is a few hundred bytes; larger files are refused unread.</summary>
    public const int MaxKeyFileBytes = 16 * 1024;

    /// <summary>
    /// The organisation whose key and country are managed (query <c>organisation</c>, also posted by every form); the
    /// administrator's own when none is given. An unknown id answers 404.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "organisation")]
    public Guid? Organisation { get; set; }

    /// <summary>The organisation shown, or null when none is chosen and the account has none.</summary>
    public Guid? OrganisationId { get; private set; }

    /// <summary>The organisations of this installation (every organisation that is not a registered partner abroad), by name.</summary>
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    public string? OrganisationName { get; private set; }

    /// <summary>The organisation's country, which every package it sends names; null when not recorded.</summary>
    public string? OrganisationCountry { get; private set; }

    public SigningKeyView? SigningKey { get; private set; }

    public IReadOnlyList<PartnerView> Partners { get; private set; } = [];

    [BindProperty]
    public PartnerForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The chosen organisation: the one asked for, or the administrator's own.</summary>
    private Guid? Chosen => Organisation ?? User.ToCaseViewer().OrganisationId;

    private RedirectToPageResult Back() => RedirectToPage(new { organisation = Chosen });

    /// <summary>The organisation's public key as a PEM file, to send to partners (who compare its fingerprint).</summary>
    public async Task<IActionResult> OnGetPublicKeyAsync(CancellationToken cancellationToken)
    {
        if (Chosen is not { } organisationId
            || await transnational.SigningKeyAsync(organisationId, create: false, cancellationToken) is not { } key)
        {
            return NotFound();
        }
        return File(Encoding.ASCII.GetBytes(key.PublicKeyPem), "application/x-pem-file", $"ariadne-public-key-{key.KeyId[..16]}.pem");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Chosen is not { } organisationId
            || await transnational.SigningKeyAsync(organisationId, create: true, cancellationToken) is null)
        {
            return NotFound();
        }
        TempData["StatusMessage"] = t["Partners.KeyCreated"].Value;
        return Back();
    }

    /// <summary>Records the country of the chosen organisation, which its packages name as the sending country.</summary>
    public async Task<IActionResult> OnPostCountryAsync(string? ownCountry, CancellationToken cancellationToken)
    {
        if (Chosen is not { } organisationId)
        {
            return NotFound();
        }
        switch ((await transnational.SetCountryAsync(organisationId, ownCountry, User.ToCaseViewer(), cancellationToken)).Problem)
        {
            case null:
                TempData["StatusMessage"] = t["Partners.CountrySaved"].Value;
                return Back();
            case { Kind: ProblemKind.NotFound }:
                return NotFound();
            case { Kind: ProblemKind.Forbidden }:
                return Forbid();
            case { } problem:
                ModelState.AddModelError("OwnCountry", $"{t["Partners.Error.OwnCountry"]} ({EnglishDetail(problem)})");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(cancellationToken);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        if (Chosen is not { } organisationId
            || !(await transnational.RotateSigningKeyAsync(organisationId, User.ToCaseViewer(), cancellationToken)).Succeeded)
        {
            return NotFound();
        }
        TempData["StatusMessage"] = t["Partners.KeyRotated"].Value;
        return Back();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? keyId, string? reason, CancellationToken cancellationToken)
    {
        switch ((await transnational.RevokePartnerAsync(keyId ?? "", reason, User.ToCaseViewer(), cancellationToken)).Problem?.Kind)
        {
            case ProblemKind.Forbidden:
                return Forbid();
            case null:
                TempData["StatusMessage"] = t["Partners.Revoked"].Value;
                return Back();
            default:
                ModelState.AddModelError("", t["Partners.NoSuchKey"]);
                Response.StatusCode = StatusCodes.Status404NotFound;
                await LoadAsync(cancellationToken);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var pem = Input.PublicKey;
        if (Input.PublicKeyFile is { Length: > 0 } file)
        {
            if (file.Length > MaxKeyFileBytes)
            {
                ModelState.AddModelError("Input.PublicKey", t["Partners.KeyFileTooLarge", MaxKeyFileBytes / 1024]);
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream());
                pem = await reader.ReadToEndAsync(cancellationToken);
            }
        }
        if (ModelState.ErrorCount == 0)
        {
            var added = await transnational.AddPartnerAsync(new PartnerInput(Input.Name, Input.CountryCode, Input.Type, pem), User.ToCaseViewer(), cancellationToken);
            if (added.Problem is { Kind: ProblemKind.Forbidden })
            {
                return Forbid();
            }
            if (added.Problem is not { } problem)
            {
                TempData["StatusMessage"] = t["Partners.Added", added.Value!.Name, added.Value.KeyId].Value;
                return Back();
            }
            // The service names the field; its English detail follows the message in the user's language.
            var field = problem.Errors.FirstOrDefault()?.Field is { Length: > 0 } named ? named : nameof(PartnerInput.PublicKey);
            ModelState.AddModelError("Input." + field, $"{t["Partners.Error." + field]} ({EnglishDetail(problem)})");
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The service's English explanation, shown after the localised message.</summary>
    private static string EnglishDetail(Problem problem) => problem.Errors.FirstOrDefault()?.Message ?? problem.Detail ?? problem.ToString();

    /// <summary>Loads the page; false when the organisation asked for does not exist.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Partners = await transnational.PartnersAsync(cancellationToken);
        var partnerIds = Partners.Select(p => p.OrganisationId).ToHashSet();
        var all = await organisations.ListAsync(cancellationToken);
        OrganisationId = Chosen;
        Organisations = [.. all.Where(o => !partnerIds.Contains(o.Id) || o.Id == OrganisationId)];
        if (OrganisationId is { } organisationId)
        {
            if (all.FirstOrDefault(o => o.Id == organisationId) is not { } organisation)
            {
                return false;
            }
            OrganisationName = organisation.Name;
            OrganisationCountry = organisation.CountryCode;
            SigningKey = await transnational.SigningKeyAsync(organisationId, create: false, cancellationToken);
        }
        return true;
    }
}

/// <summary>The add-partner form: the organisation, and its public key pasted or as a .pem file (the file wins when both are given).</summary>
public sealed class PartnerForm
{
    public string? Name { get; set; }

    public string? CountryCode { get; set; }

    public string? Type { get; set; } = "ngo";

    public string? PublicKey { get; set; }

    public IFormFile? PublicKeyFile { get; set; }
}
