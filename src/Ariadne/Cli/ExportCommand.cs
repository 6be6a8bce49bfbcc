using System.CommandLine;
using System.Text;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne export cases --format csv|xlsx|json [--output FILE]</c>: every case, in the import layout (CSV, XLSX)
/// or as API objects (JSON); to standard output unless <c>--output</c> is given (XLSX needs it).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv, xlsx or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "json");
        var output = new Option<FileInfo?>("--output") { Description = "The file to write (default: standard output; required for xlsx)." };
        var cases = new Command("cases", "Export case records.") { format, output };
        cases.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var kind = Enum.Parse<CaseExportFormat>(parseResult.GetValue(format)!, ignoreCase: true);
            var file = parseResult.GetValue(output);
            if (kind == CaseExportFormat.Xlsx && file is null)
            {
                throw new ArgumentException("--format xlsx writes a file: name it with --output FILE.xlsx.");
            }
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            var exporter = new CaseExporter(db);
            if (file is null)
            {
                await using var stdout = new TextWriterStream(Console.Out);
                await exporter.ExportAsync(stdout, kind, CaseViewer.LocalOperator, byteOrderMark: false, null, cancellationToken);
                return 0;
            }
            var written = await ExportToFileAsync(exporter, file.FullName, kind, cancellationToken);
            await Console.Error.WriteLineAsync($"Exported {written} case(s) to {file.FullName}.");
            return 0;
        }));
        var export = new Command("export", "Export records to files.");
        export.Subcommands.Add(cases);
        return export;
    }

    private static async Task<int> ExportToFileAsync(CaseExporter exporter, string path, CaseExportFormat kind, CancellationToken cancellationToken)
    {
        // Write next to the target and move it into place, so that a failed export leaves no half-written file.
        var partial = path + ".partial";
        try
        {
            int written;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                if (Console.IsOutputRedirected || Console.IsErrorRedirected)
                {
                    written = await exporter.ExportAsync(stream, kind, CaseViewer.LocalOperator, byteOrderMark: true, null, cancellationToken);
                }
                else
                {
                    written = await AnsiConsole.Progress().StartAsync(async context =>
                    {
                        var task = context.AddTask("Exporting");
                        return await exporter.ExportAsync(stream, kind, CaseViewer.LocalOperator, byteOrderMark: true,
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
