using System.CommandLine;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Cli;

/// <summary><c>ariadne users add NAME --role R --organisation O [--organisation-type T]</c>.</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var users = new Command("users", "Manage user accounts.");
        var name = new Argument<string>("user-name") { Description = "The sign-in name." };
        var roles = new Option<string[]>("--role") { Description = $"Role(s): {string.Join(", ", Roles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var organisation = new Option<string>("--organisation") { Description = "The organisation's name (created if new).", Required = true };
        var organisationType = new Option<string>("--organisation-type") { Description = "Type of a new organisation (organisation-type code).", DefaultValueFactory = _ => "ngo" };
        var organisationCountry = new Option<string?>("--organisation-country") { Description = "Country of a new organisation (ISO 3166-1 alpha-2); transnational referral packages name it." };
        var password = new Option<string?>("--password") { Description = "Initial password; omitted: a one-time password is generated and printed once." };

        var add = new Command("add", "Add a user to an organisation.") { name, roles, organisation, organisationType, organisationCountry, password };
        add.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var bootstrap = services.GetRequiredService<AccountBootstrap>();
            var given = parseResult.GetValue(password);
            if (given is not null && await PasswordProblemAsync(services.GetRequiredService<UserManager<AppUser>>(), parseResult.GetValue(name)!, given) is { } problem)
            {
                // Checked before anything is written: no organisation is created for a user who is then refused.
                await Console.Error.WriteLineAsync($"ariadne: --password: {problem}");
                return 2;
            }
            var type = parseResult.GetValue(organisationType)!;
            if (!Core.CodeLists.CodeListRegistry.Default[Core.CodeLists.CodeListIds.OrganisationType].Contains(type))
            {
                throw new ArgumentException($"--organisation-type: '{type}' is not an organisation-type code.");
            }
            var country = parseResult.GetValue(organisationCountry)?.Trim().ToUpperInvariant();
            if (country is not null && !Core.CodeLists.CodeListRegistry.Default[Core.CodeLists.CodeListIds.Country].Contains(country))
            {
                throw new ArgumentException($"--organisation-country: '{country}' is not an ISO 3166-1 alpha-2 country code.");
            }
            var org = await bootstrap.EnsureOrganisationAsync(parseResult.GetValue(organisation)!, type, country, cancellationToken);
            var secret = given ?? AccountBootstrap.GeneratePassword();
            await bootstrap.AddUserAsync(parseResult.GetValue(name)!, secret, org.Id, parseResult.GetValue(roles)!, mustChangePassword: given is null, cancellationToken);
            Console.WriteLine(given is null
                ? $"User '{parseResult.GetValue(name)}' added. One-time password (shown once): {secret}"
                : $"User '{parseResult.GetValue(name)}' added.");
            return 0;
        }));
        users.Subcommands.Add(add);
        return users;
    }

    /// <summary>Why Identity's password rules (length, common passwords, the user name) refuse <paramref name="password"/>; null when they accept it.</summary>
    internal static async Task<string?> PasswordProblemAsync(UserManager<AppUser> users, string userName, string password)
    {
        var candidate = new AppUser { UserName = userName };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            if (!result.Succeeded)
            {
                return string.Join(" ", result.Errors.Select(e => e.Description));
            }
        }
        return null;
    }
}
