using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>What to send: to which partner organisation, for which services, and for a child whether a best-interest decision is recorded.</summary>
/// <remarks>For a child without consent, the consent gate reads the case's recorded best-interest decisions (<see cref="BestInterestDecision"/>).</remarks>
public sealed record PackageRequest(Guid ToOrganisationId, IReadOnlyList<string> Services);

/// <summary>A signed package ready to send, with a file name that carries the case code, not the person.</summary>
public sealed record ExportedPackage(Guid PackageId, string FileName, string Json);

/// <summary>A package received here, with the case it opened and its verified content.</summary>
public sealed record ReceivedView(
    Guid PackageId, Guid CaseId, string CaseCode, string SendingOrganisation, string? SendingCountry, string KeyId, DateTime SignedAtUtc, DateTime ReceivedAtUtc,
    ReferralPackageContent Content);

/// <summary>
/// Transnational referral (§15, ICMPD TRM): signs a case's minimal data set with the sending organisation's key
/// (<see cref="SigningKeys"/>), and imports partners' packages after <see cref="ReferralPackage.Import"/> verified them
/// against the keys registered here, opening a case in the receiving organisation. The consent gate of
/// <see cref="ConsentRules"/> applies to sending as to any referral: an adult's active consent to the named partner, or
/// for a child a best-interest decision. Every export, import and refusal is audited; the keys are <see cref="PartnerKeys"/>'.
/// </summary>
public sealed class ReferralPackages(AppDbContext db, TimeProvider time, IAuditLog audit, IdentityVault vault, CaseService cases, CodeListRegistry codes, PartnerKeys keys)
{
    /// <summary>Larger packages are refused unread: a minimal data set is a few kilobytes.</summary>
    public const int MaxPackageBytes = 1 << 20;

    private const string PackageSubject = "referral-package";
    private DateTime NowUtc => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Signs the case's minimal data set for a partner organisation abroad. Only the case owner sends; the partner
    /// must have a registered key and a country; the consent gate must allow the referral; at least one service is asked for.
    /// </summary>
    public async Task<Result<ExportedPackage>> ExportAsync(Guid caseId, PackageRequest request, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).AsNoTracking().Include(c => c.Person).Include(c => c.Organisation)
            .SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, @case.OrganisationId))
        {
            return Problem.Forbidden();
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
            return Problem.Refused(refusals);
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
        var keyRow = await keys.SigningKeyRowAsync(sender.Id, cancellationToken);
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
        return Result<ExportedPackage>.Success(new ExportedPackage(content.PackageId, $"referral-{@case.CaseCode}-{today:yyyyMMdd}.jws", json));
    }

    /// <summary>
    /// Verifies a partner's package and opens a case for it in the receiving organisation, in one transaction: a
    /// refused package (malformed, unsigned, untrusted or revoked key, tampered, no consent evidence, a sender other
    /// than the key's organisation, addressed elsewhere, already imported, or content that is not a valid case here)
    /// stores nothing and is audited as denied.
    /// </summary>
    public async Task<Result<ReceivedView>> ImportAsync(string json, CaseViewer viewer, CancellationToken cancellationToken)
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
        var checkedPackage = ReferralPackage.Import(json, trusted.ToDictionary(k => k.KeyId, k => k.PublicKey, StringComparer.Ordinal));
        if (checkedPackage.Problem is { } refused)
        {
            var refusal = refused.Refusals[0];
            return await RefuseAsync(Enum.Parse<PackageError>(refusal.Code), refused.Detail!, refusal.Arguments.FirstOrDefault(), cancellationToken);
        }
        var verified = checkedPackage.Value!;
        var content = verified.Content;
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
        return new ReceivedView(received.PackageId, entity.Id, entity.CaseCode, sender.Name, sender.CountryCode, received.KeyId, received.SignedAtUtc,
            received.ReceivedAtUtc, content);
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

    private async Task<Problem> RefuseAsync(PackageError error, string message, string? keyId, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string> { ["error"] = error.ToString() };
        if (keyId is not null)
        {
            details["keyId"] = keyId;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.ReferralPackageImport, AuditOutcomes.Denied, PackageSubject, null, message, details), cancellationToken);
        return Problem.Refused(error.ToString(), message);
    }
}
