using Microsoft.Win32.SafeHandles;

namespace Ariadne.Core.ImportExport;

/// <summary>
/// Creates files that carry case data (exports, rejected rows, referral packages) readable and writable by their
/// owner only (0600 on Unix): the umask's usual 0644 would let every local account read them. A file that already
/// exists is truncated and narrowed to 0600 as well, so overwriting an old world-readable file does not keep its mode.
/// </summary>
public static class PrivateFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates (or truncates) <paramref name="path"/> for writing with owner-only access.</summary>
    public static FileStream Create(string path, bool useAsync = false)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            Narrow(stream.SafeFileHandle);
        }
        return stream;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> with owner-only access.</summary>
    public static async Task WriteAllTextAsync(string path, string text, System.Text.Encoding encoding, CancellationToken cancellationToken)
    {
        await using var stream = Create(path, useAsync: true);
        await using var writer = new StreamWriter(stream, encoding);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(SafeFileHandle handle)
    {
        if ((File.GetUnixFileMode(handle) & ~Mode) != 0)
        {
            File.SetUnixFileMode(handle, Mode);
        }
    }
}
