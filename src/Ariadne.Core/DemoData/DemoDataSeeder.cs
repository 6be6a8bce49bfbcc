using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.DemoData;

/// <summary>Writes the demo organisations, the demo users and generated demo cases into a database.</summary>
public sealed class DemoDataSeeder(AppDbContext db, AccountBootstrap bootstrap, CodeListRegistry codes, TimeProvider time, IdentityVault vault,
    DemoReferralSeeder referrals, DemoCaseWorkSeeder caseWork, DemoFollowUpSeeder followUp, DemoFinanceSeeder finance)
{
    public const int BatchSize = 1000;

    /// <summary>Creates the demo organisations and one demo user per role; existing users are left as they are.</summary>
    /// <returns>The demo organisations by name.</returns>
    public async Task<IReadOnlyDictionary<string, Organisation>> EnsureOrganisationsAndUsersAsync(CancellationToken cancellationToken)
    {
        var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        foreach (var demo in DemoOrganisations.All)
        {
            organisations[demo.Name] = await bootstrap.EnsureOrganisationAsync(demo.Name, demo.Type, null, cancellationToken);
        }
        foreach (var user in DemoOrganisations.Users)
        {
            var normalised = user.UserName.ToUpperInvariant();
            if (!await db.Users.AnyAsync(u => u.NormalizedUserName == normalised, cancellationToken))
            {
                await bootstrap.AddUserAsync(user.UserName, user.Password, organisations[user.Organisation.Name].Id, [user.Role],
                    mustChangePassword: false, cancellationToken);
            }
        }
        return organisations;
    }

    /// <summary>
    /// Generates <paramref name="count"/> cases with <paramref name="seed"/> and inserts them in one transaction, in
    /// batches of <see cref="BatchSize"/>, filed under the demo organisations. Generated case codes that are already in
    /// use (a second run with the same seed) are replaced by fresh ones.
    /// </summary>
    /// <param name="count">How many cases to write (0 or more).</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="progress">Receives the number of cases written so far after each batch.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is committed then.</param>
    /// <exception cref="InvalidOperationException">A generated case does not validate (a bug in the generator).</exception>
    public async Task SeedCasesAsync(int count, int seed, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var organisations = await EnsureOrganisationsAndUsersAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var generator = new DemoCaseGenerator(seed, today, codes);
        var taken = await db.Cases.AnyAsync(cancellationToken)
            ? (await db.Cases.Select(c => c.CaseCode).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];
        var freshCodes = new Random(unchecked(seed * 31 + 17));

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = new List<Case>(BatchSize);
            for (var i = 0; i < count; i++)
            {
                var input = generator.Next();
                var errors = CaseRules.Validate(input, codes, today);
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"Demo case {i} (seed {seed}) is invalid: {string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
                }
                var owner = organisations[DemoOrganisations.OwnerOf(input.DetectingOrganisationType!, i).Name];
                var entity = CaseService.NewCase(input, owner.Id, CreatedAt(input.IdentificationDate!.Value, i, now), vault);
                while (!taken.Add(entity.CaseCode))
                {
                    entity.CaseCode = CaseCodes.New(freshCodes.Next);
                }
                batch.Add(entity);
                if (batch.Count == BatchSize || i == count - 1)
                {
                    db.Cases.AddRange(batch);
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    batch.Clear();
                    progress?.Report(i + 1);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        await new DemoGlotipSeeder(db).SeedAsync(cancellationToken);
        await referrals.SeedAsync(organisations, cancellationToken);
        await caseWork.SeedAsync(organisations, cancellationToken);
        await new DemoLinkageSeeder(db, bootstrap, codes, time, vault).SeedAsync(organisations, cancellationToken);
        await followUp.SeedAsync(organisations, cancellationToken);
        await finance.SeedAsync(organisations, cancellationToken);
    }

    /// <summary>A working hour on the identification date, never after <paramref name="now"/>.</summary>
    private static DateTime CreatedAt(DateOnly identified, int index, DateTime now)
    {
        var created = identified.ToDateTime(new TimeOnly(8 + index % 9, index * 7 % 60), DateTimeKind.Utc);
        return created < now ? created : now;
    }
}
