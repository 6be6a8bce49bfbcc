using System.Security.Cryptography;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Users;

/// <summary>Creates the roles, the first administrator and further users.</summary>
public sealed class AccountBootstrap(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IAuditLog audit)
{
    public const string AdministrationOrganisation = "Administration";

    private const string UserSubject = "user";

    public async Task EnsureRolesAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }), role);
            }
        }
    }

    /// <summary>
    /// On the first start (no user at all) creates the administrator "admin" with a generated one-time password and
    /// returns it; the password must be changed at the first sign-in. Returns null when users already exist.
    /// </summary>
    public async Task<string?> EnsureFirstAdministratorAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }
        var organisation = await EnsureOrganisationAsync(AdministrationOrganisation, "government", null, cancellationToken);
        var password = GeneratePassword();
        await AddUserAsync("admin", password, organisation.Id, [Roles.Administrator], mustChangePassword: true, cancellationToken);
        return password;
    }

    public async Task<Organisation> EnsureOrganisationAsync(string name, string type, string? countryCode, CancellationToken cancellationToken)
    {
        var existing = await db.Organisations.FirstOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = name, Type = type, CountryCode = countryCode };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return organisation;
    }

    /// <summary>Adds a user; throws <see cref="InvalidOperationException"/> with Identity's reasons when it cannot.</summary>
    public async Task<AppUser> AddUserAsync(string userName, string password, Guid organisationId, IReadOnlyCollection<string> userRoles,
        bool mustChangePassword, CancellationToken cancellationToken)
    {
        await EnsureRolesAsync(cancellationToken);
        var unknown = userRoles.Except(Roles.All, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.All)}.");
        }
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = userName,
            OrganisationId = organisationId,
            MustChangePassword = mustChangePassword,
        };
        Check(await users.CreateAsync(user, password), userName);
        var subject = user.Id.ToString();
        await audit.AppendAsync(new AuditRecord(AuditActions.UserCreate, AuditOutcomes.Success, UserSubject, subject,
            Details: new Dictionary<string, string> { ["userName"] = userName, ["organisationId"] = organisationId.ToString() }), cancellationToken);
        Check(await users.AddToRolesAsync(user, userRoles), userName);
        await audit.AppendAsync(new AuditRecord(AuditActions.RoleChange, AuditOutcomes.Success, UserSubject, subject,
            Details: new Dictionary<string, string> { ["userName"] = userName, ["added"] = string.Join(",", userRoles.Order(StringComparer.Ordinal)) }), cancellationToken);
        return user;
    }

    /// <summary>A random passphrase-length password: 20 characters from an unambiguous alphabet (about 113 bits).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static void Check(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{subject}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
