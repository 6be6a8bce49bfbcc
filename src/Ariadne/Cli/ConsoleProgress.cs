using System.Globalization;
using Ariadne.Core.Jobs;

namespace Ariadne.Cli;

/// <summary>
/// The command line's progress bar for long runs, on stderr so that stdout stays the command's output. On a terminal
/// one line is redrawn ("[#########           ]  45 % Comparing"); when stderr is redirected (a log, CI) a line is
/// written only when the stage changes or another tenth is done, so logs stay short.
/// </summary>
public sealed class ConsoleProgress(TextWriter error, bool interactive) : IProgress<JobProgress>
{
    private const int Width = 20;
    private readonly Lock gate = new();
    private string? lastStage;
    private int lastTenth = -1;
    private string lastLine = "";

    /// <summary>Progress on the process's stderr, redrawn in place when it is a terminal.</summary>
    public static ConsoleProgress ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    public void Report(JobProgress value)
    {
        var line = Format(value);
        lock (gate)
        {
            if (interactive)
            {
                if (line != lastLine)
                {
                    error.Write('\r' + line.PadRight(lastLine.Length));
                    lastLine = line;
                }
                return;
            }
            var tenth = (int)Math.Floor(Math.Clamp(value.Fraction, 0, 1) * 10);
            if (value.Stage != lastStage || tenth != lastTenth)
            {
                error.WriteLine(line);
                (lastStage, lastTenth) = (value.Stage, tenth);
            }
        }
    }

    /// <summary>Ends the redrawn line, so that what follows starts on a line of its own.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (interactive && lastLine.Length > 0)
            {
                error.WriteLine();
                lastLine = "";
            }
        }
    }

    /// <summary>"[##########          ]  50 % Comparing": a bar of twenty, the whole percent, the stage.</summary>
    public static string Format(JobProgress value)
    {
        var fraction = double.IsFinite(value.Fraction) ? Math.Clamp(value.Fraction, 0, 1) : 0;
        var filled = (int)Math.Floor(fraction * Width);
        var percent = ((int)Math.Floor(fraction * 100)).ToString(CultureInfo.InvariantCulture).PadLeft(3);
        return $"[{new string('#', filled)}{new string(' ', Width - filled)}] {percent} % {value.Stage}";
    }
}
