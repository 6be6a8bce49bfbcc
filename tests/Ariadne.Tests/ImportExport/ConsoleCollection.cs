namespace Ariadne.Tests.ImportExport;

/// <summary>Tests that redirect <see cref="Console"/> run one at a time: the console is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
