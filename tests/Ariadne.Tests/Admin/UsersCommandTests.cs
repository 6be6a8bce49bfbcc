using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Admin;

/// <summary><c>ariadne users disable|enable|reset-password|reset-2fa USER</c>: the same service and audit entries as the pages and the API.</summary>
public sealed class UsersCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DisableEnableResetPasswordReset2fa_ThroughUserAdministration_Audited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = database.Options.ConnectionString;
        await CliRunner.RunOkAsync("users", "add", "cli-analyst", "--role", "Analyst", "--organisation", "Synthetic Office",
            "--password", "synthetic-Analyst-pass-42", "--database", db);
        await CliRunner.RunOkAsync("users", "add", "cli-admin", "--role", "Administrator", "--organisation", "Synthetic Office",
            "--password", "synthetic-Admin-pass-42", "--database", db);

        await CliRunner.RunOkAsync("users", "disable", "cli-analyst", "--database", db);
        await using (var context = database.NewContext())
        {
            Assert.True(UserAdministration.IsDisabled(await context.Users.SingleAsync(u => u.UserName == "cli-analyst", Ct)));
        }
        await CliRunner.RunOkAsync("users", "enable", "cli-analyst", "--database", db);
        var reset = await CliRunner.RunOkAsync("users", "reset-password", "cli-analyst", "--database", db);
        Assert.Contains("One-time password (shown once):", reset.Item2, StringComparison.Ordinal);
        await CliRunner.RunOkAsync("users", "reset-2fa", "cli-analyst", "--database", db);

        await using var after = database.NewContext();
        var user = await after.Users.SingleAsync(u => u.UserName == "cli-analyst", Ct);
        Assert.False(UserAdministration.IsDisabled(user));
        Assert.True(user.MustChangePassword);
        var changes = await after.AuditEntries.Where(e => e.Action == AuditActions.UserUpdate && e.SubjectId == user.Id.ToString())
            .OrderBy(e => e.Sequence).Select(e => e.Details!).ToListAsync(Ct);
        Assert.Equal(4, changes.Count);
        Assert.Contains("disable", changes[0], StringComparison.Ordinal);
        Assert.Contains("enable", changes[1], StringComparison.Ordinal);
        Assert.Contains("password-reset", changes[2], StringComparison.Ordinal);
        Assert.Contains("second-factor-reset", changes[3], StringComparison.Ordinal);
        Assert.DoesNotContain(reset.Item2.Split(": ").Last().Trim(), string.Concat(changes), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UnknownUser_Exit1_LastAdministrator_Refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = database.Options.ConnectionString;
        await CliRunner.RunOkAsync("users", "add", "cli-admin", "--role", "Administrator", "--organisation", "Synthetic Office",
            "--password", "synthetic-Admin-pass-42", "--database", db);

        var unknown = await CliRunner.RunAsync("users", "disable", "nobody-here", "--database", db);
        Assert.Equal(1, unknown.Item1);
        Assert.StartsWith("ariadne: No user 'nobody-here'.", unknown.Item3.Trim(), StringComparison.Ordinal);
        var last = await CliRunner.RunAsync("users", "disable", "cli-admin", "--database", db);
        Assert.Equal(1, last.Item1);
        Assert.Contains("last enabled administrator", last.Item3, StringComparison.Ordinal);
    }
}
