using Ariadne.Core;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Jobs;

/// <summary>
/// Background jobs: started by a user, claimed by exactly one node of a shared database, run with the starter's rights
/// and as the starter in the audit log, with progress, cancellation, failures that keep the problem and never the
/// exception text, and recovery of jobs whose node stopped.
/// </summary>
public sealed class JobRunnerTests
{
    private static readonly CaseViewer Starter = new(Guid.NewGuid(), Guid.NewGuid(), new HashSet<string> { Roles.Coordinator });
    private static readonly AuditActor StarterActor = new(Starter.UserId, "coordinator-one", Starter.OrganisationId);
    private static readonly CaseViewer Other = new(Guid.NewGuid(), Starter.OrganisationId, new HashSet<string> { Roles.Coordinator });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_Succeeds_OutputForTheStarterOnly_AuditedAsTheStarter(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var behaviour = new Behaviour(async (context, _) =>
        {
            // Work of the job that audits without naming an actor, as every Core service does.
            await context.Services.GetRequiredService<IAuditLog>().AppendAsync(new AuditRecord(AuditActions.Export, AuditOutcomes.Success, "test"), CancellationToken.None);
            context.Progress.Report(new JobProgress(0.5, "Comparing"));
            return new JobOutput("/Somewhere/1", new JobFile("clusters.csv", "text/csv", [1, 2, 3]),
                new JobSummary($"{context.Input.Length} bytes, roles {string.Join('+', context.Viewer.Roles)}"));
        });
        await using var services = Services(database, behaviour);

        var id = await StartAsync(services, [9, 9]);
        Assert.True(await services.GetRequiredService<JobRunner>().RunNextAsync(ct));

        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        var view = (await jobs.GetAsync(id, Starter, ct)).Unwrap();
        Assert.Equal(JobState.Succeeded, view.State);
        Assert.Equal(1, view.Progress);
        Assert.Equal("/Somewhere/1", view.ResultPath);
        Assert.Equal(new JobSummary("2 bytes, roles Coordinator"), view.Summary);
        Assert.Equal([1, 2, 3], (await jobs.OutputAsync(id, Starter, ct)).Unwrap().Content);
        Assert.Equal(ProblemKind.NotFound, (await jobs.GetAsync(id, Other, ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await jobs.OutputAsync(id, Other, ct)).Problem!.Kind);
        await using var db = database.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Select(e => new { e.Action, e.ActorUserId, e.ActorName }).ToListAsync(ct);
        Assert.Equal([AuditActions.JobStart, AuditActions.Export, AuditActions.JobOutputDownload], entries.Select(e => e.Action));
        // Start and download are audited as the caller of the request (here the command line); the job's own work as its starter.
        Assert.Equal((Starter.UserId, "coordinator-one"), (entries[1].ActorUserId, entries[1].ActorName));
        Assert.StartsWith(AuditActor.LocalOperatorPrefix, entries[2].ActorName, StringComparison.Ordinal);
        Assert.Empty((await db.BackgroundJobs.SingleAsync(ct)).Input);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_HandlerProblemOrException_FailedWithTheProblem_NeverTheExceptionText(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var calls = 0;
        var behaviour = new Behaviour((_, _) => ++calls == 1
            ? Task.FromResult<Result<JobOutput>>(Problem.Invalid("Threshold", "OutOfRange", "The threshold 1.5 is not between 0 and 1.", 1.5))
            : throw new InvalidOperationException("Maria Musterfrau, born 1990-01-01"));
        await using var services = Services(database, behaviour);
        var first = await StartAsync(services, []);
        var second = await StartAsync(services, []);
        var runner = services.GetRequiredService<JobRunner>();

        await runner.RunNextAsync(ct);
        await runner.RunNextAsync(ct);

        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        var invalid = (await jobs.GetAsync(first, Starter, ct)).Unwrap();
        Assert.Equal(JobState.Failed, invalid.State);
        var error = Assert.Single(invalid.Problem!.Errors);
        Assert.Equal(("Threshold", "OutOfRange", "1.5"), (error.Field, error.Code, Assert.Single(error.Arguments)));
        var crashed = (await jobs.GetAsync(second, Starter, ct)).Unwrap();
        Assert.Equal("JobInternalError", Assert.Single(crashed.Problem!.Refusals).Code);
        await using var db = database.NewContext();
        Assert.DoesNotContain(await db.BackgroundJobs.Select(j => j.ProblemJson).ToListAsync(ct), json => json!.Contains("Musterfrau", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Running_ProgressStored_CancelFromAnotherRequestStopsIt(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var behaviour = new Behaviour(async (context, token) =>
        {
            context.Progress.Report(new JobProgress(0.25, "Blocking"));
            await Task.Delay(Timeout.Infinite, token);
            return new JobOutput();
        });
        await using var services = Services(database, behaviour);
        var id = await StartAsync(services, []);
        var run = services.GetRequiredService<JobRunner>().RunNextAsync(ct);

        var seen = await WaitForAsync(services, id, v => v.Stage == "Blocking", ct);
        Assert.Equal((JobState.Running, 0.25), (seen.State, seen.Progress));
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<JobService>().CancelAsync(id, Starter, ct)).Succeeded);
        }
        await run;

        var done = await WaitForAsync(services, id, v => v.IsFinished, ct);
        Assert.Equal(JobState.Cancelled, done.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Queued_CancelledBeforeItRuns_NeverRuns_AndAFinishedJobCannotBeCancelled(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var runs = 0;
        await using var services = Services(database, new Behaviour((_, _) => { runs++; return Task.FromResult<Result<JobOutput>>(new JobOutput()); }));
        var id = await StartAsync(services, []);
        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();

        Assert.True((await jobs.CancelAsync(id, Starter, ct)).Succeeded);
        Assert.False(await services.GetRequiredService<JobRunner>().RunNextAsync(ct));

        Assert.Equal(0, runs);
        Assert.Equal(JobState.Cancelled, (await jobs.GetAsync(id, Starter, ct)).Unwrap().State);
        Assert.Equal(ProblemKind.Conflict, (await jobs.CancelAsync(id, Starter, ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await jobs.CancelAsync(id, Other, ct)).Problem!.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoNodes_RaceForOneJob_ItRunsOnce(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var runs = 0;
        var behaviour = new Behaviour((_, _) => { Interlocked.Increment(ref runs); return Task.FromResult<Result<JobOutput>>(new JobOutput()); });
        await using var nodeA = Services(database, behaviour);
        await using var nodeB = Services(database, behaviour);
        await StartAsync(nodeA, []);

        await Task.WhenAll(nodeA.GetRequiredService<JobRunner>().RunNextAsync(ct), nodeB.GetRequiredService<JobRunner>().RunNextAsync(ct));

        Assert.Equal(1, runs);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StaleRunningJob_FailedAsInterrupted_ExpiredJobDeleted(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = Services(database, new Behaviour((_, _) => Task.FromResult<Result<JobOutput>>(new JobOutput())));
        var now = DateTime.UtcNow;
        await using (var db = database.NewContext())
        {
            db.BackgroundJobs.Add(Job(JobState.Running, now.AddMinutes(-10), heartbeat: now.AddMinutes(-5)));
            db.BackgroundJobs.Add(Job(JobState.Succeeded, now.AddDays(-30), finished: now.AddDays(-30)));
            await db.SaveChangesAsync(ct);
        }

        Assert.False(await services.GetRequiredService<JobRunner>().RunNextAsync(ct));

        await using var check = database.NewContext();
        var left = await check.BackgroundJobs.AsNoTracking().SingleAsync(ct);
        Assert.Equal(JobState.Failed, left.State);
        Assert.Equal("JobInterrupted", Assert.Single(JobProblems.Deserialise(left.ProblemJson!).Refusals).Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_UnknownKindOrTooManyActive_RefusedAndNothingStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = Services(database, new Behaviour((_, _) => Task.FromResult<Result<JobOutput>>(new JobOutput())));
        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();

        var unknown = await jobs.StartAsync("no-such-kind", [], Starter, StarterActor, ct);
        for (var i = 0; i < new JobOptions().MaxActivePerUser; i++)
        {
            (await jobs.StartAsync(TestHandler.KindName, [], Starter, StarterActor, ct)).Unwrap();
        }
        var busy = await jobs.StartAsync(TestHandler.KindName, [], Starter, StarterActor, ct);

        Assert.Equal(("Kind", "UnknownCode"), (Assert.Single(unknown.Problem!.Errors).Field, unknown.Problem.Errors[0].Code));
        Assert.Equal("JobsBusy", Assert.Single(busy.Problem!.Refusals).Code);
        await using var db = database.NewContext();
        Assert.Equal(new JobOptions().MaxActivePerUser, await db.BackgroundJobs.CountAsync(ct));
    }

    private static BackgroundJob Job(JobState state, DateTime created, DateTime? heartbeat = null, DateTime? finished = null) => new()
    {
        Id = Guid.NewGuid(),
        Kind = TestHandler.KindName,
        State = state,
        ActorUserId = Starter.UserId,
        ActorName = StarterActor.Name,
        Roles = Roles.Coordinator,
        CreatedAtUtc = created,
        StartedAtUtc = created,
        HeartbeatAtUtc = heartbeat ?? finished,
        FinishedAtUtc = finished,
    };

    private static async Task<Guid> StartAsync(ServiceProvider services, byte[] input)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<JobService>().StartAsync(TestHandler.KindName, input, Starter, StarterActor,
            TestContext.Current.CancellationToken)).Unwrap();
    }

    /// <summary>Reads the job until <paramref name="condition"/> holds; the run's own heartbeat (every 20 ms) makes it true.</summary>
    private static async Task<JobView> WaitForAsync(ServiceProvider services, Guid id, Func<JobView, bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var view = (await scope.ServiceProvider.GetRequiredService<JobService>().GetAsync(id, Starter, timeout.Token)).Unwrap();
            if (condition(view))
            {
                return view;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static ServiceProvider Services(TestDatabase database, Behaviour behaviour)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAriadneCore(new ConfigurationBuilder().Build(), database.Options);
        services.AddSingleton<IKeyEncryptionKeyProvider>(TestKeys.Default);
        services.Configure<JobOptions>(o => o.PollInterval = TimeSpan.FromMilliseconds(20));
        services.AddSingleton(behaviour);
        services.AddJobHandler<TestHandler>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed record Behaviour(Func<JobContext, CancellationToken, Task<Result<JobOutput>>> Run);

    private sealed class TestHandler(Behaviour behaviour) : IJobHandler
    {
        public const string KindName = "test-job";

        public string Kind => KindName;

        public Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken) => behaviour.Run(context, cancellationToken);
    }
}
