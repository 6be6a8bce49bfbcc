namespace Ariadne.Core.Attachments;

/// <summary>Attachments on cases (configuration section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest file accepted, in bytes. Default 10 MiB.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}
