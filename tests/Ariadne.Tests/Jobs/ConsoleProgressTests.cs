using Ariadne.Cli;
using Ariadne.Core.Jobs;

namespace Ariadne.Tests.Jobs;

/// <summary>The command line's progress: a bar of twenty on a terminal; in a log, one line per stage and per tenth, never a flood.</summary>
public sealed class ConsoleProgressTests
{
    [Theory]
    [InlineData(0.0, "[                    ]   0 % Blocking")]
    [InlineData(0.5, "[##########          ]  50 % Blocking")]
    [InlineData(0.999, "[################### ]  99 % Blocking")]
    [InlineData(1.0, "[####################] 100 % Blocking")]
    [InlineData(7.0, "[####################] 100 % Blocking")]
    [InlineData(double.NaN, "[                    ]   0 % Blocking")]
    public void Format_BarPercentStage(double fraction, string expected) => Assert.Equal(expected, ConsoleProgress.Format(new JobProgress(fraction, "Blocking")));

    [Fact]
    public void Redirected_OneLinePerStageAndTenth()
    {
        var log = new StringWriter();
        var progress = new ConsoleProgress(log, interactive: false);

        for (var i = 0; i <= 1000; i++)
        {
            progress.Report(new JobProgress(i / 1000.0, i < 500 ? "Blocking" : "Comparing"));
        }

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.EndsWith("100 % Comparing", lines[^1].TrimEnd('\r'), StringComparison.Ordinal);
    }
}
