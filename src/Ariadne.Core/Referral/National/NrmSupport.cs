using Ariadne.Core.Cases;

namespace Ariadne.Core.Referral.National;

/// <summary>What the national referral services share: the audit subject and opening sealed texts.</summary>
internal static class NrmSupport
{
    public const string Subject = "nrm-case";

    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static void Open(NrmEvent e, CaseTextKey? key) =>
        Open(e, key, SealedText.NrmEvent, e.Id, NrmEventTexts, (row, isSealed) => row.TextSealed = isSealed);

    public static void Open(ServiceReferral r, CaseTextKey? key) =>
        Open(r, key, SealedText.ServiceReferral, r.Id, ServiceReferralTexts, (row, isSealed) => row.TextSealed = isSealed);

    public static void Open(CooperationRecord c, CaseTextKey? key) =>
        Open(c, key, SealedText.Cooperation, c.Id, CooperationTexts, (row, isSealed) => row.TextSealed = isSealed);

    public static void Open(NonPunishmentFlag f, CaseTextKey? key) =>
        Open(f, key, SealedText.NonPunishment, f.Id, NonPunishmentTexts, (row, isSealed) => row.TextSealed = isSealed);

    /// <summary>One sealed text of a row: the field name bound into its encryption, where its ciphertext is read, and
    /// where the opened text goes.</summary>
    private sealed record SealedField<T>(string Field, Func<T, byte[]?> Ciphertext, Action<T, string?> SetText);

    private static readonly SealedField<NrmEvent>[] NrmEventTexts =
        [new(SealedText.Reasons, e => e.ReasonsCiphertext, (e, text) => e.Reasons = text)];

    private static readonly SealedField<ServiceReferral>[] ServiceReferralTexts =
    [
        new(SealedText.SharedNote, r => r.SharedNoteCiphertext, (r, text) => r.SharedNote = text),
        new(SealedText.Reason, r => r.ReasonCiphertext, (r, text) => r.Reason = text),
        new(SealedText.OverrideReason, r => r.OverrideReasonCiphertext, (r, text) => r.OverrideReason = text),
    ];

    private static readonly SealedField<CooperationRecord>[] CooperationTexts =
        [new(SealedText.Note, c => c.NoteCiphertext, (c, text) => c.Note = text)];

    private static readonly SealedField<NonPunishmentFlag>[] NonPunishmentTexts =
    [
        new(SealedText.Offence, f => f.OffenceCiphertext, (f, text) => f.Offence = text),
        new(SealedText.Basis, f => f.BasisCiphertext, (f, text) => f.Basis = text),
        new(SealedText.ProceedingsReference, f => f.ProceedingsReferenceCiphertext, (f, text) => f.ProceedingsReference = text),
    ];

    /// <summary>
    /// Opens a row's sealed texts with the case's key. Without a key (the viewer may not read them) the texts stay
    /// null and the row says whether any text is sealed; with a key the row is no longer sealed, also when an earlier
    /// attempt without a key marked it so (the competent authority's evidence, opened by purpose).
    /// </summary>
    private static void Open<T>(T row, CaseTextKey? key, string recordType, Guid id, SealedField<T>[] fields, Action<T, bool> setSealed)
    {
        if (key is null)
        {
            setSealed(row, fields.Any(f => f.Ciphertext(row) is not null));
            return;
        }
        setSealed(row, false);
        foreach (var field in fields)
        {
            field.SetText(row, key.Open(recordType, id, field.Field, field.Ciphertext(row)));
        }
    }
}
