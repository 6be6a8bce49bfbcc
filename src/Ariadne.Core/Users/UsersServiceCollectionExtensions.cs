using Ariadne.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Users;

public static class UsersServiceCollectionExtensions
{
    public const int MinimumPasswordLength = 12;

    /// <summary>
    /// Registers the users: the Identity user and role stores (authenticator keys sealed, recovery codes hashed) with the
    /// password and lockout rules; the web adds sign-in on top, the CLI uses them as they are.
    /// </summary>
    public static IdentityBuilder AddAriadneUsers(this IServiceCollection services)
    {
        services.AddScoped<AccountBootstrap>();
        services.AddScoped<UserAdministration>();
        return services.AddIdentityCore<AppUser>(o =>
            {
                // Length over composition (NIST SP 800-63B): a long passphrase, no character-class rules.
                o.Password.RequiredLength = MinimumPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<SealedUserStore>()
            .AddUserManager<AriadneUserManager>()
            .AddPasswordValidator<CommonPasswordValidator>();
    }
}
