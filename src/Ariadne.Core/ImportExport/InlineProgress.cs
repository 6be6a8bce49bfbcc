namespace Ariadne.Core.ImportExport;

/// <summary>
/// Reports progress on the reporting thread, in order. Unlike <see cref="Progress{T}"/>, which posts to the thread
/// pool when there is no synchronisation context, a late report cannot overwrite a later one.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
