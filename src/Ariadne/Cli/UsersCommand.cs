using System.CommandLine;
using Ariadne.Core.Users;

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
            // The same service as the administration pages and /api/v1/users.
            var administration = services.GetRequiredService<UserAdministration>();
            var userName = parseResult.GetValue(name)!;
            var given = parseResult.GetValue(password);
            if (given is not null && await administration.PasswordProblemsAsync(userName, given) is { Count: > 0 } problems)
            {
                // Checked before anything is written: no organisation is created for a user who is then refused.
                await Console.Error.WriteLineAsync($"ariadne: --password: {string.Join(" ", problems)}");
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
            var org = await services.GetRequiredService<AccountBootstrap>().EnsureOrganisationAsync(parseResult.GetValue(organisation)!, type, country, cancellationToken);
            // A password given on the command line is the user's own (scripts, demo set-ups); a generated one must be changed.
            var result = await administration.CreateAsync(
                new NewUser(userName, org.Id, parseResult.GetValue(roles)!, given, MustChangePassword: given is null), cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(result.Value!.OneTimePassword is { } secret
                ? $"User '{userName}' added. One-time password (shown once): {secret}"
                : $"User '{userName}' added.");
            return 0;
        }));
        users.Subcommands.Add(add);
        return users;
    }
}
