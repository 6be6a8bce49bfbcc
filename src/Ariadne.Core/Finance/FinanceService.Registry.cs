using System.Globalization;
using System.Linq.Expressions;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Finance;

public sealed partial class FinanceService
{
    /// <summary>
    /// The document types a holder's document number is tried under. The registry keys a document by type and number
    /// (<see cref="IdentityVault.DocumentIndex"/>), the type being free text (the case form suggests "passport or national
    /// identity card"), while a bank's parties file gives the number only: so the number is tried without a type and under
    /// the usual spellings of the usual types, in English and German. A document recorded under another spelling is not found.
    /// </summary>
    internal static readonly string[] RegistryDocumentTypes =
    [
        "", "passport", "national identity card", "identity card", "id card", "national id", "residence permit", "travel document",
        "driving licence", "driver's license", "Reisepass", "Pass", "Personalausweis", "Aufenthaltstitel", "Reiseausweis", "Führerschein",
    ];

    /// <summary>At most this many words of a holder's name are split into family and given names (longer names: the whole name as the family name only).</summary>
    internal const int MaxNameWordsToSplit = 8;

    /// <summary>Probe keys per query: the OR of equalities stays far below the databases' expression limits.</summary>
    private const int RegistryKeysPerQuery = 40;

    /// <summary>
    /// Which cases the viewer may look up hold a person matching one of the holders of the alert's accounts, for a reason.
    /// Each holder's sealed identity is opened (a reveal, audited as <see cref="AuditActions.FinanceRegistrySearch"/> with the
    /// reason and the numbers of holders and matches, never a value); the registry's blind indexes are computed from it in
    /// memory — the family name, given name and date of birth for every split of the full name (<see cref="NameSplits"/>),
    /// the document number under each of <see cref="RegistryDocumentTypes"/> — and compared with the persons of the cases
    /// <see cref="CaseAccess.MatchableByIdentity"/> allows. Nothing is stored and no index leaves this method. The answer names
    /// the case code, the holder's account and what matched, nothing of the person.
    /// </summary>
    public async Task<Result<IReadOnlyList<RegistryMatch>>> FindHoldersInRegistryAsync(Guid alertId, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var opened = await AlertPartiesAsync(alertId, reason, "Give a reason for looking up the account holders in the case registry.", viewer, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }
        var parties = opened.Value!;
        var probes = parties.SelectMany(p => Probes(p.AccountId, OpenParty(p))).ToList();
        var matches = new HashSet<RegistryMatch>();
        foreach (var chunk in probes.Chunk(RegistryKeysPerQuery))
        {
            var names = chunk.Where(p => p.On == RegistryMatch.NameAndDateOfBirth).Select(p => p.Key).ToList();
            var documents = chunk.Where(p => p.On == RegistryMatch.Document).Select(p => p.Key).ToList();
            var found = await db.Cases.AsNoTracking().MatchableByIdentity(viewer).Where(AnyOf(names, documents))
                .Select(c => new { c.CaseCode, c.Person.NameDobIndex, c.Person.DocumentIndex }).ToListAsync(cancellationToken);
            foreach (var c in found)
            {
                foreach (var probe in chunk)
                {
                    var column = probe.On == RegistryMatch.NameAndDateOfBirth ? c.NameDobIndex : c.DocumentIndex;
                    if (column is not null && column.AsSpan().SequenceEqual(probe.Key))
                    {
                        matches.Add(new RegistryMatch(c.CaseCode, probe.AccountId, probe.On));
                    }
                }
            }
        }
        IReadOnlyList<RegistryMatch> result = [.. matches.OrderBy(m => m.CaseCode, StringComparer.Ordinal).ThenBy(m => m.AccountId, StringComparer.Ordinal)
            .ThenBy(m => m.MatchedOn, StringComparer.Ordinal)];
        // AlertPartiesAsync refused a blank reason.
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceRegistrySearch, AuditOutcomes.Success, "finance-alert", alertId.ToString(), Reason: reason!.Trim(),
            Details: new Dictionary<string, string>
            {
                ["parties"] = parties.Count.ToString(CultureInfo.InvariantCulture),
                ["matches"] = result.Count.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return Result<IReadOnlyList<RegistryMatch>>.Success(result);
    }

    private sealed record RegistryProbe(string AccountId, string On, byte[] Key);

    /// <summary>The registry's blind indexes of one holder: name and date of birth per split (only with a date of birth), document per type.</summary>
    private IEnumerable<RegistryProbe> Probes(string accountId, FinancePartyIdentity identity)
    {
        if (BirthDate(identity.DateOfBirth) is { } born)
        {
            foreach (var (family, given) in NameSplits(identity.Name))
            {
                yield return new RegistryProbe(accountId, RegistryMatch.NameAndDateOfBirth, vault.NameDobIndex(family, given, born)!);
            }
        }
        if (!string.IsNullOrWhiteSpace(identity.DocumentNumber))
        {
            foreach (var type in RegistryDocumentTypes)
            {
                yield return new RegistryProbe(accountId, RegistryMatch.Document, vault.DocumentIndex(type, identity.DocumentNumber)!);
            }
        }
    }

    /// <summary>
    /// The plausible (family name, given names) readings of a full name that a bank keeps in one field: the whole name as the
    /// family name, and at every split point between words both orders — "Maria Elena Rossi" gives (Maria Elena Rossi; –),
    /// (Rossi; Maria Elena), (Elena Rossi; Maria), (Maria; Elena Rossi), (Maria Elena; Rossi). The words are those of the
    /// registry's own normalisation (<see cref="IdentityVault.NormaliseName"/>), so punctuation and diacritics do not matter;
    /// at most <see cref="MaxNameWordsToSplit"/> words are split. Empty without a name.
    /// </summary>
    internal static IReadOnlyList<(string Family, string? Given)> NameSplits(string? fullName)
    {
        var normalised = IdentityVault.NormaliseName(fullName);
        if (normalised.Length == 0)
        {
            return [];
        }
        var words = normalised.Split(' ');
        var splits = new List<(string, string?)> { (normalised, null) };
        if (words.Length > MaxNameWordsToSplit)
        {
            return splits;
        }
        for (var k = 1; k < words.Length; k++)
        {
            var (head, tail) = (string.Join(' ', words[..k]), string.Join(' ', words[k..]));
            splits.Add((tail, head));
            splits.Add((head, tail));
        }
        return splits;
    }

    /// <summary>
    /// <c>c =&gt; c.Person.NameDobIndex == n1 || … || c.Person.DocumentIndex == d1 || …</c>: equality on the indexed columns,
    /// which both providers translate (a list of byte arrays as a parameter is not portable).
    /// </summary>
    private static Expression<Func<Case, bool>> AnyOf(IReadOnlyList<byte[]> nameKeys, IReadOnlyList<byte[]> documentKeys)
    {
        var c = Expression.Parameter(typeof(Case), "c");
        var person = Expression.Property(c, nameof(Case.Person));
        Expression body = Expression.Constant(false);
        foreach (var (column, keys) in new[] { (nameof(Cases.Person.NameDobIndex), nameKeys), (nameof(Cases.Person.DocumentIndex), documentKeys) })
        {
            foreach (var key in keys)
            {
                body = Expression.OrElse(body, Expression.Equal(Expression.Property(person, column), Expression.Constant(key, typeof(byte[]))));
            }
        }
        return Expression.Lambda<Func<Case, bool>>(body, c);
    }
}
