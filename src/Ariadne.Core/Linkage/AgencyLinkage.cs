using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Linkage;

/// <summary>What an encoding run wrote: the run, how many records, and how many persons had nothing to encode (erased or no identity recorded).</summary>
public sealed record AgencyEncodeSummary(Guid RunId, int Records, int Skipped, string RoundTag);

/// <summary>What an import of the operator's result changed: the run, its records, the clusters they fall in, and the persons whose cluster key was set (merged mates included).</summary>
public sealed record AgencyImportSummary(Guid RunId, int Records, int Clusters, int Persons, string RoundTag);

/// <summary>
/// The agency's side of linkage between agencies, read from and written to the database; the UI, the API and the CLI
/// (<c>linkage encode-cases</c>, <c>linkage import-clusters</c>) call these methods.
/// <list type="bullet">
/// <item><see cref="EncodeAsync"/> opens the identities of one organisation's persons inside this process and writes the
/// same encodings file as <c>ariadne linkage encode</c> (<see cref="LinkageFiles.WriteEncodings"/>, schema
/// <see cref="CaseLinkageSchema.Schema"/>). The shared secret is used for this call only and never stored. Record ids are
/// random per run; the run's pseudonym table maps them back to person ids.</item>
/// <item><see cref="ImportClustersAsync"/> reads the operator's <c>record_id,cluster_id</c> file for one of those runs and
/// sets <see cref="Person.ClusterKey"/> to <c>"l:" + round tag + ":" + cluster id</c>: the operator's cluster ids are
/// shared across the agencies' files and the round tag derives from the shared secret, so the same human being gets the
/// same key at every agency. All or nothing.</item>
/// </list>
/// Both are audited with counts only, never a name.
/// </summary>
public sealed class AgencyLinkage(AppDbContext db, IdentityVault vault, IAuditLog audit, TimeProvider time)
{
    /// <summary>The shortest shared secret accepted: 128 bits.</summary>
    public const int MinSecretBytes = 16;

    /// <summary>The longest accepted cluster id of an operator's file (the key must fit <see cref="Person.MaxClusterKeyLength"/>).</summary>
    public const int MaxClusterIdLength = 40;

    private const int Page = 500;

    /// <summary>
    /// Encodes the persons of <paramref name="organisationId"/>'s cases into <paramref name="output"/> (left open), stores the
    /// run's pseudonym table and audits the run (organisation, records, skipped; no names). Persons merged into one
    /// (<see cref="Person.ClusterKey"/>) are encoded once, as one human being; a person whose identity was erased or never
    /// recorded has nothing to encode and is skipped (counted).
    /// </summary>
    /// <param name="organisationId">Whose persons; the caller has checked that the actor belongs to it (or is the local operator).</param>
    /// <param name="secret">The agencies' shared secret, at least <see cref="MinSecretBytes"/> bytes; used for this run only, never stored, zeroed afterwards.</param>
    /// <param name="output">Where the encodings file (<c>record_id,encoding,blocks</c>) goes.</param>
    /// <param name="actor">Who encodes (for the run and the audit entry).</param>
    /// <param name="progress">Fraction done and a stage ("Opening", "Encoding").</param>
    /// <param name="cancellationToken">Stops the run; nothing is stored then.</param>
    public async Task<Result<AgencyEncodeSummary>> EncodeAsync(Guid organisationId, byte[] secret, Stream output, AuditActor actor,
        IProgress<(double Fraction, string Stage)>? progress, CancellationToken cancellationToken)
    {
        try
        {
            if (secret.Length < MinSecretBytes)
            {
                return Problem.Invalid("Secret", "TooShort", $"The shared secret has {secret.Length} bytes; at least {MinSecretBytes} (e.g. 32 random bytes).", secret.Length, MinSecretBytes);
            }
            if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
            {
                return Problem.NotFound("No such organisation.");
            }
            progress?.Report((0, "Opening"));
            var persons = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId)
                .Select(c => new { c.Person.Id, c.Person.ClusterKey, HasIdentity = c.Person.IdentityCiphertext != null && c.Person.Key != null })
                .ToListAsync(cancellationToken);
            // One record per human being: persons sharing a cluster key (a merge) are encoded once, by the first with an identity.
            var groups = persons.GroupBy(p => p.ClusterKey ?? p.Id.ToString()).ToList();
            var representatives = groups.Select(g => g.Where(p => p.HasIdentity).OrderBy(p => p.Id).Select(p => (Guid?)p.Id).FirstOrDefault())
                .Where(id => id is not null).Select(id => id!.Value).ToList();
            var skipped = groups.Count - representatives.Count;
            var run = new LinkageRun
            {
                Id = Guid.NewGuid(),
                OrganisationId = organisationId,
                RoundTag = RoundTag(secret),
                Records = representatives.Count,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                CreatedBy = actor.Name,
            };
            var pseudonyms = new List<LinkagePseudonym>(representatives.Count);
            var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await using (writer)
            {
                var records = new List<(string Id, IReadOnlyList<string?> Values)>(Page);
                var done = 0;
                var first = true;
                foreach (var chunk in representatives.Chunk(Page))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = await db.Persons.AsNoTracking().Include(p => p.Key).Where(p => chunk.Contains(p.Id)).ToListAsync(cancellationToken);
                    records.Clear();
                    foreach (var person in rows.OrderBy(p => p.Id))
                    {
                        using var dataKey = vault.Open(person.Key!);
                        var identity = vault.Open(person.Id, person.IdentityCiphertext!, dataKey.Bytes);
                        var recordId = NewRecordId();
                        pseudonyms.Add(new LinkagePseudonym { RunId = run.Id, RecordId = recordId, PersonId = person.Id });
                        records.Add((recordId, CaseLinkageSchema.Values(identity, person)));
                    }
                    WriteChunk(records, secret, writer, first);
                    first = false;
                    done += chunk.Length;
                    progress?.Report((done / (double)Math.Max(representatives.Count, 1), "Encoding"));
                }
                if (first)
                {
                    WriteChunk([], secret, writer, header: true);
                }
            }
            db.Add(run);
            foreach (var chunk in pseudonyms.Chunk(5000))
            {
                db.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            if (pseudonyms.Count == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            await audit.AppendAsync(new AuditRecord(AuditActions.LinkageEncode, AuditOutcomes.Success, "linkage-run", run.Id.ToString(), null,
                new Dictionary<string, string>
                {
                    ["organisation"] = organisationId.ToString(),
                    ["records"] = run.Records.ToString(CultureInfo.InvariantCulture),
                    ["skipped"] = skipped.ToString(CultureInfo.InvariantCulture),
                }, actor), cancellationToken);
            progress?.Report((1, "Encoding"));
            return new AgencyEncodeSummary(run.Id, run.Records, skipped, run.RoundTag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// Imports the operator's result for one of <paramref name="organisationId"/>'s runs: every record id must be one of
    /// that run's and every record of the run must be there; then each person (and the persons merged with it in this
    /// organisation) gets the cluster key. All or nothing; every error names the row. Audited with counts.
    /// </summary>
    /// <param name="organisationId">The importing organisation; null for the local operator (any organisation's run).</param>
    /// <param name="content">The operator's <c>record_id,cluster_id</c> file.</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="actor">Who imports.</param>
    /// <param name="cancellationToken">Stops the import; nothing is changed then.</param>
    public async Task<Result<AgencyImportSummary>> ImportClustersAsync(Guid? organisationId, Stream content, string fileName, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var (rows, error) = ReadClusters(content, fileName);
        if (error is not null)
        {
            return Problem.Invalid("File", "Invalid", error);
        }
        var byRecord = new Dictionary<string, LinkagePseudonym>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.RecordId).Chunk(Page))
        {
            foreach (var p in await db.Set<LinkagePseudonym>().AsNoTracking().Where(p => chunk.Contains(p.RecordId)).ToListAsync(cancellationToken))
            {
                byRecord[p.RecordId] = p;
            }
        }
        var runIds = byRecord.Values.Select(p => p.RunId).Distinct().ToList();
        var runs = await db.Set<LinkageRun>().Where(r => runIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var row in rows)
        {
            if (!byRecord.TryGetValue(row.RecordId, out var p) || (organisationId is { } org && runs[p.RunId].OrganisationId != org))
            {
                return Problem.Invalid("File", "UnknownRecord",
                    $"{fileName}: row {row.Row}: record id '{row.RecordId}' is not one of this organisation's encodings (was the file encoded here?)",
                    fileName, row.Row, row.RecordId);
            }
        }
        if (runs.Count != 1)
        {
            return Problem.Invalid("File", "SeveralRuns", $"{fileName}: the records belong to {runs.Count} different encoding runs; import one operator result per run", fileName, runs.Count);
        }
        var run = runs.Values.Single();
        var expected = await db.Set<LinkagePseudonym>().CountAsync(p => p.RunId == run.Id, cancellationToken);
        if (expected != rows.Count)
        {
            return Problem.Invalid("File", "Incomplete", $"{fileName}: {rows.Count} of the run's {expected} records; the operator's file holds every record of the run",
                fileName, rows.Count, expected);
        }
        var keyOf = rows.ToDictionary(r => byRecord[r.RecordId].PersonId, r => $"l:{run.RoundTag}:{r.ClusterId}");
        // The persons of this organisation's cases, with their current keys, so that merged mates follow their representative.
        var ownPersons = await db.Cases.Where(c => c.OrganisationId == run.OrganisationId).Select(c => c.Person).ToListAsync(cancellationToken);
        var mates = ownPersons.Where(p => p.ClusterKey is not null).GroupBy(p => p.ClusterKey!).ToDictionary(g => g.Key, g => g.ToList());
        var changed = 0;
        foreach (var person in ownPersons.Where(p => keyOf.ContainsKey(p.Id)).ToList())
        {
            var key = keyOf[person.Id];
            var group = person.ClusterKey is { } old && mates.TryGetValue(old, out var found) ? found : [person];
            foreach (var mate in group)
            {
                mate.ClusterKey = key;
                changed++;
            }
        }
        run.ImportedAtUtc = time.GetUtcNow().UtcDateTime;
        var clusters = rows.Select(r => r.ClusterId).Distinct(StringComparer.Ordinal).Count();
        run.ImportedClusters = clusters;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.LinkageImport, AuditOutcomes.Success, "linkage-run", run.Id.ToString(), null,
            new Dictionary<string, string>
            {
                ["organisation"] = run.OrganisationId.ToString(),
                ["records"] = rows.Count.ToString(CultureInfo.InvariantCulture),
                ["clusters"] = clusters.ToString(CultureInfo.InvariantCulture),
                ["persons"] = changed.ToString(CultureInfo.InvariantCulture),
            }, actor), cancellationToken);
        return new AgencyImportSummary(run.Id, rows.Count, clusters, changed, run.RoundTag);
    }

    /// <summary>The runs of an organisation, newest first (for the pages).</summary>
    public async Task<IReadOnlyList<LinkageRun>> RunsAsync(Guid? organisationId, CancellationToken cancellationToken) =>
        await db.Set<LinkageRun>().AsNoTracking().Where(r => organisationId == null || r.OrganisationId == organisationId)
            .OrderByDescending(r => r.CreatedAtUtc).Take(50).ToListAsync(cancellationToken);

    /// <summary>The round tag of a secret: 64 bits of HMAC-SHA256 under it, as hex (see <see cref="LinkageRun.RoundTag"/>).</summary>
    public static string RoundTag(byte[] secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, "ariadne-linkage/round-tag"u8)[..8]);

    /// <summary>The secret as uploaded or pasted: its bytes, a trailing line break ignored (as <see cref="LinkageFiles.ReadSecret"/>).</summary>
    public static byte[] SecretFrom(ReadOnlySpan<byte> bytes)
    {
        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }
        return bytes[..length].ToArray();
    }

    private static void WriteChunk(List<(string Id, IReadOnlyList<string?> Values)> records, byte[] secret, TextWriter writer, bool header)
    {
        // The file format has one writer (LinkageFiles.WriteEncodings); its header is written once, with the first chunk.
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        LinkageFiles.WriteEncodings(records, records.Count, CaseLinkageSchema.Schema, secret, buffer);
        var text = buffer.ToString();
        writer.Write(header ? text : text[(LinkageFiles.EncodingsHeader.Length + 1)..]);
    }

    private static string NewRecordId()
    {
        // 128 random bits as base32: no internal id, new in every run.
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var text = new StringBuilder(26);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }

    private sealed record ClusterRow(int Row, string RecordId, string ClusterId);

    private static (List<ClusterRow> Rows, string? Error) ReadClusters(Stream content, string fileName)
    {
        var rows = new List<ClusterRow>();
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        if (!csv.Read() || csv.FieldCount != 2 || csv.GetString(0).Trim().TrimStart('\uFEFF') != "record_id" || csv.GetString(1).Trim() != "cluster_id")
        {
            return (rows, $"{fileName}: row 1: not an operator's result (header record_id,cluster_id)");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var row = 1;
        while (csv.Read())
        {
            row++;
            if (csv.FieldCount == 1 && csv.GetString(0).Trim().Length == 0)
            {
                continue;
            }
            if (csv.FieldCount != 2)
            {
                return (rows, $"{fileName}: row {row}: {csv.FieldCount} fields, the header has 2");
            }
            var recordId = csv.GetString(0).Trim();
            var clusterId = csv.GetString(1).Trim();
            if (recordId.Length == 0)
            {
                return (rows, $"{fileName}: row {row}, column record_id: empty");
            }
            if (clusterId.Length is 0 or > MaxClusterIdLength || !clusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return (rows, $"{fileName}: row {row}, column cluster_id: 1 to {MaxClusterIdLength} letters, digits, '-' or '_'");
            }
            if (!seen.Add(recordId))
            {
                return (rows, $"{fileName}: row {row}, column record_id: '{recordId}' appears twice");
            }
            rows.Add(new ClusterRow(row, recordId, clusterId));
        }
        return rows.Count == 0 ? (rows, $"{fileName}: no records") : (rows, null);
    }
}
