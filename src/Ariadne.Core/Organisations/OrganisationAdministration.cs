using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Organisations;

/// <summary>An organisation to create, or the new values of one: name, type (<c>organisation-type</c> code) and country (ISO alpha-2, optional).</summary>
public sealed record OrganisationInput(string? Name, string? Type, string? CountryCode);

/// <summary>One organisation as the administrator sees it.</summary>
public sealed record OrganisationSummary(Guid Id, string Name, string Type, string? CountryCode);

/// <summary>
/// Organisation administration, one service for the pages and the API: list, create, and change the name, type and
/// country. Every change is audited (<see cref="AuditActions.OrganisationChange"/>); nothing is stored when a field is
/// invalid. The services an organisation offers are kept by the referral mechanism (<c>ServiceOfferAdministration</c>).
/// </summary>
public sealed class OrganisationAdministration(AppDbContext db, IAuditLog audit)
{
    private const string Subject = "organisation";
    private const int MaxNameLength = 200;

    /// <summary>Every organisation's name by id.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

    /// <summary>Every organisation, by name.</summary>
    public async Task<IReadOnlyList<OrganisationSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        return [.. all.Select(o => new OrganisationSummary(o.Id, o.Name, o.Type, o.CountryCode))];
    }

    /// <summary>One organisation, or NotFound.</summary>
    public async Task<Result<OrganisationSummary>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return o is null
            ? Problem.NotFound("No such organisation.")
            : new OrganisationSummary(o.Id, o.Name, o.Type, o.CountryCode);
    }

    public async Task<Result<OrganisationSummary>> CreateAsync(OrganisationInput input, CancellationToken cancellationToken)
    {
        var (errors, name, type, country) = await ValidateAsync(input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = name, Type = type, CountryCode = country };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(organisation, "create", cancellationToken);
        return new OrganisationSummary(organisation.Id, name, type, country);
    }

    public async Task<Result<OrganisationSummary>> UpdateAsync(Guid id, OrganisationInput input, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return Problem.NotFound("No such organisation.");
        }
        var (errors, name, type, country) = await ValidateAsync(input, id, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        organisation.Name = name;
        organisation.Type = type;
        organisation.CountryCode = country;
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(organisation, "update", cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    private async Task<(List<FieldError> Errors, string Name, string Type, string? Country)> ValidateAsync(OrganisationInput input, Guid? id, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        var type = input.Type?.Trim() ?? "";
        var country = string.IsNullOrWhiteSpace(input.CountryCode) ? null : input.CountryCode.Trim().ToUpperInvariant();
        if (name.Length == 0)
        {
            errors.Add(new FieldError("Name", "Required", "Give the organisation's name."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new FieldError("Name", "TooLong", $"The name is longer than {MaxNameLength} characters.", MaxNameLength));
        }
        else if (await db.Organisations.AnyAsync(o => o.Name == name && o.Id != id, cancellationToken))
        {
            errors.Add(new FieldError("Name", "Taken", $"An organisation named '{name}' exists.", name));
        }
        if (type.Length == 0)
        {
            errors.Add(new FieldError("Type", "Required", "Choose the organisation's type."));
        }
        else if (!CodeListRegistry.Default[CodeListIds.OrganisationType].Contains(type))
        {
            errors.Add(new FieldError("Type", "UnknownCode", $"'{type}' is not an organisation-type code.", type));
        }
        if (country is not null && !CodeListRegistry.Default[CodeListIds.Country].Contains(country))
        {
            errors.Add(new FieldError("CountryCode", "UnknownCode", $"'{country}' is not an ISO 3166-1 alpha-2 country code.", country));
        }
        return (errors, name, type, country);
    }

    private Task AuditAsync(Organisation organisation, string change, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(AuditActions.OrganisationChange, AuditOutcomes.Success, Subject, organisation.Id.ToString(),
            Details: new Dictionary<string, string>
            {
                ["change"] = change,
                ["name"] = organisation.Name,
                ["type"] = organisation.Type,
                ["countryCode"] = organisation.CountryCode ?? "",
            }), cancellationToken);
}
