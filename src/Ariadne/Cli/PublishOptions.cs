using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Core.Publishing;

namespace Ariadne.Cli;

/// <summary>The <c>--output</c> option of every <c>publish</c> verb.</summary>
internal sealed class PublishOutput
{
    public Option<FileInfo> File { get; } = new("--output") { Description = "The file to write: .csv, .xlsx or .json.", Required = true };
}

/// <summary>The k-anonymity and ℓ-diversity options of the microdata layouts, read into release parameters.</summary>
internal sealed class PublishAnonymity
{
    public Option<int> K { get; } = new("--k") { Description = "Every released combination of quasi-identifiers is shared by at least k records.", DefaultValueFactory = _ => MicrodataProducer.DefaultK };

    public Option<string?> Quasi { get; } = new("--quasi") { Description = "Comma-separated quasi-identifier columns (default: year, sex/gender, ageBroad, citizenship, country of exploitation)." };

    public Option<int> L { get; } = new("--l") { Description = "Distinct ℓ-diversity of --sensitive (1 = off).", DefaultValueFactory = _ => 1 };

    public Option<string?> Sensitive { get; } = new("--sensitive") { Description = "The sensitive column for ℓ-diversity, e.g. typeOfExploitConcatenated or form." };

    public Option<double> MaxSuppression { get; } = new("--max-suppression") { Description = "The largest share of records that may be suppressed.", DefaultValueFactory = _ => MicrodataProducer.DefaultMaxSuppression };

    public void AddTo(Command command)
    {
        command.Options.Add(K);
        command.Options.Add(Quasi);
        command.Options.Add(L);
        command.Options.Add(Sensitive);
        command.Options.Add(MaxSuppression);
    }

    public JsonObject Parameters(ParseResult parseResult)
    {
        var parameters = new JsonObject
        {
            ["k"] = parseResult.GetValue(K),
            ["l"] = parseResult.GetValue(L),
            ["maxSuppression"] = parseResult.GetValue(MaxSuppression),
        };
        if (parseResult.GetValue(Quasi) is { } quasi)
        {
            parameters["quasiIdentifiers"] = new JsonArray([.. quasi.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => JsonValue.Create(q))]);
        }
        if (parseResult.GetValue(Sensitive) is { } sensitive)
        {
            parameters["sensitive"] = sensitive;
        }
        return parameters;
    }
}

/// <summary>The options of <c>--layout dp-synthetic</c>; numbers are read here (invariant culture) so that a bad value exits 2 naming its option.</summary>
internal sealed class PublishPrivacy
{
    public Option<string?> Epsilon { get; } = new("--epsilon") { Description = "dp-synthetic: the privacy-loss budget ε of the whole release (required, > 0)." };

    public Option<string?> Delta { get; } = new("--delta") { Description = "dp-synthetic: δ (default 1e-6)." };

    public Option<string?> Seed { get; } = new("--seed") { Description = "dp-synthetic, NOT PRIVATE, local experiments only: a chosen random seed (anyone who knows it can undo the noise; the release is logged as not private). Omit it: the server draws a secret seed." };

    public Option<int> Order { get; } = new("--order") { Description = "dp-synthetic: 2 = 1-way and 2-way marginals (default), 1 = 1-way only.", DefaultValueFactory = _ => 2 };

    public void AddTo(Command command)
    {
        command.Options.Add(Epsilon);
        command.Options.Add(Delta);
        command.Options.Add(Seed);
        command.Options.Add(Order);
    }

    /// <summary>The release parameters and the chosen seed (null: drawn and kept secret), or the name of the first option whose value is not a number.</summary>
    public (JsonObject? Parameters, ulong? Seed, string? Bad) Parameters(ParseResult parseResult)
    {
        var parameters = new JsonObject { ["order"] = parseResult.GetValue(Order) };
        foreach (var (option, name) in new[] { (Epsilon, "epsilon"), (Delta, "delta") })
        {
            if (parseResult.GetValue(option) is { } text)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return (null, null, option.Name);
                }
                parameters[name] = value;
            }
        }
        ulong? chosen = null;
        if (parseResult.GetValue(Seed) is { } seed)
        {
            if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (null, null, Seed.Name);
            }
            chosen = value;
        }
        return (parameters, chosen, null);
    }
}
