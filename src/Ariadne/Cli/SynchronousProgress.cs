namespace Ariadne.Cli;

/// <summary>
/// Reports on the caller's thread, in order. A command's progress lines must come before its result and never after
/// it has returned: <see cref="Progress{T}"/> posts each report to the thread pool, so a line could be printed late,
/// out of order, or to an output that is already closed.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
