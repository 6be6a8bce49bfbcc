using System.Globalization;
using System.IO.Compression;
using Ariadne.Analytics.Linkage;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Jobs;

namespace Ariadne.Core.Linkage;

/// <summary>One agency's encodings file as uploaded to the operator: its file name (the result is returned under it) and content.</summary>
public sealed record EncodingsUpload(string FileName, byte[] Content);

/// <summary>
/// The operator's result: a zip archive holding <c>NAME.csv</c> (<c>record_id,cluster_id</c>) for each uploaded
/// <c>NAME.enc</c>, exactly the files <c>ariadne linkage match --out-dir</c> writes, and the counts of the run.
/// </summary>
public sealed record OperatorMatchResult(byte[] Zip, IReadOnlyList<string> Files, int Records, int Clusters, long ComparedPairs, long Links);

/// <summary>
/// The linkage operator's matching of uploaded encodings files, for the UI and the API: the same code as
/// <c>ariadne linkage match</c> (<see cref="LinkageFiles.Match"/>), run in a private temporary directory that is deleted
/// afterwards, so nothing an agency sent stays on the server. Each agency's file in the result holds only its own
/// record ids and the shared cluster ids: never a score, never another agency's record. Audited with counts.
/// </summary>
public sealed class OperatorLinkage(IAuditLog audit)
{
    /// <summary>At most this many agencies in one run (the matcher's limit).</summary>
    public const int MaxFiles = 64;

    /// <summary>
    /// Checks the uploads and the threshold before a match is started (a page or endpoint does so before queuing it as a
    /// job, so that a wrong file name is answered at once).
    /// </summary>
    /// <returns>The file names without extension, in order (each agency's result is named after it); Invalid naming <c>Files</c> or <c>Threshold</c>.</returns>
    public static Result<IReadOnlyList<string>> Check(IReadOnlyList<EncodingsUpload> files, double threshold)
    {
        if (files.Count is < 2 or > MaxFiles)
        {
            return Problem.Invalid("Files", "Count", $"{files.Count} encodings file(s); give 2 to {MaxFiles}, one per agency", files.Count, MaxFiles);
        }
        if (double.IsNaN(threshold) || threshold is <= 0 or > 1)
        {
            return Problem.Invalid("Threshold", "OutOfRange", "The threshold is a Dice coefficient above 0 and at most 1.", threshold);
        }
        var names = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName ?? "");
            var stem = Path.GetFileNameWithoutExtension(name);
            if (stem.Length is 0 or > 100 || !stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return Problem.Invalid("Files", "FileName", $"'{name}': a file name of letters, digits, '.', '-' or '_' (the agency's result is returned under it)", name);
            }
            if (names.Contains(stem, StringComparer.OrdinalIgnoreCase))
            {
                return Problem.Invalid("Files", "Duplicate", $"'{name}': two files have the same name; each agency's result is written under its file's name", name);
            }
            names.Add(stem);
        }
        return names;
    }

    /// <param name="files">Two or more encodings files with distinct names (letters, digits, '.', '-', '_').</param>
    /// <param name="threshold">The least Dice coefficient of a link, in (0, 1].</param>
    /// <param name="actor">Who runs the match.</param>
    /// <param name="progress">Fraction done and a stage: Reading, the matcher's (Blocking, Comparing, Clustering), Writing.</param>
    /// <param name="cancellationToken">Stops the run (at the matcher's next progress report); nothing stays behind.</param>
    public async Task<Result<OperatorMatchResult>> RunMatchAsync(IReadOnlyList<EncodingsUpload> files, double threshold, AuditActor actor,
        IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var checkedFiles = Check(files, threshold);
        if (!checkedFiles.Succeeded)
        {
            return checkedFiles.Problem!;
        }
        var names = checkedFiles.Value!;
        var directory = Directory.CreateTempSubdirectory("ariadne-match-");
        try
        {
            progress?.Report(new JobProgress(0, "Reading"));
            var inputs = new List<string>();
            for (var i = 0; i < files.Count; i++)
            {
                var path = Path.Combine(directory.FullName, "in", names[i] + ".enc");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, files[i].Content, cancellationToken);
                inputs.Add(path);
            }
            progress?.Report(new JobProgress(0.1, "Blocking"));
            var output = Path.Combine(directory.FullName, "out");
            MatchResult result;
            try
            {
                var matcherProgress = new CancellingProgress(progress, cancellationToken);
                result = await Task.Run(() => LinkageFiles.Match(inputs, output, new MatchOptions(Threshold: threshold), matcherProgress), cancellationToken);
            }
            catch (LinkageInputException e)
            {
                return Problem.Invalid("Files", "Invalid", e.Message.Replace(".enc:", ":", StringComparison.Ordinal));
            }
            progress?.Report(new JobProgress(0.9, "Writing"));
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var name in names)
                {
                    archive.CreateEntryFromFile(Path.Combine(output, name + ".csv"), name + ".csv", CompressionLevel.Optimal);
                }
            }
            var records = result.ClusterOfRecord.Sum(r => r.Length);
            await audit.AppendAsync(new AuditRecord(AuditActions.LinkageMatch, AuditOutcomes.Success, "linkage-match", null, null,
                new Dictionary<string, string>
                {
                    ["files"] = files.Count.ToString(CultureInfo.InvariantCulture),
                    ["records"] = records.ToString(CultureInfo.InvariantCulture),
                    ["clusters"] = result.Clusters.ToString(CultureInfo.InvariantCulture),
                }, actor), cancellationToken);
            progress?.Report(new JobProgress(1, "Writing"));
            return new OperatorMatchResult(zip.ToArray(), [.. names.Select(n => n + ".csv")], records, result.Clusters, result.CandidatePairs, result.Links);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The matcher's progress as 0.1–0.9 of the run, reported inline, throwing once the run is cancelled.</summary>
    private sealed class CancellingProgress(IProgress<JobProgress>? progress, CancellationToken cancellationToken) : IProgress<(double Fraction, string Stage)>
    {
        public void Report((double Fraction, string Stage) value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new JobProgress(0.1 + 0.8 * value.Fraction, value.Stage));
        }
    }
}
