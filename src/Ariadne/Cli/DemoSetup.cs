namespace Ariadne.Cli;

/// <summary>Seeds demo cases and demo users for <c>serve --demo</c>. Filled in by the demo-data module.</summary>
internal static class DemoSetup
{
    public static Task EnsureAsync(IServiceProvider services, int cases, CancellationToken cancellationToken)
    {
        _ = services;
        _ = cases;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
