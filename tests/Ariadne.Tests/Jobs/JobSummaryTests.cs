using Ariadne.Core.Jobs;

namespace Ariadne.Tests.Jobs;

/// <summary>How a job's summary is stored in its one column: keyed summaries as JSON, plain texts as they are.</summary>
public sealed class JobSummaryTests
{
    [Fact]
    public void Serialise_KeyedAndPlain_RoundTripAndFitTheColumn()
    {
        var keyed = JobSummary.Of("Linkage.Match.Done", "{0} agencies, {1} records in {2} clusters ({3} links).", 3, 1204, 900, 304.0);
        Assert.Equal("3 agencies, 1204 records in 900 clusters (304 links).", keyed.Text);
        var back = JobSummary.Deserialise(keyed.Serialise(BackgroundJob.MaxPathLength));
        Assert.Equal((keyed.Text, keyed.Key), (back.Text, back.Key));
        Assert.Equal([3, 1204, 900, 304], back.Arguments!);

        // A plain text, one stored before summaries had keys, and one that merely looks like JSON stay texts.
        Assert.Equal(new JobSummary("12 persons"), JobSummary.Deserialise(new JobSummary("12 persons").Serialise(512)));
        Assert.Equal(new JobSummary("{\"no json"), JobSummary.Deserialise("{\"no json"));

        // Too long for the column: the text alone, cut.
        var longOne = JobSummary.Of("Some.Key", new string('x', 600));
        Assert.Equal(new JobSummary(new string('x', 512)), JobSummary.Deserialise(longOne.Serialise(512)));
    }
}
