using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>
/// The organisations an operator names by id or name; <paramref name="Matches"/> are the ids that fit,
/// <paramref name="Organisations"/> how many organisations there are in all (for a message when none or several fit).
/// </summary>
public sealed record OrganisationChoice(IReadOnlyList<Guid> Matches, int Organisations)
{
    /// <summary>The one organisation that fits, if exactly one does.</summary>
    public Guid? Single => Matches.Count == 1 ? Matches[0] : null;
}

/// <summary>
/// Looks organisations up by what an operator types: their id or their name (case-insensitive); with nothing typed, the
/// organisations that hold cases, which is why it lives with the cases.
/// </summary>
public sealed class OrganisationDirectory(AppDbContext db)
{
    /// <summary>Every organisation's name by its id.</summary>
    public Task<Dictionary<Guid, string>> NamesAsync(CancellationToken cancellationToken) =>
        db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

    /// <summary>
    /// The organisations whose id or name is <paramref name="wanted"/>; with none given, the only organisation, or else
    /// those that hold cases (one of them is the answer only if it is the only one).
    /// </summary>
    public async Task<OrganisationChoice> ChooseAsync(string? wanted, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        List<Guid> match;
        if (wanted is null)
        {
            match = organisations.Count == 1 ? [organisations[0].Id] : await db.Cases.Select(c => c.OrganisationId).Distinct().ToListAsync(cancellationToken);
        }
        else
        {
            match = [.. organisations.Where(o => o.Id.ToString() == wanted.Trim() || string.Equals(o.Name, wanted.Trim(), StringComparison.OrdinalIgnoreCase)).Select(o => o.Id)];
        }
        return new OrganisationChoice(match, organisations.Count);
    }

    /// <summary>One organisation by its id, untracked; null when there is none.</summary>
    public Task<Organisations.Organisation?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
}
