namespace Ariadne.Core.Attachments;

/// <summary>
/// The allow-list of attachment kinds, recognised by their magic bytes: the only thing about an upload that is trusted
/// (a declared content type and a file name's extension are the sender's claim). Each kind is served with its own
/// content type and always as a download.
/// </summary>
public static class AttachmentKinds
{
    public const string Pdf = "pdf";
    public const string Jpeg = "jpeg";
    public const string Png = "png";

    public static readonly IReadOnlyList<string> All = [Pdf, Jpeg, Png];

    /// <summary>The longest signature, in bytes: how much of the content <see cref="Detect"/> needs.</summary>
    public const int SignatureLength = 8;

    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The kind whose signature <paramref name="content"/> starts with, or null when it is none of the allowed kinds.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfSignature) ? Pdf
        : content.StartsWith(PngSignature) ? Png
        : content.StartsWith(JpegSignature) ? Jpeg
        : null;

    /// <summary>The media type a kind is served as.</summary>
    public static string ContentType(string kind) => kind switch
    {
        Pdf => "application/pdf",
        Jpeg => "image/jpeg",
        Png => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>The file-name extensions (lower case, without the dot) that a file of <paramref name="kind"/> may carry.</summary>
    public static IReadOnlyList<string> Extensions(string kind) => kind switch
    {
        Pdf => ["pdf"],
        Jpeg => ["jpg", "jpeg"],
        Png => ["png"],
        _ => [],
    };
}
