using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>What an import of a treaty status table says about itself; the file may supply the URL and "as of" date.</summary>
/// <param name="Instrument">Required.</param>
/// <param name="FileName">The uploaded file's name (shown as the source).</param>
/// <param name="SourceUrl">Where the file was saved from (http or https); a UNTC page saved by a browser names it itself.</param>
/// <param name="AsOf">The date the status is as of; a UNTC page's "Status as at" is taken when this is empty.</param>
public sealed record TreatyImportInput(TreatyInstrument? Instrument, string? FileName, string? SourceUrl = null, DateOnly? AsOf = null);

public sealed record TreatyImportSummary(Guid Id, TreatyInstrument Instrument, string Format, string FileName, string? SourceUrl, DateOnly AsOf, int Participants,
    DateTime ImportedAtUtc, string ImportedBy);

/// <summary>One participant's status as imported: the country (ISO alpha-3), the source's name, the dates and the kind of consent.</summary>
public sealed record TreatyParticipationView(string Country, string Participant, DateOnly? SignedOn, DateOnly? ConsentOn, ConsentKind? ConsentKind, bool Reservations,
    string? ReservationsText);

/// <summary>An instrument's current status (its newest import, with every participant) and every import of it, newest first.</summary>
public sealed record TreatyInstrumentStatus(TreatyInstrument Instrument, TreatyImportSummary? Current, IReadOnlyList<TreatyParticipationView> Participants,
    IReadOnlyList<TreatyImportSummary> History);

/// <summary>A country's row in the current status of an instrument; <see cref="Participation"/> is null when the source does not list it.</summary>
public sealed record CountryTreatyStatus(TreatyInstrument Instrument, TreatyImportSummary Source, TreatyParticipationView? Participation);

/// <summary>Treaty status (issue 18, item 5): participation in the Trafficking Protocol, CETS 197, ILO P29 and C181, imported from files the user supplies.</summary>
public sealed partial class FollowUpService
{
    public const string TreatySubject = "treaty-status";

    /// <summary>The largest status file accepted (a saved UNTC page is a few hundred kilobytes).</summary>
    public const int MaxTreatyFileBytes = 5 * 1024 * 1024;

    private static readonly Lazy<TreatyCountries> Countries = new(() => new TreatyCountries(CodeListRegistry.Default.Country));

    /// <summary>Participant names and codes of the product's country list.</summary>
    public static TreatyCountries TreatyCountries => Countries.Value;

    /// <summary>
    /// Imports an instrument's status table from a CSV or a saved UNTC page (<see cref="TreatyStatusFiles"/>). Each import
    /// is kept; the newest is the instrument's current status. All or nothing: unknown countries are all named, malformed
    /// dates name the row and field, and nothing is stored.
    /// </summary>
    /// <returns>The import's summary; Forbidden; Invalid (<c>Instrument</c>, <c>AsOf</c>, <c>SourceUrl</c>, or <c>File</c> with one error per row and field).</returns>
    public async Task<Result<TreatyImportSummary>> ImportTreatiesAsync(TreatyImportInput input, string content, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpTreatyImport, AuditOutcomes.Denied, TreatySubject, input.Instrument?.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (input.Instrument is not { } instrument || !Enum.IsDefined(instrument))
        {
            errors.Add(new(nameof(TreatyImportInput.Instrument), "Required", "Instrument: one of " + string.Join(", ", Enum.GetNames<TreatyInstrument>()) + "."));
            return Problem.Invalid(errors);
        }
        var (table, fileErrors) = TreatyStatusFiles.Read(content, TreatyCountries);
        if (table is null)
        {
            await AuditAsync(AuditActions.FollowUpTreatyImport, AuditOutcomes.Failed, TreatySubject, instrument.ToString(),
                new Dictionary<string, string> { ["errors"] = fileErrors.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            return Problem.Invalid(fileErrors);
        }
        var url = Blank(input.SourceUrl) ?? table.SourceUrl;
        if (url is not null && (url.Length > FollowUpRules.MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add(new(nameof(TreatyImportInput.SourceUrl), "Url", $"SourceUrl: an http or https address of at most {FollowUpRules.MaxUrlLength} characters.", url));
        }
        if ((input.AsOf ?? table.AsOf) is not { } asOf)
        {
            errors.Add(new(nameof(TreatyImportInput.AsOf), "Required", "AsOf: give the date the status is as of (the file does not say)."));
            return Problem.Invalid(errors);
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var import = new TreatyStatusImport
        {
            Id = Guid.CreateVersion7(),
            Instrument = instrument,
            Format = table.Format,
            FileName = Blank(input.FileName) is { } name ? name[..Math.Min(name.Length, FollowUpRules.MaxTitleLength)] : table.Format == TreatyStatusFiles.CsvFormat ? "status.csv" : "status.html",
            SourceUrl = url,
            AsOf = asOf,
            Participants = table.Participants.Count,
            ImportedAtUtc = time.GetUtcNow().UtcDateTime,
            ImportedBy = auditContext.Actor.Name,
        };
        db.Set<TreatyStatusImport>().Add(import);
        db.Set<TreatyParticipation>().AddRange(table.Participants.Select(p => new TreatyParticipation
        {
            Id = Guid.CreateVersion7(),
            ImportId = import.Id,
            Instrument = instrument,
            Country = p.Country,
            Participant = p.Name.Length <= FollowUpRules.MaxTitleLength ? p.Name : p.Name[..FollowUpRules.MaxTitleLength],
            SignedOn = p.SignedOn,
            ConsentOn = p.ConsentOn,
            ConsentKind = p.Kind,
            Reservations = p.Reservations,
            ReservationsText = p.ReservationsText,
            Row = p.Row,
        }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await AuditAsync(AuditActions.FollowUpTreatyImport, AuditOutcomes.Success, TreatySubject, instrument.ToString(),
            new Dictionary<string, string>
            {
                ["import"] = import.Id.ToString(),
                ["format"] = import.Format,
                ["participants"] = import.Participants.ToString(CultureInfo.InvariantCulture),
                ["asOf"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, cancellationToken);
        return Summary(import);
    }

    /// <summary>Every instrument (or one) with its current status and the history of its imports.</summary>
    public async Task<Result<IReadOnlyList<TreatyInstrumentStatus>>> TreatiesAsync(TreatyInstrument? instrument, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var imports = await db.Set<TreatyStatusImport>().AsNoTracking().Where(i => instrument == null || i.Instrument == instrument).ToListAsync(cancellationToken);
        var current = CurrentImports(imports);
        var currentIds = current.Values.Select(i => i.Id).ToList();
        var rows = await db.Set<TreatyParticipation>().AsNoTracking().Where(p => currentIds.Contains(p.ImportId)).ToListAsync(cancellationToken);
        return Enum.GetValues<TreatyInstrument>().Where(i => instrument is null || i == instrument)
            .Select(i => new TreatyInstrumentStatus(i, current.TryGetValue(i, out var c) ? Summary(c) : null,
                c is null ? [] : rows.Where(r => r.ImportId == c.Id).OrderBy(r => r.Row).Select(View).ToList(),
                imports.Where(x => x.Instrument == i).OrderByDescending(x => x.ImportedAtUtc).ThenByDescending(x => x.Id).Select(Summary).ToList()))
            .ToList();
    }

    /// <summary>A country's status under the current import of each instrument that has one.</summary>
    /// <returns>The rows; Forbidden; Invalid when <paramref name="iso3"/> is not three letters.</returns>
    public async Task<Result<IReadOnlyList<CountryTreatyStatus>>> CountryTreatiesAsync(string? iso3, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var code = iso3?.Trim().ToUpperInvariant() ?? "";
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            return Problem.Invalid("Country", "Format", "Country: an ISO 3166 alpha-3 code, e.g. DEU.", iso3 ?? "");
        }
        var current = CurrentImports(await db.Set<TreatyStatusImport>().AsNoTracking().ToListAsync(cancellationToken));
        var ids = current.Values.Select(i => i.Id).ToList();
        var rows = await db.Set<TreatyParticipation>().AsNoTracking().Where(p => p.Country == code && ids.Contains(p.ImportId)).ToListAsync(cancellationToken);
        return current.OrderBy(c => c.Key)
            .Select(c => new CountryTreatyStatus(c.Key, Summary(c.Value), rows.FirstOrDefault(r => r.ImportId == c.Value.Id) is { } row ? View(row) : null))
            .ToList();
    }

    /// <summary>
    /// An instrument named by its name (any case) or a usual short name: XVIII-12-a or protocol, CETS197 or CETS-197, P29,
    /// C181. Null when it names none.
    /// </summary>
    public static TreatyInstrument? ParseInstrument(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "xviii-12-a" or "protocol" or "palermo" => TreatyInstrument.TraffickingProtocol,
        "cets197" or "cets-197" or "cets 197" => TreatyInstrument.Cets197,
        "p29" => TreatyInstrument.IloP29,
        "c181" => TreatyInstrument.IloC181,
        var other => Enum.GetValues<TreatyInstrument>().Cast<TreatyInstrument?>().FirstOrDefault(i => i.ToString()!.Equals(other, StringComparison.OrdinalIgnoreCase)),
    };

    /// <summary>The problem of an instrument parameter that names none, listing the instruments.</summary>
    public static Problem UnknownInstrument(string value) =>
        Problem.Invalid("instrument", "Instrument", $"instrument: '{value}' is not one of {string.Join(", ", Enum.GetNames<TreatyInstrument>())} (or XVIII-12-a, CETS197, P29, C181).", value);

    /// <summary>The newest import of each instrument (by import time; the version-7 id breaks ties).</summary>
    private static Dictionary<TreatyInstrument, TreatyStatusImport> CurrentImports(IEnumerable<TreatyStatusImport> imports) =>
        imports.GroupBy(i => i.Instrument).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.ImportedAtUtc).ThenByDescending(i => i.Id).First());

    private static TreatyImportSummary Summary(TreatyStatusImport i) =>
        new(i.Id, i.Instrument, i.Format, i.FileName, i.SourceUrl, i.AsOf, i.Participants, i.ImportedAtUtc, i.ImportedBy);

    private static TreatyParticipationView View(TreatyParticipation p) =>
        new(p.Country, p.Participant, p.SignedOn, p.ConsentOn, p.ConsentKind, p.Reservations, p.ReservationsText);
}
