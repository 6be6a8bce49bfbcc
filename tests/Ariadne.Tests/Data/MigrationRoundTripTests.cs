using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ariadne.Tests.Data;

/// <summary>The migrations can be reverted to an empty database and applied again, the hand-written audit triggers included.</summary>
public sealed class MigrationRoundTripTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateDownToZeroAndUpAgain_LeavesNothingBehindAndTheAuditLogIsAppendOnlyAgain(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.NewContext();
        var migrator = context.GetService<IMigrator>();

        await migrator.MigrateAsync(Migration.InitialDatabase, cancellationToken);
        await migrator.MigrateAsync(cancellationToken: cancellationToken);

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(cancellationToken));
        context.Add(new AuditEntry { Action = "test.migrated", ActorName = "synthetic", AtUtc = DateTime.UtcNow, Outcome = "ok", Hash = "h", PreviousHash = "p" });
        await context.SaveChangesAsync(cancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\"", cancellationToken));
    }
}
