using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>What demo data goes into: how many cases the database holds already.</summary>
public sealed class DemoDataState(AppDbContext db)
{
    public Task<int> CaseCountAsync(CancellationToken cancellationToken) => db.Cases.CountAsync(cancellationToken);

    public Task<bool> AnyCaseAsync(CancellationToken cancellationToken) => db.Cases.AnyAsync(cancellationToken);
}
