using System.CommandLine;
using Ariadne.Core.Users;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne users add NAME --role R --organisation O [--organisation-type T]</c>, and <c>users disable|enable|reset-password|reset-2fa NAME</c>:
/// the same <see cref="UserAdministration"/> as the administration pages and <c>/api/v1/users</c>, with the same audit entries.
/// </summary>
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
        users.Subcommands.Add(Verb("disable", "Disable a user: no sign-in; every session and token stops working at once. The last enabled administrator cannot be disabled.",
            async (administration, id, ct) => (await administration.SetEnabledAsync(id, enabled: false, actorId: null, ct)).Map(_ => "disabled.")));
        users.Subcommands.Add(Verb("enable", "Enable a disabled user again.",
            async (administration, id, ct) => (await administration.SetEnabledAsync(id, enabled: true, actorId: null, ct)).Map(_ => "enabled.")));
        users.Subcommands.Add(Verb("reset-password", "Replace a user's password with a one-time password (printed once) that must be changed at the next sign-in; every session ends.",
            async (administration, id, ct) => (await administration.ResetPasswordAsync(id, ct)).Map(secret => $"password reset. One-time password (shown once): {secret}")));
        users.Subcommands.Add(Verb("reset-2fa", "Remove a user's authenticator app and recovery codes (a lost phone); every session ends.",
            async (administration, id, ct) => (await administration.ResetSecondFactorAsync(id, ct)).Map(_ => "second factor reset; the user sets up a new authenticator app at the next sign-in.")));
        return users;
    }

    /// <summary>A verb on one existing user, named by sign-in name: runs <paramref name="act"/> and prints "User 'NAME' " + its message.</summary>
    private static Command Verb(string verb, string description, Func<UserAdministration, Guid, CancellationToken, Task<Core.Common.Result<string>>> act)
    {
        var name = new Argument<string>("user") { Description = "The user's sign-in name." };
        var command = new Command(verb, description) { name };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var userName = parseResult.GetValue(name)!;
            if (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByNameAsync(userName) is not { } user)
            {
                return await CliHost.ReportAsync(Core.Common.Problem.NotFound($"No user '{userName}'."));
            }
            var result = await act(services.GetRequiredService<UserAdministration>(), user.Id, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, userName);
            }
            Console.WriteLine($"User '{userName}' {result.Value}");
            return 0;
        }));
        return command;
    }
}
