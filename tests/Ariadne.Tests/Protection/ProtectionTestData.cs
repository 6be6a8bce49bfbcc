using System.Diagnostics;
using System.Text;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Ariadne.Tests.Protection;

/// <summary>Synthetic identifying values that occur nowhere else, and ways to look for them at rest.</summary>
internal static class ProtectionTestData
{
    public static CaseInput Distinctive(string suffix = "") => CaseApiTests.ValidInput() with
    {
        GivenName = "Zyxwvutsrq" + suffix,
        FamilyName = "Qponmlkjih",
        Aliases = ["Aliasvwxyz"],
        DateOfBirth = new DateOnly(1991, 7, 23),
        DocumentType = "passport",
        DocumentNumber = "QX-98765432" + suffix,
        Phone = "+49 30 5550199",
        Email = "zyxwvutsrq@example.org",
        Address = "Plaintextweg 4711, Nirgendwo",
        Narrative = "Unmistakable synthetic narrative sentence about Wyxzvq.",
    };

    /// <summary>The values of <see cref="Distinctive"/> that must never be found in the database's bytes.</summary>
    public static readonly string[] Secrets =
    [
        "Zyxwvutsrq", "Qponmlkjih", "Aliasvwxyz", "1991-07-23", "QX-98765432", "98765432", "5550199",
        "zyxwvutsrq@example.org", "Plaintextweg", "Unmistakable synthetic narrative", "Wyxzvq",
    ];

    /// <summary>The secrets found in <paramref name="bytes"/>, as UTF-8 or UTF-16.</summary>
    public static List<string> Find(byte[] bytes, IEnumerable<string> secrets) =>
        [.. secrets.Where(s => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) >= 0
            || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(s)) >= 0
            || bytes.AsSpan().IndexOf(Encoding.BigEndianUnicode.GetBytes(s)) >= 0)];

    /// <summary>
    /// Everything the database holds, as bytes: the SQLite file (and what is left of its write-ahead log after a
    /// checkpoint), or a plain-text pg_dump of the PostgreSQL database.
    /// </summary>
    public static async Task<byte[]> DatabaseBytesAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
            await using (var connection = new SqliteConnection(database.Options.ConnectionString))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            SqliteConnection.ClearAllPools();
            var bytes = new List<byte>();
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
            {
                // Shared read: the application may still hold the file open.
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory, TestContext.Current.CancellationToken);
                bytes.AddRange(memory.ToArray());
            }
            return [.. bytes];
        }
        return await PgDumpAsync(database);
    }

    private static async Task<byte[]> PgDumpAsync(TestDatabase database)
    {
        var pgDump = Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin", "pg_dump"))
            .Where(File.Exists)
            .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException("pg_dump not found under /usr/lib/postgresql/*/bin.");
        var connection = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        var start = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--no-password", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database! })
        {
            start.ArgumentList.Add(argument);
        }
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await copy;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {errors}");
        Assert.True(output.Length > 1000, "pg_dump wrote almost nothing");
        return output.ToArray();
    }

    /// <summary>A case service outside the web app, over <paramref name="db"/>, with the master keys <paramref name="keys"/>.</summary>
    public static CaseService Service(AppDbContext db, IKeyEncryptionKeyProvider keys) =>
        new(db, new FakeTimeProvider(TestApp.Now), CodeListRegistry.Default, new IdentityVault(keys), new RecordingAuditLog());

    public static async Task<Guid> AddOrganisationAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Synthetic NGO " + Guid.NewGuid().ToString("N")[..6], Type = "ngo" };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return organisation.Id;
    }
}

/// <summary>
/// Writes every free-text field about a person (outside the identity) with a distinctive marker, through the services
/// every surface uses: consent and withdrawal notes, decision reasons, shared note, rejection and override reasons,
/// cooperation note, non-punishment offence, basis and reference, best-interest reasons.
/// </summary>
internal static class FreeTextData
{
    public const string ConsentNote = "Markconsentnote Qwertzuiopa";
    public const string WithdrawalNote = "Markwithdrawal Asdfghjklq";
    public const string DecisionReasons = "Markdecision Yxcvbnmlkj";
    public const string SharedNote = "Markshared Wertzuiopy";
    public const string RejectionReason = "Markrejected Xcvbnmqwer";
    public const string OverrideReason = "Markoverride Sdfghjklzu";
    public const string CooperationNote = "Markcooperation Poiuztrewq";
    public const string Offence = "Markoffence Lkjhgfdsay";
    public const string Basis = "Markbasis Mnbvcxyqwe";
    public const string ProceedingsReference = "Markref-77123-Q";
    public const string BestInterestReasons = "Markbestinterest Qaywsxedcr";

    public static readonly string[] Markers =
        [ConsentNote, WithdrawalNote, DecisionReasons, SharedNote, RejectionReason, OverrideReason, CooperationNote, Offence, Basis, ProceedingsReference, BestInterestReasons];

    /// <summary>The two cases written: an adult's (every record but the best-interest decision) and a child's (that decision).</summary>
    public sealed record Written(Guid AdultCaseId, Guid ChildCaseId, Guid OrganisationId, Guid ReferralId);

    public static CaseViewer Worker(Guid organisationId) => new(Guid.NewGuid(), organisationId, new HashSet<string> { Core.Users.Roles.CaseWorker });

    public static async Task<Written> WriteEveryFieldAsync(TestApp app)
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = await app.AddUserAsync("free-text-owner", "Synthetic NGO A", Core.Users.Roles.CaseWorker);
        var shelter = await app.AddUserAsync("free-text-shelter", "Synthetic Shelter B", Core.Users.Roles.CaseWorker);
        var worker = Worker(owner.OrganisationId);
        var supervisor = new CaseViewer(Guid.NewGuid(), owner.OrganisationId, new HashSet<string> { Core.Users.Roles.CaseWorker, Core.Users.Roles.Coordinator });
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var cases = services.GetRequiredService<CaseService>();
        var consents = services.GetRequiredService<Core.Consent.ConsentService>();
        var referrals = services.GetRequiredService<Core.Referral.National.NrmLifecycleService>();
        var serviceReferrals = services.GetRequiredService<Core.Referral.National.ServiceReferralService>();
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

        var adult = (await cases.CreateAsync(ProtectionTestData.Distinctive(), owner.OrganisationId, worker, ct)).Value!.Id;
        var child = (await cases.CreateAsync(ProtectionTestData.Distinctive("c") with { DateOfBirth = new DateOnly(2014, 2, 2), AgeAtExploitationStart = null },
            owner.OrganisationId, worker, ct)).Value!.Id;

        var consent = await consents.RecordAsync(adult, new Core.Consent.ConsentInput(Core.Consent.ConsentPurpose.Assistance, null, today, Core.Consent.ConsentMethod.Written, ConsentNote), worker, ct);
        Assert.True(consent.Succeeded, consent.ToString());
        Assert.True((await consents.WithdrawAsync(adult, consent.Value!.Id, null, WithdrawalNote, worker, ct)).Succeeded);

        Assert.True((await referrals.StartAsync(adult, "generic", false, worker, ct)).Succeeded);
        Assert.True((await referrals.RecordCooperationAsync(adult, Ariadne.Analytics.Referral.CooperationStatus.Cooperating, today, CooperationNote, worker, ct)).Succeeded);
        Assert.True((await referrals.FlagNonPunishmentAsync(adult, Offence, Basis, ProceedingsReference, worker, ct)).Succeeded);
        await serviceReferrals.DeclareServicesAsync(shelter.OrganisationId, ["safe-accommodation"], ct);
        var referral = await serviceReferrals.RequestServiceAsync(adult, new Core.Referral.National.ServiceRequestInput("safe-accommodation", shelter.OrganisationId, SharedNote, OverrideReason), supervisor, ct);
        Assert.True(referral.Succeeded, string.Join("; ", referral.Refusals));
        Assert.True(
            (await serviceReferrals.RespondAsync(referral.Value!.Id, Core.Referral.National.ServiceReferralAction.Reject, RejectionReason, Worker(shelter.OrganisationId), ct)).Succeeded);
        var withdrawn = await referrals.TransitionAsync(adult, new Core.Referral.National.TransitionInput("withdraw", DecisionReasons, null), CaseViewer.LocalOperator, ct);
        Assert.True(withdrawn.Succeeded, string.Join("; ", withdrawn.Refusals));

        var decision = await consents.RecordBestInterestAsync(child, new Core.Consent.BestInterestInput(today, Core.Consent.BestInterestOutcome.ReferralInBestInterest,
            BestInterestReasons, true, Core.Consent.GuardianType.AppointedGuardian), worker, ct);
        Assert.True(decision.Succeeded, decision.ToString());
        return new Written(adult, child, owner.OrganisationId, referral.Value.Id);
    }

    /// <summary>Every free text of the two cases as <paramref name="viewer"/> reads it, with whether each record said it is sealed.</summary>
    public static async Task<(List<string?> Texts, List<bool> Sealed)> ReadAllAsync(TestApp app, Written written, CaseViewer viewer)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var consents = scope.ServiceProvider.GetRequiredService<Core.Consent.ConsentService>();
        var referrals = scope.ServiceProvider.GetRequiredService<Core.Referral.National.NrmLifecycleService>();
        var texts = new List<string?>();
        var seals = new List<bool>();
        foreach (var r in (await consents.ListAsync(written.AdultCaseId, viewer, ct))!)
        {
            texts.AddRange([r.Note, r.WithdrawalNote]);
            seals.Add(r.TextSealed);
        }
        var lifecycle = (await referrals.GetLifecycleAsync(written.AdultCaseId, viewer, ct)).Value!;
        foreach (var e in lifecycle.Events.Where(e => e.Transition == "withdraw"))
        {
            texts.Add(e.Reasons);
            seals.Add(e.TextSealed);
        }
        foreach (var r in lifecycle.ServiceReferrals)
        {
            texts.AddRange([r.SharedNote, r.Reason, r.OverrideReason]);
            seals.Add(r.TextSealed);
        }
        foreach (var c in lifecycle.Cooperation)
        {
            texts.Add(c.Note);
            seals.Add(c.TextSealed);
        }
        foreach (var f in (await referrals.NonPunishmentFlagsAsync(written.AdultCaseId, viewer, ct))!)
        {
            texts.AddRange([f.Offence, f.Basis, f.ProceedingsReference]);
            seals.Add(f.TextSealed);
        }
        foreach (var d in (await consents.ListBestInterestAsync(written.ChildCaseId, viewer, ct))!)
        {
            texts.Add(d.Reasons);
            seals.Add(d.TextSealed);
        }
        return (texts, seals);
    }
}
