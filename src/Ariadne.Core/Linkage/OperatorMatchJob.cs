using System.Globalization;
using System.IO.Compression;
using System.Text;
using Ariadne.Core.Common;
using Ariadne.Core.Jobs;

namespace Ariadne.Core.Linkage;

/// <summary>
/// The linkage operator's match as a background job (kind <see cref="JobKind"/>). The input is a zip archive holding the
/// uploaded encodings files under <c>files/</c> (in upload order, under their checked names) and the threshold in
/// <c>threshold</c>. That is fine to store unencrypted for the job's life: an encodings file holds random record ids and
/// keyed Bloom-filter encodings, no plaintext (issue 16 item 2), and the agencies' secret never reaches the operator.
/// The output is the same zip as a direct match (one <c>record_id,cluster_id</c> file per agency), downloaded from the
/// job page or <c>GET /api/v1/jobs/{id}/output</c>.
/// </summary>
public sealed class OperatorMatchJob(OperatorLinkage linkage) : IJobHandler
{
    public const string JobKind = "linkage-match";

    public const string OutputFileName = "linkage-results.zip";

    private const string FilesFolder = "files/";

    private const string ThresholdEntry = "threshold";

    public string Kind => JobKind;

    /// <summary>The job's input for checked <paramref name="files"/> (see <see cref="OperatorLinkage.Check"/>) and <paramref name="threshold"/>.</summary>
    public static byte[] Input(IReadOnlyList<EncodingsUpload> files, double threshold)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                using var entry = archive.CreateEntry(FilesFolder + Path.GetFileName(file.FileName), CompressionLevel.NoCompression).Open();
                entry.Write(file.Content);
            }
            using var thresholdEntry = archive.CreateEntry(ThresholdEntry, CompressionLevel.NoCompression).Open();
            thresholdEntry.Write(Encoding.ASCII.GetBytes(threshold.ToString("R", CultureInfo.InvariantCulture)));
        }
        return buffer.ToArray();
    }

    public async Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var files = new List<EncodingsUpload>();
        var threshold = double.NaN;
        using (var archive = new ZipArchive(new MemoryStream(context.Input), ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }
                if (entry.FullName == ThresholdEntry)
                {
                    threshold = double.Parse(Encoding.ASCII.GetString(content.ToArray()), NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                else if (entry.FullName.StartsWith(FilesFolder, StringComparison.Ordinal))
                {
                    files.Add(new EncodingsUpload(entry.FullName[FilesFolder.Length..], content.ToArray()));
                }
            }
        }
        var result = await linkage.RunMatchAsync(files, threshold, context.Actor, context.Progress, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!;
        }
        var match = result.Value!;
        var summary = JobSummary.Of("Linkage.Match.Done", "{0} agencies, {1} records in {2} clusters ({3} links).",
            match.Files.Count, match.Records, match.Clusters, match.Links);
        return new JobOutput(null, new JobFile(OutputFileName, "application/zip", match.Zip), summary);
    }
}
