using System.Globalization;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Screening;

/// <summary>
/// One available instrument version (<c>Key</c> is <c>id@version</c>); <c>Shipped</c> versions come with the product and
/// are read-only, the others were installed; each list says how sure its weights are.
/// </summary>
public sealed record InstrumentSummary(string Key, string Id, string Version, string Title, bool Shipped, IReadOnlyList<InstrumentListSummary> Lists, DateTime? InstalledAtUtc);

public sealed record InstrumentListSummary(string Id, string Age, string Form, string Verification);

/// <summary>
/// The instrument versions available: those shipped with the product and those an administrator installed (validated
/// on install, then immutable). <c>ID</c> alone means the highest version of that instrument.
/// </summary>
public sealed class InstrumentCatalogue(AppDbContext db, TimeProvider time, CodeListRegistry codes, IAuditLog audit)
{
    /// <summary>A shipped version by <c>ID</c> or <c>ID@VERSION</c>, without a database.</summary>
    public static CompiledInstrument? FindShipped(string key) => Pick(ShippedInstruments.All, key);

    public async Task<IReadOnlyList<InstrumentSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var installed = await db.Set<InstrumentVersion>().AsNoTracking().ToListAsync(cancellationToken);
        var result = ShippedInstruments.All.Select(i => Summary(i.Instrument, shipped: true, null)).ToList();
        foreach (var version in installed)
        {
            result.Add(Summary(InstrumentLoader.Load(version.Json, ShippedInstruments.CodeSets(codes)), shipped: false, version.InstalledAtUtc));
        }
        return [.. result.OrderBy(s => s.Id, StringComparer.Ordinal).ThenByDescending(s => s.Version, VersionComparer.Instance)];
    }

    /// <summary>A version by <c>ID</c> (highest version) or <c>ID@VERSION</c>, shipped or installed; null when there is none.</summary>
    public async Task<CompiledInstrument?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var id = key.Split('@')[0];
        var installed = await db.Set<InstrumentVersion>().AsNoTracking().Where(v => v.InstrumentId == id).ToListAsync(cancellationToken);
        var candidates = ShippedInstruments.All.Where(i => i.Instrument.Id == id)
            .Concat(installed.Select(v => CompiledInstrument.Compile(InstrumentLoader.Load(v.Json, ShippedInstruments.CodeSets(codes)))));
        return Pick(candidates, key);
    }

    /// <summary>Validates and installs an instrument version; administrators only (else Forbidden); an invalid file or an existing <c>id@version</c> is Invalid, each error keyed by its JSON path.</summary>
    public async Task<Result<InstrumentSummary>> InstallAsync(string json, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.Roles.Contains(Users.Roles.Administrator))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.InstrumentInstall, AuditOutcomes.Denied, Subject), cancellationToken);
            return Problem.Forbidden();
        }
        var (compiled, errors) = Validate(json);
        if (compiled is null)
        {
            return Invalid(errors);
        }
        var instrument = compiled.Instrument;
        if (await FindAsync(instrument.Key, cancellationToken) is not null)
        {
            return Invalid([new("version", $"{instrument.Key} exists already; versions are immutable, so install it under a new version.")]);
        }
        var entity = new InstrumentVersion
        {
            Id = Guid.CreateVersion7(),
            InstrumentId = instrument.Id,
            Version = instrument.Version,
            Json = json,
            InstalledByUserId = viewer.UserId,
            InstalledAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.InstrumentInstall, AuditOutcomes.Success, Subject, instrument.Key), cancellationToken);
        return Summary(instrument, shipped: false, entity.InstalledAtUtc);
    }

    /// <summary>The errors of an instrument file as field errors keyed by their JSON path (code <c>Invalid</c>).</summary>
    private static Problem Invalid(IReadOnlyList<InstrumentError> errors) => Problem.Invalid([.. errors.Select(e => new FieldError(e.Path, "Invalid", e.Message))]);

    /// <summary>
    /// Validates an instrument version without installing it (e.g. a candidate for an impact analysis): the compiled
    /// instrument, or null and every error with its JSON path.
    /// </summary>
    public (CompiledInstrument? Instrument, IReadOnlyList<InstrumentError> Errors) Validate(string json)
    {
        try
        {
            // Compiling also proves every list has the rules it needs.
            return (CompiledInstrument.Compile(InstrumentLoader.Load(json, ShippedInstruments.CodeSets(codes))), []);
        }
        catch (InstrumentValidationException e)
        {
            return (null, e.Errors);
        }
    }

    private const string Subject = "screening-instrument";

    private static CompiledInstrument? Pick(IEnumerable<CompiledInstrument> candidates, string key)
    {
        var parts = key.Split('@', 2);
        var matching = candidates.Where(c => string.Equals(c.Instrument.Id, parts[0], StringComparison.Ordinal));
        return parts.Length == 2
            ? matching.FirstOrDefault(c => string.Equals(c.Instrument.Version, parts[1], StringComparison.Ordinal))
            : matching.OrderByDescending(c => c.Instrument.Version, VersionComparer.Instance).FirstOrDefault();
    }

    private static InstrumentSummary Summary(ScreeningInstrument instrument, bool shipped, DateTime? installedAtUtc) => new(
        instrument.Key,
        instrument.Id,
        instrument.Version,
        ScreeningInstrument.Label(instrument.Title, "en"),
        shipped,
        [.. instrument.Lists.Select(l => new InstrumentListSummary(l.Id, InstrumentLoader.Kebab(l.Age), l.Form, InstrumentLoader.Kebab(l.Verification)))],
        installedAtUtc);

    /// <summary>Orders versions by their dot-separated parts, numerically where both parts are numbers: 1.10 after 1.9.</summary>
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
