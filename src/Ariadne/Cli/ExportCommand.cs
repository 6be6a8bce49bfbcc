using System.CommandLine;
using System.Text;
using Ariadne.Core.Cases;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne export cases --format csv|xlsx|json [--output FILE] [--with-identity --reason R]</c>: every case, in the
/// import layout (CSV, XLSX) or as API objects (JSON); to standard output unless <c>--output</c> is given (XLSX needs it).
/// Pseudonymous (case codes, no identifying field) unless <c>--with-identity</c> is given with a reason; audited either way.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv, xlsx or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "json");
        var output = new Option<FileInfo?>("--output") { Description = "The file to write (default: standard output; required for xlsx)." };
        var withIdentity = new Option<bool>("--with-identity") { Description = "Include the identifying fields (decrypted); needs --reason." };
        var reason = new Option<string?>("--reason") { Description = "Why identifying data leaves the system (written to the audit log)." };
        var cases = new Command("cases", "Export case records (pseudonymous unless --with-identity).") { format, output, withIdentity, reason };
        cases.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var kind = Enum.Parse<CaseExportFormat>(parseResult.GetValue(format)!, ignoreCase: true);
            var file = parseResult.GetValue(output);
            if (kind == CaseExportFormat.Xlsx && file is null)
            {
                throw new ArgumentException("--format xlsx writes a file: name it with --output FILE.xlsx.");
            }
            var services = await session.OpenAsync();
            var exporter = services.GetRequiredService<CaseExporter>();
            var options = new CaseExportOptions(kind, parseResult.GetValue(withIdentity), parseResult.GetValue(reason));
            if (options.IncludeIdentity && string.IsNullOrWhiteSpace(options.Reason))
            {
                throw new ArgumentException("--with-identity needs --reason \"why the identifying data leaves the system\".");
            }
            if (file is null)
            {
                await using var stdout = new TextWriterStream(Console.Out);
                await exporter.ExportAsync(stdout, options, CaseViewer.LocalOperator, null, cancellationToken);
                return 0;
            }
            var written = await ExportToFileAsync(exporter, file.FullName, options with { ByteOrderMark = true }, cancellationToken);
            await Console.Error.WriteLineAsync($"Exported {written} case(s) to {file.FullName}.");
            return 0;
        }));
        var export = new Command("export", "Export records to files.");
        export.Subcommands.Add(cases);
        return export;
    }

    private static async Task<int> ExportToFileAsync(CaseExporter exporter, string path, CaseExportOptions options, CancellationToken cancellationToken)
    {
        // Write next to the target and move it into place, so that a failed export leaves no half-written file.
        var partial = path + ".partial";
        try
        {
            int written;
            // Owner-only (0600): the export is case data, with --with-identity names and addresses too.
            await using (var stream = PrivateFile.Create(partial, useAsync: true))
            {
                if (Console.IsOutputRedirected || Console.IsErrorRedirected)
                {
                    written = await exporter.ExportAsync(stream, options, CaseViewer.LocalOperator, null, cancellationToken);
                }
                else
                {
                    written = await AnsiConsole.Progress().StartAsync(async context =>
                    {
                        var task = context.AddTask("Exporting");
                        return await exporter.ExportAsync(stream, options, CaseViewer.LocalOperator,
                            new InlineProgress<(int Done, int Total)>(p =>
                            {
                                task.MaxValue = Math.Max(p.Total, 1);
                                task.Value = p.Done;
                            }), cancellationToken);
                    });
                }
            }
            File.Move(partial, path, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Lets the stream-based exporter write to <see cref="Console.Out"/>, so that output goes wherever the console writer
    /// goes (a pipe, or a test's captured writer).
    /// </summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }
            var decoded = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, decoded);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => writer.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
