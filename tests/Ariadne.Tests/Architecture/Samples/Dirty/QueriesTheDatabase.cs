using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Architecture.Samples.Dirty;

/// <summary>What the CLI must not do (a sample for <see cref="CliBoundaryTests"/>): query the context itself.</summary>
internal static class QueriesTheDatabase
{
    public static async Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = (AppDbContext)services.GetService(typeof(AppDbContext))!;
        return await db.Cases.Where(c => c.CaseCode != "").CountAsync(cancellationToken);
    }
}

/// <summary>Holds a context in a field (a sample for <see cref="CliBoundaryTests"/>).</summary>
internal sealed class HoldsAContext(AppDbContext db)
{
    public AppDbContext Db { get; } = db;
}
