using System.CommandLine;
using System.Globalization;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;
using Ariadne.Core.Linkage;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne linkage encode FILE.csv --schema SCHEMA.json --secret-file KEY --out ENC</c> (at each agency) and
/// <c>ariadne linkage match ENC1 ENC2 … --out-dir DIR [--threshold T]</c> (at the linkage operator, who never holds the
/// secret), and <c>ariadne linkage dedupe FILE.csv --schema SCHEMA.json --out CLUSTERS.csv</c> (probabilistic
/// deduplication inside one agency's file). None reads the database. Exit 2 names the file and row, column or schema property that is wrong.
/// </summary>
public static class LinkageCommand
{
    public static Command Create()
    {
        var linkage = new Command("linkage", "Link records across agencies without sharing identities.");
        linkage.Subcommands.Add(Encode());
        linkage.Subcommands.Add(Match());
        linkage.Subcommands.Add(Dedupe());
        linkage.Subcommands.Add(LinkageAgencyCommands.EncodeCases());
        linkage.Subcommands.Add(LinkageAgencyCommands.ImportClusters());
        return linkage;
    }

    private static Command Dedupe()
    {
        var file = new Argument<FileInfo>("file") { Description = "The records: a CSV with the schema's id column and the compared columns." };
        var schema = new Option<FileInfo>("--schema") { Description = "The linkage schema (JSON): id column, fields, blocking rules, optional comparisons.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where record_id,cluster_id is written (every record once; a record without a match is its own cluster).", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "The least match probability of a link.", DefaultValueFactory = _ => new DedupeOptions().Threshold };
        var pairs = new Option<FileInfo?>("--pairs") { Description = "Also write the scored pairs (probability at least 0.01) with each comparison's level and weight." };
        var model = new Option<FileInfo?>("--model") { Description = "Also write the trained model (λ; m, u and weight per comparison level) as JSON." };
        var command = new Command("dedupe", "Find the records of one file that are the same person (Fellegi–Sunter: EM-trained, blocked, chain-guarded clusters).")
        {
            file, schema, output, threshold, pairs, model,
        };
        command.SetAction(async (parseResult, _) => await GuardAsync(() =>
        {
            var value = parseResult.GetValue(threshold);
            if (value is <= 0 or >= 1)
            {
                throw new LinkageInputException($"--threshold: {value.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1 (exclusive)");
            }
            var input = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var rules = LinkageSchema.Read(ImportCommand.ExistingFile(parseResult.GetValue(schema)!));
            var outcome = LinkageDedupe.RunFile(input, rules, new DedupeOptions(Threshold: value), parseResult.GetValue(output)!.FullName,
                parseResult.GetValue(pairs)?.FullName, parseResult.GetValue(model)?.FullName);
            var result = outcome.Result;
            Console.Write(LinkageDedupe.Describe(result));
            var skipped = result.SkippedBlocks > 0
                ? string.Create(CultureInfo.InvariantCulture, $"; {result.SkippedBlocks} block(s) over {new DedupeOptions().MaxBlockSize} records skipped.") : ".";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Deduplicated {outcome.Ids.Count} record(s): {result.Clusters} cluster(s), {result.Links} link(s) from {result.ComparedPairs} compared pair(s){skipped}"));
            return 0;
        }));
        return command;
    }

    private static Command Encode()
    {
        var file = new Argument<FileInfo>("file") { Description = "The agency's records: a CSV with the schema's id and field columns." };
        var schema = new Option<FileInfo>("--schema") { Description = "The linkage schema (JSON): id column, fields with their encoding, blocking rules.", Required = true };
        var secret = new Option<FileInfo>("--secret-file") { Description = "The secret the agencies share (at least 16 bytes); the linkage operator never sees it.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The encodings file to send to the linkage operator (record_id,encoding,blocks; no plaintext).", Required = true };
        var command = new Command("encode", "Encode the records' identifiers as keyed, balanced Bloom filters with keyed blocking keys.") { file, schema, secret, output };
        command.SetAction(async (parseResult, _) => await GuardAsync(() =>
        {
            var input = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var rules = LinkageSchema.Read(ImportCommand.ExistingFile(parseResult.GetValue(schema)!));
            var key = LinkageFiles.ReadSecret(ImportCommand.ExistingFile(parseResult.GetValue(secret)!));
            var target = parseResult.GetValue(output)!.FullName;
            var count = LinkageFiles.Encode(input, rules, key, target);
            Console.WriteLine($"Encoded {count} record(s) into {Path.GetFileName(target)}.");
            return 0;
        }));
        return command;
    }

    private static Command Match()
    {
        var files = new Argument<FileInfo[]>("encodings") { Description = "The agencies' encodings files (two or more).", Arity = new ArgumentArity(2, 64) };
        var outputDirectory = new Option<DirectoryInfo>("--out-dir") { Description = "Where DIR/<file name>.csv (record_id,cluster_id) is written for each agency.", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "The least Dice coefficient of a link (balanced encodings).", DefaultValueFactory = _ => new MatchOptions().Threshold };
        var command = new Command("match", "Match the agencies' encodings; each agency gets back only the cluster ids of its own records.") { files, outputDirectory, threshold };
        command.SetAction(async (parseResult, _) => await GuardAsync(() =>
        {
            var value = parseResult.GetValue(threshold);
            if (value is <= 0 or > 1)
            {
                throw new LinkageInputException($"--threshold: {value.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1");
            }
            var inputs = parseResult.GetValue(files)!.Select(ImportCommand.ExistingFile).ToList();
            var result = LinkageFiles.Match(inputs, parseResult.GetValue(outputDirectory)!.FullName, new MatchOptions(Threshold: value));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Matched {inputs.Count} files: {result.Clusters} cluster(s), {result.Links} link(s) from {result.CandidatePairs} compared pair(s)."));
            return 0;
        }));
        return command;
    }

    private static async Task<int> GuardAsync(Func<int> job)
    {
        try
        {
            return job();
        }
        catch (LinkageInputException e)
        {
            await Console.Error.WriteLineAsync($"ariadne: {e.Message}");
            return 2;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"ariadne: {e.Message}");
            return 2;
        }
    }
}
