using System.CommandLine;
using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne tokens create --user NAME --name N --scope S [--scope S] [--days D]</c>, <c>tokens list [--user NAME]</c>,
/// <c>tokens revoke ID</c>: the operator's view of personal access tokens (secrets are shown once, at creation).
/// </summary>
public static class TokensCommand
{
    public static Command Create()
    {
        var tokens = new Command("tokens", "Manage personal access tokens for scripts.");
        tokens.Subcommands.Add(CreateToken());
        tokens.Subcommands.Add(List());
        tokens.Subcommands.Add(Revoke());
        return tokens;
    }

    private static Command CreateToken()
    {
        var user = new Option<string>("--user") { Description = "The sign-in name of the token's owner.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. \"nightly export\".", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = $"Scope(s): {string.Join(", ", TokenScopes.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var days = new Option<int?>("--days") { Description = "Lifetime in days (default 30, at most 90)." };
        var command = new Command("create", "Create a token for a user; prints the token once.") { user, name, scopes, days };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var owner = await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(parseResult.GetValue(user)!);
            if (owner is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: --user: no user '{parseResult.GetValue(user)}'.");
                return 2;
            }
            var roles = await services.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(owner);
            if (!owner.TwoFactorEnabled && roles.Any(TwoFactorRules.RolesRequiringTwoFactor.Contains))
            {
                await Console.Error.WriteLineAsync($"ariadne: '{owner.UserName}' has a role that requires two-factor sign-in and no authenticator enrolled; enrol one first.");
                return 1;
            }
            var service = services.GetRequiredService<PersonalAccessTokenService>();
            var result = await service.CreateAsync(owner.Id, new TokenRequest(parseResult.GetValue(name), parseResult.GetValue(scopes), parseResult.GetValue(days)), cancellationToken);
            if (result.Problem is { } problem)
            {
                foreach (var error in problem.Errors)
                {
                    await Console.Error.WriteLineAsync($"ariadne: {error.Message}");
                }
                return 2;
            }
            var (token, tokenString) = result.Value!;
            Console.WriteLine($"Token {token.DisplayIdentifier} ({token.Id}) for '{owner.UserName}', scopes {token.Scopes}, expires {Format(token.ExpiresAtUtc)}.");
            Console.WriteLine($"Token (shown once): {tokenString}");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var user = new Option<string?>("--user") { Description = "Only this user's tokens." };
        var command = new Command("list", "List tokens (never their secrets), newest first.") { user };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            Guid? owner = null;
            if (parseResult.GetValue(user) is { } userName)
            {
                var found = await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
                if (found is null)
                {
                    await Console.Error.WriteLineAsync($"ariadne: --user: no user '{userName}'.");
                    return 2;
                }
                owner = found.Id;
            }
            var list = await services.GetRequiredService<PersonalAccessTokenService>().ListAsync(owner, cancellationToken);
            foreach (var t in list)
            {
                var state = t.RevokedAtUtc is { } revoked ? $"revoked {Format(revoked)}" : t.Active ? $"expires {Format(t.ExpiresAtUtc)}" : $"expired {Format(t.ExpiresAtUtc)}";
                Console.WriteLine($"{t.Id}  {t.Identifier}  {t.UserName}  \"{t.Name}\"  {string.Join(' ', t.Scopes)}  {state}  last used {(t.LastUsedAtUtc is { } used ? Format(used) : "never")}");
            }
            Console.WriteLine($"{list.Count} token(s).");
            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The token's id (a GUID) or its identifier (ari_…)." };
        var command = new Command("revoke", "Revoke a token; it stops working at once.") { id };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var given = parseResult.GetValue(id)!.Trim();
            Guid? tokenId = Guid.TryParse(given, out var parsed) ? parsed : null;
            if (tokenId is null && given.StartsWith(TokenFormat.Prefix, StringComparison.Ordinal))
            {
                var identifier = given[TokenFormat.Prefix.Length..];
                // A pasted whole token is cut to its identifier: the secret is never looked at.
                identifier = identifier.Length > TokenFormat.IdentifierLength ? identifier[..TokenFormat.IdentifierLength] : identifier;
                tokenId = await services.GetRequiredService<TokenLookups>().FindIdByIdentifierAsync(identifier, cancellationToken);
            }
            if (tokenId is not { } found || !await services.GetRequiredService<PersonalAccessTokenService>().RevokeAsync(found, null, cancellationToken))
            {
                await Console.Error.WriteLineAsync($"ariadne: no token '{given}'.");
                return 1;
            }
            Console.WriteLine($"Token {given} revoked.");
            return 0;
        }));
        return command;
    }

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
