namespace Ariadne.Core.Jobs;

/// <summary>The <c>Jobs</c> section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>How often a running job's progress and heartbeat are stored, and how often an idle node looks for work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running job whose heartbeat is older than this is failed as interrupted (its node stopped).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Finished jobs, their inputs and outputs are deleted this long after they finished.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest input a job may be started with.</summary>
    public long MaxInputBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How many jobs one user may have queued or running at once.</summary>
    public int MaxActivePerUser { get; set; } = 3;

    /// <summary>
    /// Whether this web node runs queued jobs (the default). A node with false only starts and shows jobs, e.g. a node
    /// kept free for pages while others do the long work; the tests run the jobs themselves with <see cref="JobRunner"/>.
    /// </summary>
    public bool RunOnThisNode { get; set; } = true;
}
