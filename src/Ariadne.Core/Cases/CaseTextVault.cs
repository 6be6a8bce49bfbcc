using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>
/// Free text about a person outside the identity (consent notes, decision reasons, referral notes and reasons,
/// cooperation notes, non-punishment offence, basis and reference, best-interest reasons, override reasons): people write
/// names and places into it whatever the label says, so it is sealed like the identity, under the data key of the case's
/// person (<see cref="IdentityVault.SealText"/>), and erasure (which destroys that key) removes it. Reading follows the
/// identity's rule: only with an active reveal (<see cref="CaseReveal.RevealAsync"/>) or as the local operator.
/// </summary>
public sealed class CaseTextVault(AppDbContext db, IdentityVault vault, TimeProvider time)
{
    /// <summary>
    /// The key to seal text for records of <paramref name="caseId"/>: any writer of such a record may seal (the author's
    /// own input needs no reveal). A person without a key (erased) gets a fresh one, added to the context, as a new
    /// narrative would; it is saved with the record.
    /// </summary>
    public async Task<CaseTextKey> ForWritingAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var personId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.Person.Id).SingleAsync(cancellationToken);
        var key = db.PersonKeys.Local.FirstOrDefault(k => k.PersonId == personId)
            ?? await db.PersonKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PersonId == personId, cancellationToken);
        // A person without a key (erased) gets a fresh one, as a new narrative would.
        var dataKey = vault.OpenOrCreate(key, personId, time.GetUtcNow().UtcDateTime, out var created);
        if (created is not null)
        {
            db.PersonKeys.Add(created);
        }
        return new CaseTextKey(dataKey);
    }

    /// <summary>
    /// The key to open text of <paramref name="caseId"/>'s records for <paramref name="viewer"/>, or null when the viewer
    /// holds no active reveal for the case (or the person was erased): the text then stays sealed.
    /// </summary>
    /// <exception cref="KeyUnavailableException">Revealed, and the person's master key is not configured.</exception>
    public async Task<CaseTextKey?> ForReadingAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, PersonId = c.Person.Id }).SingleOrDefaultAsync(cancellationToken);
        if (owner is null || !await IsRevealedAsync(caseId, owner.OrganisationId, viewer, cancellationToken))
        {
            return null;
        }
        var key = await db.PersonKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PersonId == owner.PersonId, cancellationToken);
        return key is null ? null : new CaseTextKey(vault.Open(key));
    }

    /// <summary>
    /// The key of <paramref name="caseId"/>'s person without a reveal check: for a reader the rules let see one text by
    /// purpose (the receiving organisation of a referral reads its shared note); the caller audits the reading.
    /// </summary>
    public async Task<CaseTextKey?> ForPurposeAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var personId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.Person.Id).SingleOrDefaultAsync(cancellationToken);
        var key = await db.PersonKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PersonId == personId, cancellationToken);
        return key is null ? null : new CaseTextKey(vault.Open(key));
    }

    /// <summary>The identity's rule (<see cref="CaseAccess.IsRevealedAsync"/>): the viewer may reveal the case and did so within <see cref="RevealGrant.Duration"/>.</summary>
    public Task<bool> IsRevealedAsync(Guid caseId, Guid organisationId, CaseViewer viewer, CancellationToken cancellationToken) =>
        db.IsRevealedAsync(caseId, organisationId, viewer, time.GetUtcNow().UtcDateTime, cancellationToken);
}

/// <summary>A person's data key in memory, for sealing or opening free text; zeroed on dispose.</summary>
public sealed class CaseTextKey(DataKey dataKey) : IDisposable
{
    /// <summary>The ciphertext of <paramref name="text"/> (trimmed), or null when it is empty.</summary>
    public byte[]? Seal(string recordType, Guid recordId, string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : dataKey.Vault.SealText(recordType, recordId, field, text.Trim(), dataKey.Bytes);

    public string? Open(string recordType, Guid recordId, string field, byte[]? ciphertext) =>
        ciphertext is null ? null : dataKey.Vault.OpenText(recordType, recordId, field, ciphertext, dataKey.Bytes);

    /// <summary>The ciphertext of <paramref name="content"/> (an attachment's bytes); zeroes <paramref name="content"/>.</summary>
    public byte[] SealBytes(string recordType, Guid recordId, string field, byte[] content) =>
        dataKey.Vault.SealBytes(recordType, recordId, field, content, dataKey.Bytes);

    public byte[]? OpenBytes(string recordType, Guid recordId, string field, byte[]? ciphertext) =>
        ciphertext is null ? null : dataKey.Vault.OpenBytes(recordType, recordId, field, ciphertext, dataKey.Bytes);

    public void Dispose() => dataKey.Dispose();
}

/// <summary>The record types and field names in the associated data of sealed free text (<see cref="IdentityVault.SealText"/>).</summary>
public static class SealedText
{
    public const string Consent = "consent";
    public const string NrmEvent = "nrm-event";
    public const string ServiceReferral = "service-referral";
    public const string Cooperation = "cooperation";
    public const string NonPunishment = "non-punishment";
    public const string BestInterest = "best-interest";
    public const string CaseTask = "case-task";
    public const string CaseNote = "case-note";
    public const string CaseAttachment = "case-attachment";
    public const string CaseAsset = "case-asset";

    public const string Note = "note";
    public const string WithdrawalNote = "withdrawal-note";
    public const string Reasons = "reasons";
    public const string SharedNote = "shared-note";
    public const string Reason = "reason";
    public const string OverrideReason = "override-reason";
    public const string Offence = "offence";
    public const string Basis = "basis";
    public const string ProceedingsReference = "proceedings-reference";
    public const string Title = "title";
    public const string Text = "text";
    public const string FileName = "file-name";
    public const string Content = "content";
    public const string Description = "description";
}
