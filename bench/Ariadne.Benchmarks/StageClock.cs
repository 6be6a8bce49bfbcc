using System.Diagnostics;

namespace Ariadne.Benchmarks;

/// <summary>
/// Times the stages of a long run from its progress reports: a stage ends when a report names another stage. Wall
/// time and the process's CPU time per stage (the CPU time is the figure to judge on the shared machine). Reports may
/// come from several threads; the first report of a new stage closes the previous one.
/// </summary>
public sealed class StageClock(string firstStage) : IProgress<(double Fraction, string Stage)>
{
    private readonly Lock _gate = new();
    private readonly List<(string Stage, TimeSpan Wall, TimeSpan Cpu)> _stages = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private string _current = firstStage;

    public void Report((double Fraction, string Stage) value)
    {
        lock (_gate)
        {
            if (value.Stage != _current)
            {
                Close(value.Stage);
            }
        }
    }

    /// <summary>Closes the running stage and returns every stage's wall and CPU seconds, in order.</summary>
    public string Finish()
    {
        lock (_gate)
        {
            Close("");
            return string.Join(", ", _stages.Select(s => $"{s.Stage} {s.Wall.TotalSeconds:F1} s wall / {s.Cpu.TotalSeconds:F1} s CPU"));
        }
    }

    private void Close(string next)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _stages.Add((_current, _wall.Elapsed, cpu - _cpu));
        _wall.Restart();
        _cpu = cpu;
        _current = next;
    }
}
