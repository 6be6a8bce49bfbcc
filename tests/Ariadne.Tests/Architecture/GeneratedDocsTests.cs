using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;

namespace Ariadne.Tests.Architecture;

/// <summary>
/// The README's command table and the module maps of the README and docs/architecture.md are generated from the
/// command tree (<c>ariadne --help</c>) and from the compiled modules; these tests fail when either has drifted.
/// To regenerate, run them with <c>ARIADNE_UPDATE_DOCS=1</c> set:
/// <c>ARIADNE_UPDATE_DOCS=1 dotnet test --project tests/Ariadne.Tests -- --filter-class Ariadne.Tests.Architecture.GeneratedDocsTests</c>.
/// </summary>
public sealed partial class GeneratedDocsTests
{
    [Fact]
    public void Readme_CommandTable_IsTheCommandTree() =>
        AssertSection("README.md", "commands", CommandTable(global::Ariadne.Cli.AriadneCommand.Create()));

    [Fact]
    public void Readme_ModuleMap_IsTheModules() =>
        AssertSection("README.md", "modules", ModuleMap());

    [Fact]
    public void Architecture_ModuleMap_IsTheModules() =>
        AssertSection(Path.Combine("docs", "architecture.md"), "modules", ModuleMap());

    [Fact]
    public void CommandTable_NamesEveryLeafCommandWithItsOptions()
    {
        // The generator itself: a made-up tree comes out as one row per runnable command, required options bare,
        // optional ones in brackets, the global --database left out.
        var root = new RootCommand("x");
        var add = new Command("add", "Adds a | thing.") { new Argument<string>("name"), new Option<string>("--role") { Required = true }, new Option<bool>("--force") };
        add.SetAction(_ => 0);
        var group = new Command("things", "Things.") { add };
        root.Subcommands.Add(group);
        var table = CommandTable(root);
        Assert.Contains("| `ariadne things add NAME --role ROLE [--force]` | Adds a \\| thing. |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("`ariadne things`", table, StringComparison.Ordinal);
    }

    /// <summary>One row per command that runs something: its path, arguments and options (global ones left out), and its description.</summary>
    internal static string CommandTable(RootCommand root)
    {
        var text = new StringBuilder("| Command | What it does |\n|---|---|\n");
        foreach (var (path, command) in Runnable(root, ""))
        {
            var synopsis = new List<string> { "ariadne" + path };
            synopsis.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Name.ToUpperInvariant()));
            foreach (var option in command.Options.Where(o => !o.Hidden && o.Name is not ("--database" or "--help" or "-h" or "--version")))
            {
                var value = option.ValueType == typeof(bool) ? "" : " " + option.Name.TrimStart('-').ToUpperInvariant();
                synopsis.Add(option.Required ? option.Name + value : $"[{option.Name}{value}]");
            }
            text.Append("| `").Append(string.Join(' ', synopsis).Replace("|", "\\|", StringComparison.Ordinal)).Append("` | ")
                .Append((command.Description ?? "").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")).Append(" |\n");
        }
        return text.ToString();
    }

    private static IEnumerable<(string Path, Command Command)> Runnable(Command command, string path)
    {
        if (command.Action is not null && path.Length > 0)
        {
            yield return (path, command);
        }
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var found in Runnable(sub, path + " " + sub.Name))
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// The Core modules, each with what its registration says it holds (the summary of <c>AddAriadne{Module}</c>) and the
    /// modules it uses (the data context, the shared hub, left out).
    /// </summary>
    internal static string ModuleMap()
    {
        var graph = ModuleBoundaryTests.Core();
        var uses = graph.Edges.Where(e => !ModuleBoundaryTests.CoreHubs.Contains(e.To))
            .GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var text = new StringBuilder("| Core module | Holds | Uses |\n|---|---|---|\n");
        foreach (var module in graph.Modules.Where(m => m != ModuleGraph.Root).Order(StringComparer.Ordinal))
        {
            text.Append("| `").Append(module).Append("/` | ").Append(Holds(module)).Append(" | ")
                .Append(uses.TryGetValue(module, out var list) ? string.Join(", ", list) : "—").Append(" |\n");
        }
        return text.ToString();
    }

    private static string Holds(string module)
    {
        var registration = Path.Combine(TestData.RepositoryRoot, "src", "Ariadne.Core", module, module + "ServiceCollectionExtensions.cs");
        if (!File.Exists(registration))
        {
            return module switch
            {
                "Common" => "The shared vocabulary: results and problems, field errors, paging.",
                "Data" => "The EF Core context, one migration set per provider, the database options.",
                "CodeLists" => "Versioned code lists with their CTDC, GLOTIP and HTCDS mappings.",
                "DemoData" => "The synthetic demo cases and organisations.",
                "Organisations" => "The organisations (NGOs, shelters, authorities) that users and cases belong to.",
                "Linkage" => "Linkage between agencies without sharing identities: the linkage schema, the encodings files, matching (`ariadne linkage`).",
                "Estimation" => "Estimates of the persons no agency detected: the inclusion-pattern file of multiple systems estimation (`ariadne estimate mse`).",
                _ => "—",
            };
        }
        var summary = SummaryPattern().Match(File.ReadAllText(registration));
        var holds = summary.Success ? Regex.Replace(summary.Groups[1].Value, @"\s*///\s*", " ").Trim() : "—";
        holds = Regex.Replace(holds, "<c>(.*?)</c>", "`$1`");
        holds = Regex.Replace(holds, "<see cref=\"[^\"]*?([A-Za-z]+)\"\\s*/>", "$1");
        return holds.Length > 0 ? char.ToUpperInvariant(holds[0]) + holds[1..] : holds;
    }

    private static void AssertSection(string relativePath, string name, string generated)
    {
        var path = Path.Combine(TestData.RepositoryRoot, relativePath);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var begin = $"<!-- generated:{name} (tests/Ariadne.Tests/Architecture/GeneratedDocsTests.cs) -->\n";
        var end = $"<!-- end generated:{name} -->";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"{relativePath} has no section between '{begin.Trim()}' and '{end}'.");
        var current = text[(from + begin.Length)..to];
        if (current == generated)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable("ARIADNE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(from + begin.Length)] + generated + text[to..]);
            return;
        }
        Assert.Fail($"{relativePath}: the generated section '{name}' is out of date; run the test with ARIADNE_UPDATE_DOCS=1 to regenerate it.\n" +
            $"Expected:\n{generated}\nActual:\n{current}");
    }

    [GeneratedRegex(@"/// <summary>\s*(?:///\s*)?Registers (.*?)</summary>\s*(?:///.*\s*)*public static \w+ AddAriadne", RegexOptions.Singleline)]
    private static partial Regex SummaryPattern();
}
