using Ariadne.Cli;
using Ariadne.Core.Protection;

namespace Ariadne.Tests.Infrastructure;

/// <summary>
/// Runs the <c>ariadne</c> command line in this process with the console captured. Callers belong to
/// <see cref="ImportExport.ConsoleCollection"/>: the console is process-wide.
/// </summary>
internal static class CliRunner
{
    /// <summary>
    /// Runs <paramref name="args"/> with the test master key in <c>ARIADNE_MASTER_KEYS</c>, as an operator would configure
    /// it for PostgreSQL (where no key file is created); returns the exit code and what went to stdout and stderr.
    /// </summary>
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunWithKeysAsync(TestKeys.EntryA, args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="masterKeys"/> as the master key ring (another installation, or a rotation).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunWithKeysAsync(string masterKeys, params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var keys = Environment.GetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, masterKeys);
        try
        {
            var exit = await AriadneCommand.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, keys);
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
