using System.Net;
using System.Net.Http.Headers;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Ariadne.Tests.Protection;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Tokens;

/// <summary><c>ariadne tokens create | list | revoke</c>; the console is process-wide, so these run alone.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TokenCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cli_CreateListRevoke_TokenWorksUntilRevoked()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("cli-worker", "NGO A", Roles.CaseWorker);
        var database = app.Database.Options.ConnectionString;

        var (exit, output, error) = await CliRunner.RunAsync("tokens", "create", "--user", "cli-worker", "--name", "cron", "--scope", "cases:read", "--scope", "referral", "--days", "7", "--database", database);

        Assert.True(exit == 0, error);
        var token = output.Split("Token (shown once): ")[1].Trim();
        var client = PersonalAccessTokenTests.TokenClient(app, token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/nrm/dashboard", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/screenings", Ct)).StatusCode);

        var (listExit, listed, _) = await CliRunner.RunAsync("tokens", "list", "--user", "cli-worker", "--database", database);
        Assert.Equal(0, listExit);
        Assert.Contains("\"cron\"  cases:read referral  expires ", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token[21..], listed, StringComparison.Ordinal);
        var identifier = token[..20];

        var (revokeExit, _, revokeError) = await CliRunner.RunAsync("tokens", "revoke", identifier, "--database", database);

        Assert.True(revokeExit == 0, revokeError);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
        await using var db = app.NewContext();
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == PersonalAccessTokenService.TokenSubject).Select(e => e.Action).ToListAsync(Ct);
        Assert.Contains(AuditActions.TokenCreate, actions);
        Assert.Contains(AuditActions.TokenRevoke, actions);
    }

    /// <summary>The command line reads the same settings as <c>serve</c> (environment variables here): the configured lifetimes apply.</summary>
    [Fact]
    public async Task Cli_ConfiguredLifetimes_DefaultAndMaximumApply()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("cli-configured", "Statistics Office", Roles.Analyst);
        var database = app.Database.Options.ConnectionString;
        var saved = (Environment.GetEnvironmentVariable("PersonalAccessTokens__DefaultLifetimeDays"), Environment.GetEnvironmentVariable("PersonalAccessTokens__MaxLifetimeDays"));
        Environment.SetEnvironmentVariable("PersonalAccessTokens__DefaultLifetimeDays", "7");
        Environment.SetEnvironmentVariable("PersonalAccessTokens__MaxLifetimeDays", "10");
        try
        {
            var created = await CliRunner.RunAsync("tokens", "create", "--user", "cli-configured", "--name", "short", "--scope", "statistics", "--database", database);
            var tooLong = await CliRunner.RunAsync("tokens", "create", "--user", "cli-configured", "--name", "long", "--scope", "statistics", "--days", "11", "--database", database);

            Assert.True(created.Exit == 0, created.Error);
            Assert.Equal(2, tooLong.Exit);
            await using var db = app.NewContext();
            var token = await db.PersonalAccessTokens.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(TimeSpan.FromDays(7), token.ExpiresAtUtc - token.CreatedAtUtc);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PersonalAccessTokens__DefaultLifetimeDays", saved.Item1);
            Environment.SetEnvironmentVariable("PersonalAccessTokens__MaxLifetimeDays", saved.Item2);
        }
    }

    [Fact]
    public async Task Cli_InvalidInput_Exit2_CaseWorkerWithoutSecondFactor_Exit1()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("cli-analyst", "Statistics Office", Roles.Analyst);
        await app.AddUserAsync("cli-no2fa", "NGO A", twoFactor: false, Roles.CaseWorker);
        var database = app.Database.Options.ConnectionString;

        var unknownScope = await CliRunner.RunAsync("tokens", "create", "--user", "cli-analyst", "--name", "x", "--scope", "everything", "--database", database);
        var tooLong = await CliRunner.RunAsync("tokens", "create", "--user", "cli-analyst", "--name", "x", "--scope", "cases:read", "--days", "91", "--database", database);
        var noUser = await CliRunner.RunAsync("tokens", "create", "--user", "nobody", "--name", "x", "--scope", "cases:read", "--database", database);
        var noSecondFactor = await CliRunner.RunAsync("tokens", "create", "--user", "cli-no2fa", "--name", "x", "--scope", "cases:read", "--database", database);
        var revokeUnknown = await CliRunner.RunAsync("tokens", "revoke", Guid.NewGuid().ToString(), "--database", database);

        Assert.Equal(2, unknownScope.Exit);
        Assert.Contains("Scopes are cases:read", unknownScope.Error, StringComparison.Ordinal);
        Assert.Equal(2, tooLong.Exit);
        Assert.Equal(2, noUser.Exit);
        Assert.Equal(1, noSecondFactor.Exit);
        Assert.Contains("two-factor", noSecondFactor.Error, StringComparison.Ordinal);
        Assert.Equal(1, revokeUnknown.Exit);
        await using var db = app.NewContext();
        Assert.Equal(0, await db.PersonalAccessTokens.CountAsync(Ct));
    }
}
