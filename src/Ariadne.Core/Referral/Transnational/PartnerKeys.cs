using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>An organisation's active signing key, as partners register it (the private half never leaves the store).</summary>
public sealed record SigningKeyView(Guid OrganisationId, string OrganisationName, string? CountryCode, string KeyId, string PublicKeyPem, DateTime CreatedAtUtc);

/// <summary>A registered partner key and the organisation it speaks for.</summary>
public sealed record PartnerView(Guid OrganisationId, string Name, string? CountryCode, string Type, string KeyId, DateTime AddedAtUtc, DateTime? RevokedAtUtc);

/// <summary>A partner to register: its organisation (created here if new) and its public key in PEM.</summary>
public sealed record PartnerInput(string? Name, string? CountryCode, string? Type, string? PublicKey);

/// <summary>
/// The keys of transnational referral: this installation's signing keys (one active per organisation, rotated by
/// administrators), the partner registry (partners' public keys, added and revoked by administrators) and the country
/// an organisation works in, which its packages name. Every key change is audited.
/// </summary>
public sealed class PartnerKeys(AppDbContext db, TimeProvider time, IAuditLog audit, IdentityVault vault, CodeListRegistry codes)
{
    private const string OrganisationSubject = "organisation";

    private DateTime NowUtc => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The active signing key of <paramref name="organisationId"/>, created (and audited) on first use when
    /// <paramref name="create"/>; null when the organisation does not exist, or has no key and none is to be created.
    /// </summary>
    public async Task<SigningKeyView?> SigningKeyAsync(Guid organisationId, bool create, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return null;
        }
        var key = await ActiveKeyAsync(organisationId, cancellationToken);
        if (key is null && create)
        {
            key = await CreateKeyAsync(organisationId, "created", cancellationToken);
        }
        return key is null ? null : new SigningKeyView(organisationId, organisation.Name, organisation.CountryCode, key.KeyId, SigningKeys.PublicKeyPem(key.PublicKey), key.CreatedAtUtc);
    }

    /// <summary>
    /// The signing key a user may read (created on first use): of <paramref name="organisationId"/>, or of the viewer's
    /// own organisation when null. Administrators read any organisation's, everyone else only their own (Forbidden,
    /// checked before existence so that nobody learns which organisations exist); NotFound naming the parameter
    /// <c>organisation</c> when there is no such organisation.
    /// </summary>
    public async Task<Result<SigningKeyView>> SigningKeyForAsync(Guid? organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if ((organisationId ?? viewer.OrganisationId) is not { } chosen)
        {
            return Problem.NotFound("organisation: the account belongs to no organisation; name one.");
        }
        if (chosen != viewer.OrganisationId && !MayAdminister(viewer))
        {
            return Problem.Forbidden("organisation: only administrators read another organisation's signing key.");
        }
        return await SigningKeyAsync(chosen, create: true, cancellationToken) is { } key
            ? key
            : Problem.NotFound($"organisation: there is no organisation {chosen}.");
    }

    /// <summary>Retires the organisation's signing key and creates a new one (administrators). Partners must register the new public key.</summary>
    public async Task<Result<SigningKeyView>> RotateSigningKeyAsync(Guid organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return Problem.Forbidden("Only administrators rotate a signing key.");
        }
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            return Problem.NotFound("There is no such organisation.");
        }
        foreach (var old in await db.Set<OrganisationSigningKey>().Where(k => k.OrganisationId == organisationId && k.RetiredAtUtc == null).ToListAsync(cancellationToken))
        {
            old.RetiredAtUtc = NowUtc;
        }
        await CreateKeyAsync(organisationId, "rotated", cancellationToken);
        return Result<SigningKeyView>.Success((await SigningKeyAsync(organisationId, create: false, cancellationToken))!);
    }

    /// <summary>
    /// Records the country an organisation works in (administrators), which a package names as the sending or receiving
    /// country. Forbidden for anyone else; Invalid (CountryCode) for a code that is not ISO 3166-1 alpha-2.
    /// </summary>
    public async Task<Result> SetCountryAsync(Guid organisationId, string? countryCode, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return Problem.Forbidden("Only administrators set an organisation's country.");
        }
        var country = countryCode?.Trim().ToUpperInvariant() ?? "";
        if (!codes[CodeListIds.Country].Contains(country))
        {
            return Problem.Invalid(nameof(PartnerInput.CountryCode), "UnknownCode", $"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.", countryCode ?? "");
        }
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return Problem.NotFound("There is no such organisation.");
        }
        organisation.CountryCode = country;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success;
    }

    /// <summary>Every registered partner key, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<PartnerView>> PartnersAsync(CancellationToken cancellationToken)
    {
        var rows = await (from k in db.Set<PartnerKey>().AsNoTracking()
                          join o in db.Organisations.AsNoTracking() on k.OrganisationId equals o.Id
                          select new { k, o }).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.k.AddedAtUtc).Select(r => View(r.k, r.o))];
    }

    /// <summary>
    /// Registers a partner's public key (administrators): the organisation is found by name or created with the given
    /// country and type. Refused with the field named: a missing name or country, an unknown code, a key that is not a
    /// P-256 public key, a key already registered, or this installation's own key.
    /// </summary>
    public async Task<Result<PartnerView>> AddPartnerAsync(PartnerInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return Problem.Forbidden("Only administrators register partners.");
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return Invalid(nameof(PartnerInput.Name), "Required", "The partner organisation's name is required (at most 200 characters).");
        }
        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (!codes[CodeListIds.Country].Contains(country))
        {
            return Invalid(nameof(PartnerInput.CountryCode), "UnknownCode", $"'{input.CountryCode}' is not an ISO 3166-1 alpha-2 country code.");
        }
        var type = string.IsNullOrWhiteSpace(input.Type) ? "ngo" : input.Type.Trim();
        if (!codes[CodeListIds.OrganisationType].Contains(type))
        {
            return Invalid(nameof(PartnerInput.Type), "UnknownCode", $"'{type}' is not an organisation type.");
        }
        if (SigningKeys.ParsePublicKey(input.PublicKey ?? "", out var keyError) is not { } publicKey)
        {
            return Invalid(nameof(PartnerInput.PublicKey), "Invalid", keyError!);
        }
        var keyId = ReferralPackage.KeyId(publicKey);
        if (await db.Set<OrganisationSigningKey>().AnyAsync(k => k.KeyId == keyId, cancellationToken))
        {
            return Invalid(nameof(PartnerInput.PublicKey), "Contradiction", "This is one of this installation's own signing keys, not a partner's.");
        }
        if (await db.Set<PartnerKey>().AnyAsync(k => k.KeyId == keyId, cancellationToken))
        {
            return Invalid(nameof(PartnerInput.PublicKey), "Contradiction", $"Key {keyId} is already registered.");
        }
        var organisations = await db.Organisations.ToListAsync(cancellationToken);
        var organisation = organisations.SingleOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
        if (organisation is null)
        {
            organisation = new Organisation { Id = Guid.CreateVersion7(), Name = name, Type = type, CountryCode = country };
            db.Organisations.Add(organisation);
        }
        else if (organisation.CountryCode is { } existing && existing != country)
        {
            return Invalid(nameof(PartnerInput.CountryCode), "Contradiction", $"The organisation '{organisation.Name}' is registered here in {existing}, not {country}.");
        }
        organisation.CountryCode ??= country;
        var row = new PartnerKey { Id = Guid.CreateVersion7(), OrganisationId = organisation.Id, KeyId = keyId, PublicKey = publicKey, AddedAtUtc = NowUtc, AddedByUserId = viewer.UserId };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.PartnerKeyChange, AuditOutcomes.Success, OrganisationSubject, organisation.Id.ToString(), null,
            new Dictionary<string, string> { ["change"] = "added", ["keyId"] = keyId, ["country"] = country }), cancellationToken);
        return View(row, organisation);
    }

    /// <summary>Revokes a partner key (administrators): packages it signs are refused from now on. NotFound when there is no such active key.</summary>
    public async Task<Result> RevokePartnerAsync(string keyId, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return Problem.Forbidden("Only administrators revoke a partner's key.");
        }
        var row = await db.Set<PartnerKey>().SingleOrDefaultAsync(k => k.KeyId == keyId.Trim().ToLowerInvariant() && k.RevokedAtUtc == null, cancellationToken);
        if (row is null)
        {
            return Problem.NotFound($"There is no active partner key {keyId.Trim()}.");
        }
        row.RevokedAtUtc = NowUtc;
        row.RevocationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, National.NrmLifecycleService.MaxTextLength)];
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.PartnerKeyChange, AuditOutcomes.Success, OrganisationSubject, row.OrganisationId.ToString(), row.RevocationReason,
            new Dictionary<string, string> { ["change"] = "revoked", ["keyId"] = row.KeyId }), cancellationToken);
        return Result.Success;
    }

    private static Problem Invalid(string field, string code, string message) => Problem.Invalid(field, code, message);

    private static PartnerView View(PartnerKey k, Organisation o) => new(o.Id, o.Name, o.CountryCode, o.Type, k.KeyId, k.AddedAtUtc, k.RevokedAtUtc);

    private Task<OrganisationSigningKey?> ActiveKeyAsync(Guid organisationId, CancellationToken cancellationToken) =>
        db.Set<OrganisationSigningKey>().AsNoTracking().Where(k => k.OrganisationId == organisationId && k.RetiredAtUtc == null)
            .OrderByDescending(k => k.CreatedAtUtc).FirstOrDefaultAsync(cancellationToken);

    private async Task<OrganisationSigningKey> CreateKeyAsync(Guid organisationId, string change, CancellationToken cancellationToken)
    {
        var row = SigningKeys.Create(vault.Keys, organisationId, NowUtc);
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(row).State = EntityState.Detached;
        await audit.AppendAsync(new AuditRecord(AuditActions.SigningKeyCreate, AuditOutcomes.Success, OrganisationSubject, organisationId.ToString(), null,
            new Dictionary<string, string> { ["change"] = change, ["keyId"] = row.KeyId, ["kekId"] = row.KekId }), cancellationToken);
        return row;
    }

    /// <summary>The organisation's active signing key row, created (and audited) if it has none; for signing a package.</summary>
    internal async Task<OrganisationSigningKey> SigningKeyRowAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await ActiveKeyAsync(organisationId, cancellationToken) ?? await CreateKeyAsync(organisationId, "created", cancellationToken);

    internal static bool MayAdminister(CaseViewer viewer) => viewer.IsLocalOperator || viewer.Roles.Contains(UserRoles.Administrator);
}
