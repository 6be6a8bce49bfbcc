using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>One service an organisation offers: an <c>assistance-service</c> code and how many people it can take (null: not stated).</summary>
public sealed record ServiceOfferView(string Service, int? Capacity);

/// <summary>
/// The administrator's side of the services organisations offer (<see cref="ServiceOffer"/>, which the referral
/// mechanism reads when a case is referred to a service): read and replace an organisation's offers with their
/// capacity. A replacement is audited (<see cref="AuditActions.OrganisationChange"/>, change "services").
/// </summary>
public sealed class ServiceOfferAdministration(AppDbContext db, IAuditLog audit)
{
    /// <summary>The largest capacity accepted.</summary>
    public const int MaxCapacity = 100_000;

    public async Task<Result<IReadOnlyList<ServiceOfferView>>> OffersAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            return Problem.NotFound("No such organisation.");
        }
        var offers = await db.Set<ServiceOffer>().AsNoTracking().Where(o => o.OrganisationId == organisationId)
            .OrderBy(o => o.Service).Select(o => new ServiceOfferView(o.Service, o.Capacity)).ToListAsync(cancellationToken);
        return offers;
    }

    /// <summary>Replaces the organisation's offers; each service at most once, a known code, a capacity from 0 to <see cref="MaxCapacity"/>.</summary>
    public async Task<Result<IReadOnlyList<ServiceOfferView>>> SetOffersAsync(Guid organisationId, IReadOnlyList<ServiceOfferView> offers, CancellationToken cancellationToken)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            return Problem.NotFound("No such organisation.");
        }
        var list = CodeListRegistry.Default[CodeListIds.AssistanceService];
        var errors = new List<FieldError>();
        for (var i = 0; i < offers.Count; i++)
        {
            var offer = offers[i];
            if (!list.Contains(offer.Service))
            {
                errors.Add(new FieldError($"Services[{i}]", "UnknownCode", $"'{offer.Service}' is not an assistance-service code.", offer.Service));
            }
            else if (offers.Take(i).Any(o => o.Service == offer.Service))
            {
                errors.Add(new FieldError($"Services[{i}]", "Duplicate", $"'{offer.Service}' is listed twice.", offer.Service));
            }
            if (offer.Capacity is < 0 or > MaxCapacity)
            {
                errors.Add(new FieldError($"Capacity[{i}]", "OutOfRange", $"The capacity must be between 0 and {MaxCapacity}.", 0, MaxCapacity));
            }
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        db.RemoveRange(await db.Set<ServiceOffer>().Where(o => o.OrganisationId == organisationId).ToListAsync(cancellationToken));
        db.AddRange(offers.Select(o => new ServiceOffer { OrganisationId = organisationId, Service = o.Service, Capacity = o.Capacity }));
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.OrganisationChange, AuditOutcomes.Success, "organisation", organisationId.ToString(),
            Details: new Dictionary<string, string>
            {
                ["change"] = "services",
                ["services"] = string.Join(",", offers.Select(o => o.Capacity is { } c ? $"{o.Service}:{c}" : o.Service)),
            }), cancellationToken);
        return await OffersAsync(organisationId, cancellationToken);
    }
}
