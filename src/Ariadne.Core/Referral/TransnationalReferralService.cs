using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Referral;

/// <summary>An organisation's active signing key, as partners register it (the private half never leaves the store).</summary>
public sealed record SigningKeyView(Guid OrganisationId, string OrganisationName, string? CountryCode, string KeyId, string PublicKeyPem, DateTime CreatedAtUtc);

/// <summary>A registered partner key and the organisation it speaks for.</summary>
public sealed record PartnerView(Guid OrganisationId, string Name, string? CountryCode, string Type, string KeyId, DateTime AddedAtUtc, DateTime? RevokedAtUtc);

/// <summary>A partner to register: its organisation (created here if new) and its public key in PEM.</summary>
public sealed record PartnerInput(string? Name, string? CountryCode, string? Type, string? PublicKey);

/// <summary>What to send: to which partner organisation, for which services, and for a child whether a best-interest decision is recorded.</summary>
/// <remarks>For a child without consent, the consent gate reads the case's recorded best-interest decisions (<see cref="BestInterestDecision"/>).</remarks>
public sealed record PackageRequest(Guid ToOrganisationId, IReadOnlyList<string> Services);

/// <summary>A signed package ready to send, with a file name that carries the case code, not the person.</summary>
public sealed record ExportedPackage(Guid PackageId, string FileName, string Json);

/// <summary>A package received here, with the case it opened and its verified content.</summary>
public sealed record ReceivedView(
    Guid PackageId, Guid CaseId, string CaseCode, string SendingOrganisation, string? SendingCountry, string KeyId, DateTime SignedAtUtc, DateTime ReceivedAtUtc,
    ReferralPackageContent Content);

/// <summary>How an import ended: the received package and its new case, or why it was refused (with a message for the operator).</summary>
public sealed record PackageImportOutcome(ReceivedView? Received, PackageError? Error, string Message)
{
    public bool Imported => Received is not null;
}

/// <summary>A partner registration's result: the partner, or an error naming the field.</summary>
public sealed record PartnerChangeOutcome(PartnerView? Partner, string? Field, string? Error, bool Forbidden = false);

/// <summary>
/// Transnational referral (§15, ICMPD TRM): signs a case's minimal data set with the sending organisation's key
/// (<see cref="SigningKeys"/>), and imports partners' packages after <see cref="ReferralPackage.Import"/> verified them
/// against the keys registered here, opening a case in the receiving organisation. The consent gate of
/// <see cref="ConsentRules"/> applies to sending as to any referral: an adult's active consent to the named partner, or
/// for a child a best-interest decision. Every export, import, refusal and key change is audited.
/// </summary>
public sealed class TransnationalReferralService(AppDbContext db, TimeProvider time, IAuditLog audit, IdentityVault vault, CaseService cases, CodeListRegistry codes)
{
    /// <summary>Larger packages are refused unread: a minimal data set is a few kilobytes.</summary>
    public const int MaxPackageBytes = 1 << 20;

    private const string PackageSubject = "referral-package";
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

    /// <summary>Retires the organisation's signing key and creates a new one (administrators). Partners must register the new public key.</summary>
    public async Task<SigningKeyView?> RotateSigningKeyAsync(Guid organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer) || !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            return null;
        }
        foreach (var old in await db.Set<OrganisationSigningKey>().Where(k => k.OrganisationId == organisationId && k.RetiredAtUtc == null).ToListAsync(cancellationToken))
        {
            old.RetiredAtUtc = NowUtc;
        }
        await CreateKeyAsync(organisationId, "rotated", cancellationToken);
        return await SigningKeyAsync(organisationId, create: false, cancellationToken);
    }

    /// <summary>
    /// Records the country an organisation works in (administrators), which a package names as the sending or receiving
    /// country. Null on success; otherwise why not (the code, or no permission).
    /// </summary>
    public async Task<string?> SetCountryAsync(Guid organisationId, string? countryCode, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return "Only administrators set an organisation's country.";
        }
        var country = countryCode?.Trim().ToUpperInvariant() ?? "";
        if (!codes[CodeListIds.Country].Contains(country))
        {
            return $"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.";
        }
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return "There is no such organisation.";
        }
        organisation.CountryCode = country;
        await db.SaveChangesAsync(cancellationToken);
        return null;
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
    public async Task<PartnerChangeOutcome> AddPartnerAsync(PartnerInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return new(null, null, null, Forbidden: true);
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return Invalid(nameof(PartnerInput.Name), "The partner organisation's name is required (at most 200 characters).");
        }
        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (!codes[CodeListIds.Country].Contains(country))
        {
            return Invalid(nameof(PartnerInput.CountryCode), $"'{input.CountryCode}' is not an ISO 3166-1 alpha-2 country code.");
        }
        var type = string.IsNullOrWhiteSpace(input.Type) ? "ngo" : input.Type.Trim();
        if (!codes[CodeListIds.OrganisationType].Contains(type))
        {
            return Invalid(nameof(PartnerInput.Type), $"'{type}' is not an organisation type.");
        }
        if (SigningKeys.ParsePublicKey(input.PublicKey ?? "", out var keyError) is not { } publicKey)
        {
            return Invalid(nameof(PartnerInput.PublicKey), keyError!);
        }
        var keyId = ReferralPackage.KeyId(publicKey);
        if (await db.Set<OrganisationSigningKey>().AnyAsync(k => k.KeyId == keyId, cancellationToken))
        {
            return Invalid(nameof(PartnerInput.PublicKey), "This is one of this installation's own signing keys, not a partner's.");
        }
        if (await db.Set<PartnerKey>().AnyAsync(k => k.KeyId == keyId, cancellationToken))
        {
            return Invalid(nameof(PartnerInput.PublicKey), $"Key {keyId} is already registered.");
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
            return Invalid(nameof(PartnerInput.CountryCode), $"The organisation '{organisation.Name}' is registered here in {existing}, not {country}.");
        }
        organisation.CountryCode ??= country;
        var row = new PartnerKey { Id = Guid.CreateVersion7(), OrganisationId = organisation.Id, KeyId = keyId, PublicKey = publicKey, AddedAtUtc = NowUtc, AddedByUserId = viewer.UserId };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.PartnerKeyChange, AuditOutcomes.Success, OrganisationSubject, organisation.Id.ToString(), null,
            new Dictionary<string, string> { ["change"] = "added", ["keyId"] = keyId, ["country"] = country }), cancellationToken);
        return new(View(row, organisation), null, null);
    }

    /// <summary>Revokes a partner key (administrators): packages it signs are refused from now on. False when there is no such active key.</summary>
    public async Task<bool?> RevokePartnerAsync(string keyId, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayAdminister(viewer))
        {
            return null;
        }
        var row = await db.Set<PartnerKey>().SingleOrDefaultAsync(k => k.KeyId == keyId.Trim().ToLowerInvariant() && k.RevokedAtUtc == null, cancellationToken);
        if (row is null)
        {
            return false;
        }
        row.RevokedAtUtc = NowUtc;
        row.RevocationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, ReferralService.MaxTextLength)];
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.PartnerKeyChange, AuditOutcomes.Success, OrganisationSubject, row.OrganisationId.ToString(), row.RevocationReason,
            new Dictionary<string, string> { ["change"] = "revoked", ["keyId"] = row.KeyId }), cancellationToken);
        return true;
    }

    /// <summary>
    /// Signs the case's minimal data set for a partner organisation abroad. Only the case owner sends; the partner
    /// must have a registered key and a country; the consent gate must allow the referral; at least one service is asked for.
    /// </summary>
    public async Task<NrmResult<ExportedPackage>> ExportAsync(Guid caseId, PackageRequest request, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).AsNoTracking().Include(c => c.Person).Include(c => c.Organisation)
            .SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            return NrmResult<ExportedPackage>.Of(NrmOutcome.NotFound);
        }
        if (!CaseAccess.MayEdit(viewer, @case.OrganisationId))
        {
            return NrmResult<ExportedPackage>.Of(NrmOutcome.Forbidden);
        }
        var refusals = new List<Refusal>();
        var sender = @case.Organisation!;
        if (sender.CountryCode is null)
        {
            refusals.Add(new("SendingCountryUnknown", [sender.Name]));
        }
        var receiver = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.ToOrganisationId, cancellationToken);
        var isPartner = receiver is not null
            && await db.Set<PartnerKey>().AnyAsync(k => k.OrganisationId == receiver.Id && k.RevokedAtUtc == null, cancellationToken);
        if (receiver is null || !isPartner || receiver.CountryCode is null)
        {
            refusals.Add(new("NotAPartner", [receiver?.Name ?? request.ToOrganisationId.ToString()]));
        }
        var serviceList = codes[CodeListIds.AssistanceService];
        var services = request.Services.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (services.Count == 0)
        {
            refusals.Add(new("ServiceRequired", []));
        }
        refusals.AddRange(services.Where(s => !serviceList.Contains(s)).Select(s => new Refusal("UnknownService", [s])));
        var nrm = await db.Set<NrmCase>().AsNoTracking().SingleOrDefaultAsync(n => n.CaseId == caseId, cancellationToken);
        var isChild = @case.AgeGroup == AgeGroup.Minor || nrm?.PresumedChild == true;
        var consents = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId && c.Purpose == ConsentPurpose.Referral).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(NowUtc);
        var bestInterest = await db.Set<BestInterestDecision>().AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(cancellationToken);
        var gate = ConsentRules.Decide(consents, ConsentPurpose.Referral, request.ToOrganisationId, today, isChild, bestInterest, null, false);
        if (!gate.Allowed)
        {
            refusals.Add(new(Refusal.ConsentRequired, [receiver?.Name ?? ""]));
        }
        if (refusals.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.ReferralPackageExport, AuditOutcomes.Denied, "case", caseId.ToString(), string.Join("; ", refusals),
                new Dictionary<string, string> { ["to"] = request.ToOrganisationId.ToString() }), cancellationToken);
            return NrmResult<ExportedPackage>.Refused(refusals);
        }

        var decisions = await db.Set<NrmEvent>().AsNoTracking().Where(e => e.CaseId == caseId && e.TraffickingStatus != null).ToListAsync(cancellationToken);
        var evidence = consents.Where(c => c.RecipientOrganisationId == receiver!.Id && c.IsActiveOn(today))
            .OrderBy(c => c.GivenOn)
            .Select(c => new PackageConsent(nameof(ConsentPurpose.Referral), c.GivenOn, c.Method.ToString(), receiver!.Name, c.WithdrawnOn))
            .ToList();
        if (gate.Ground == ConsentGround.ChildBestInterest)
        {
            // Codes and dates only: the decision's date and that it was documented, never its reasons.
            var basis = ConsentRules.LatestApplicable(bestInterest, request.ToOrganisationId, today)!;
            evidence.Add(new PackageConsent(nameof(ConsentGround.ChildBestInterest), basis.DecidedOn, "Documented", receiver!.Name, null));
        }
        var content = new ReferralPackageContent(
            Guid.CreateVersion7(), time.GetUtcNow(), sender.Name, sender.CountryCode!, receiver!.Name, receiver.CountryCode!,
            @case.CaseCode, @case.IdentificationDate, @case.DetectingOrganisationType, @case.Person.Sex,
            @case.AgeGroup switch { AgeGroup.Minor => "minor", AgeGroup.Adult => "adult", _ => "unknown" }, isChild,
            [.. @case.Person.Citizenships], [.. @case.Exploitation.Forms], @case.Exploitation.CountryOfExploitation, @case.TraffickingStatus,
            nrm?.State ?? "none",
            [.. decisions.OrderBy(e => e.AtUtc).Select(e => new PackageDecision(e.Transition, e.ToState, new DateTimeOffset(e.AtUtc, TimeSpan.Zero), e.TraffickingStatus))],
            services, evidence);
        var keyRow = await ActiveKeyAsync(sender.Id, cancellationToken) ?? await CreateKeyAsync(sender.Id, "created", cancellationToken);
        string json;
        using (var signingKey = SigningKeys.Open(vault.Keys, keyRow))
        {
            json = ReferralPackage.Export(content, signingKey);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.ReferralPackageExport, AuditOutcomes.Success, "case", caseId.ToString(), null,
            new Dictionary<string, string>
            {
                ["packageId"] = content.PackageId.ToString(),
                ["to"] = receiver.Id.ToString(),
                ["keyId"] = keyRow.KeyId,
                ["consentGround"] = gate.Ground.ToString(),
            }), cancellationToken);
        return NrmResult<ExportedPackage>.Success(new ExportedPackage(content.PackageId, $"referral-{@case.CaseCode}-{today:yyyyMMdd}.json", json));
    }

    /// <summary>
    /// Verifies a partner's package and opens a case for it in the receiving organisation, in one transaction: a
    /// refused package (malformed, unsigned, untrusted or revoked key, tampered, no consent evidence, a sender other
    /// than the key's organisation, addressed elsewhere, already imported, or content that is not a valid case here)
    /// stores nothing and is audited as denied.
    /// </summary>
    public async Task<PackageImportOutcome> ImportAsync(string json, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.CanEditCases)
        {
            return await RefuseAsync(PackageError.NotAddressedHere, "Only case workers import referrals.", null, cancellationToken);
        }
        if (json.Length > MaxPackageBytes)
        {
            return await RefuseAsync(PackageError.Malformed, $"The package is larger than {MaxPackageBytes / 1024} KiB; a referral package is a few kilobytes.", null, cancellationToken);
        }
        var trusted = await db.Set<PartnerKey>().AsNoTracking().Where(k => k.RevokedAtUtc == null).ToListAsync(cancellationToken);
        var verified = ReferralPackage.Import(json, trusted.ToDictionary(k => k.KeyId, k => k.PublicKey, StringComparer.Ordinal));
        if (verified.Content is not { } content)
        {
            return await RefuseAsync(verified.Error!.Value, verified.Message, verified.KeyId, cancellationToken);
        }
        var partnerKey = trusted.Single(k => k.KeyId == verified.KeyId);
        var organisations = await db.Organisations.AsNoTracking().ToListAsync(cancellationToken);
        var sender = organisations.Single(o => o.Id == partnerKey.OrganisationId);
        if (!string.Equals(sender.Name, content.SendingOrganisation, StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(PackageError.SenderMismatch,
                $"The package is signed with the key of '{sender.Name}' but says it comes from '{content.SendingOrganisation}'.", verified.KeyId, cancellationToken);
        }
        var receiver = organisations.SingleOrDefault(o => string.Equals(o.Name, content.ReceivingOrganisation, StringComparison.OrdinalIgnoreCase));
        if (receiver is null || (!viewer.IsLocalOperator && viewer.OrganisationId != receiver.Id))
        {
            return await RefuseAsync(PackageError.NotAddressedHere, receiver is null
                ? $"The package is addressed to '{content.ReceivingOrganisation}', which is not an organisation of this installation."
                : $"The package is addressed to '{receiver.Name}'; only its case workers can import it.", verified.KeyId, cancellationToken);
        }
        if (await db.Set<ReceivedReferralPackage>().AsNoTracking().Where(p => p.PackageId == content.PackageId)
                .Join(db.Cases, p => p.CaseId, c => c.Id, (p, c) => new { c.CaseCode, p.ReceivedAtUtc }).SingleOrDefaultAsync(cancellationToken) is { } earlier)
        {
            return await RefuseAsync(PackageError.AlreadyImported,
                $"Package {content.PackageId} was imported on {earlier.ReceivedAtUtc:yyyy-MM-dd} as case {earlier.CaseCode}.", verified.KeyId, cancellationToken);
        }
        var input = new CaseInput
        {
            Status = "active",
            Sex = content.Sex,
            // A child for the sender (a minor, or presumed one while the age is uncertain) is a child here too: the
            // presumption of minority (CoE Convention art. 10(3)) travels with the person.
            MinorAtIdentification = content.IsChild || content.AgeGroup == "minor" ? true : content.AgeGroup == "adult" ? false : null,
            Citizenships = content.Citizenships,
            IdentificationDate = content.IdentificationDate,
            TraffickingStatus = content.TraffickingStatus,
            DetectingOrganisationType = content.DetectingOrganisationType,
            CountryOfExploitation = content.CountryOfExploitation,
            ExploitationForms = content.ExploitationForms,
        };
        var errors = cases.Validate(input);
        if (errors.Count > 0)
        {
            return await RefuseAsync(PackageError.InvalidContent,
                "The package's content is not a valid case here: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), verified.KeyId, cancellationToken);
        }
        var now = NowUtc;
        var entity = CaseService.NewCase(input, receiver.Id, now, vault);
        entity.CaseCode = await cases.FreeCaseCodeAsync(cancellationToken);
        var received = new ReceivedReferralPackage
        {
            PackageId = content.PackageId,
            ReceivingOrganisationId = receiver.Id,
            SendingOrganisationId = sender.Id,
            KeyId = partnerKey.KeyId,
            SenderCaseReference = content.CaseReference.Length > 64 ? content.CaseReference[..64] : content.CaseReference,
            CaseId = entity.Id,
            SignedAtUtc = content.CreatedAt.UtcDateTime,
            ReceivedAtUtc = now,
            ReceivedByUserId = viewer.UserId,
            Package = json,
        };
        db.Cases.Add(entity);
        db.Add(received);
        try
        {
            // One SaveChanges: the case and the record of the package are stored together or not at all.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await RefuseAsync(PackageError.AlreadyImported, $"Package {content.PackageId} was imported meanwhile by someone else.", verified.KeyId, cancellationToken);
        }
        await audit.AppendAsync(CaseService.CaseAudit(AuditActions.CaseCreate, entity), cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.ReferralPackageImport, AuditOutcomes.Success, "case", entity.Id.ToString(), null,
            new Dictionary<string, string> { ["packageId"] = content.PackageId.ToString(), ["from"] = sender.Id.ToString(), ["keyId"] = partnerKey.KeyId }),
            cancellationToken);
        return new(new ReceivedView(received.PackageId, entity.Id, entity.CaseCode, sender.Name, sender.CountryCode, received.KeyId, received.SignedAtUtc,
            received.ReceivedAtUtc, content), null, verified.Message);
    }

    /// <summary>The packages received by the viewer's organisation (every organisation's for the local operator), newest first.</summary>
    public async Task<IReadOnlyList<ReceivedView>> ReceivedAsync(CaseViewer viewer, int take, CancellationToken cancellationToken)
    {
        if (!viewer.IsLocalOperator && viewer.OrganisationId is null)
        {
            return [];
        }
        var query = db.Set<ReceivedReferralPackage>().AsNoTracking();
        if (!viewer.IsLocalOperator)
        {
            query = query.Where(p => p.ReceivingOrganisationId == viewer.OrganisationId);
        }
        var rows = await (from p in query
                          join c in db.Cases on p.CaseId equals c.Id
                          join o in db.Organisations on p.SendingOrganisationId equals o.Id
                          orderby p.ReceivedAtUtc descending, p.PackageId descending
                          select new { p, c.CaseCode, o.Name, o.CountryCode }).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReceivedView(r.p.PackageId, r.p.CaseId, r.CaseCode, r.Name, r.CountryCode, r.p.KeyId, r.p.SignedAtUtc, r.p.ReceivedAtUtc,
            ReferralPackage.ContentOfVerified(r.p.Package)))];
    }

    private static bool MayAdminister(CaseViewer viewer) => viewer.IsLocalOperator || viewer.Roles.Contains(UserRoles.Administrator);

    private static PartnerChangeOutcome Invalid(string field, string message) => new(null, field, message);

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

    private async Task<PackageImportOutcome> RefuseAsync(PackageError error, string message, string? keyId, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string> { ["error"] = error.ToString() };
        if (keyId is not null)
        {
            details["keyId"] = keyId;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.ReferralPackageImport, AuditOutcomes.Denied, PackageSubject, null, message, details), cancellationToken);
        return new(null, error, message);
    }
}
