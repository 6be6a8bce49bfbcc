using Ariadne.Cli;
using Ariadne.Core.Protection;

namespace Ariadne.Tests.Infrastructure;

/// <summary>
/// Runs the <c>ariadne</c> command line in this process with the console captured (per asynchronous flow). The master-key
/// variable is process-wide, so one command runs at a time: a test class outside <see cref="ImportExport.ConsoleCollection"/>
/// that ran a command beside another once restored the variable under the other's feet, whose command then failed.
/// </summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// Runs <paramref name="args"/> with the test master key in <c>ARIADNE_MASTER_KEYS</c>, as an operator would configure
    /// it for PostgreSQL (where no key file is created); returns the exit code and what went to stdout and stderr.
    /// </summary>
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunWithKeysAsync(TestKeys.EntryA, args);

    /// <summary>As <see cref="RunAsync"/>, and fails the test with the command's standard error unless it exits with 0.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.Exit == 0, $"ariadne {string.Join(' ', args.TakeWhile(a => a != "--database"))} exited with {result.Exit}: {result.Error}");
        return result;
    }

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="masterKeys"/> as the master key ring (another installation, or a rotation).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunWithKeysAsync(string masterKeys, params string[] args)
    {
        await OneAtATime.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return await RunAloneAsync(masterKeys, args);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAloneAsync(string masterKeys, string[] args)
    {
        var keys = Environment.GetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable);
        using var output = new StringWriter();
        using var error = new StringWriter();
        (StandardOutput.Target, StandardError.Target) = (output, error);
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, masterKeys);
        try
        {
            var exit = await AriadneCommand.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, keys);
            (StandardOutput.Target, StandardError.Target) = (null, null);
        }
    }

    // The console is process-wide: a web app of an earlier test whose logger flushes late would write into a capture
    // made by swapping Console.Out. These writers stand in for the console once, and send what is written to the
    // capture of the asynchronous flow that writes it (the command's own threads and tasks inherit it), everything else
    // to the real console.
    private static readonly FlowWriter StandardOutput = Install(Console.Out, Console.SetOut);
    private static readonly FlowWriter StandardError = Install(Console.Error, Console.SetError);

    private static FlowWriter Install(TextWriter console, Action<TextWriter> set)
    {
        var writer = new FlowWriter(console);
        set(writer);
        return writer;
    }

    private sealed class FlowWriter(TextWriter console) : TextWriter
    {
        private readonly AsyncLocal<TextWriter?> _target = new();

        public TextWriter? Target
        {
            set => _target.Value = value;
        }

        public override System.Text.Encoding Encoding => console.Encoding;

        private TextWriter Current => _target.Value ?? console;

        // A write from a command's flow after its capture was closed (a late callback) goes to the real console instead
        // of ending the test process with an unhandled ObjectDisposedException.
        private void Safely(Action<TextWriter> write)
        {
            try
            {
                write(Current);
            }
            catch (ObjectDisposedException)
            {
                write(console);
            }
        }

        public override void Write(char value) => Safely(w => w.Write(value));

        public override void Write(char[] buffer, int index, int count) => Safely(w => w.Write(buffer, index, count));

        public override void Write(string? value) => Safely(w => w.Write(value));

        public override void WriteLine(string? value) => Safely(w => w.WriteLine(value));

        public override void Flush() => Safely(w => w.Flush());
    }
}
