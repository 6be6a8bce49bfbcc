namespace Ariadne.Tests.Architecture;

/// <summary>
/// Guards the module boundaries of docs/architecture.md on the compiled assemblies: no cycle between the modules of
/// Core or of the executable (the data context is the one hub every module may meet at), no module using another's
/// internal types, and the shared vocabulary (<c>Common</c>) depending on no module.
/// </summary>
public sealed class ModuleBoundaryTests
{
    internal const string CorePrefix = "Ariadne.Core";
    internal const string WebPrefix = "Ariadne";

    /// <summary>
    /// The hubs left out of the cycle check. <c>Data</c>: the EF Core context lists every module's entities and every
    /// module queries through it. The composition roots (<see cref="ModuleGraph.Root"/>) call every module's registration.
    /// </summary>
    internal static readonly IReadOnlySet<string> CoreHubs = new HashSet<string>(StringComparer.Ordinal) { "Data", ModuleGraph.Root };

    /// <summary>In the executable: <c>Web</c> composes the modules' endpoints and pages; <c>Cli</c> composes the commands.</summary>
    internal static readonly IReadOnlySet<string> WebHubs = new HashSet<string>(StringComparer.Ordinal) { "Web", "Cli", "Pages", "Localization", ModuleGraph.Root };

    internal static ModuleGraph Core() => ModuleGraph.Read(typeof(global::Ariadne.Core.Data.AppDbContext).Assembly.Location, CorePrefix);

    internal static ModuleGraph Web() => ModuleGraph.Read(typeof(global::Ariadne.Web.AriadneWebApp).Assembly.Location, WebPrefix);

    [Fact]
    public void CoreModules_FormNoCycle()
    {
        var cycles = ModuleGraph.Cycles(Core().Edges, CoreHubs);
        Assert.True(cycles.Count == 0, Describe(Core(), cycles));
    }

    [Fact]
    public void WebModules_FormNoCycle()
    {
        var graph = Web();
        // Pages are grouped by feature under Pages/<Feature>; they count as that feature.
        var edges = graph.References
            .Select(r => (From: PageFeature(r.FromType) ?? r.FromModule, To: PageFeature(r.ToType) ?? r.ToModule))
            .Where(e => e.From != e.To);
        var cycles = ModuleGraph.Cycles(edges, WebHubs);
        Assert.True(cycles.Count == 0, Describe(graph, cycles));
    }

    [Fact]
    public void CoreModules_UseOnlyEachOthersPublicTypes()
    {
        var inside = Core().References.Where(r => !r.ToIsPublic && !CoreHubs.Contains(r.FromModule)).ToList();
        Assert.True(inside.Count == 0, "Modules reach into another module's internal types:\n" +
            string.Join("\n", inside.Select(r => $"  {r.FromType} ({r.FromModule}) → {r.ToType} ({r.ToModule})")));
    }

    [Fact]
    public void Common_DependsOnNoModule()
    {
        var uses = Core().References.Where(r => r.FromModule == "Common").ToList();
        Assert.True(uses.Count == 0, "Common uses " + string.Join(", ", uses.Select(r => r.ToType)));
    }

    [Fact]
    public void Checks_FindACycleAndAnInternalUse()
    {
        // Two sample modules in this test assembly use each other, one through an internal type: both checks must fail.
        var graph = ModuleGraph.Read(typeof(ModuleBoundaryTests).Assembly.Location, "Ariadne.Tests.Architecture.Samples.Modules");
        Assert.Equal(["Alpha", "Beta"], graph.Modules.Order(StringComparer.Ordinal));
        var cycle = Assert.Single(ModuleGraph.Cycles(graph.Edges, new HashSet<string>()));
        Assert.Equal(["Alpha", "Beta"], cycle);
        var hidden = Assert.Single(graph.References, r => !r.ToIsPublic);
        Assert.Equal("Ariadne.Tests.Architecture.Samples.Modules.Beta.BetaHelper", hidden.ToType);
        // Leaving a module out as a hub breaks the cycle.
        Assert.Empty(ModuleGraph.Cycles(graph.Edges, new HashSet<string> { "Beta" }));
    }

    [Fact]
    public void Cycles_FindsEachStronglyConnectedComponent()
    {
        (string, string)[] edges = [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"), ("E", "D"), ("F", "A")];
        var cycles = ModuleGraph.Cycles(edges, new HashSet<string>());
        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.SequenceEqual(["A", "B", "C"]));
        Assert.Contains(cycles, c => c.SequenceEqual(["D", "E"]));
    }

    [Theory]
    [InlineData("Ariadne.Core", "(root)")]
    [InlineData("Ariadne.Core.Cases", "Cases")]
    [InlineData("Ariadne.Core.Referral.National", "Referral")]
    [InlineData("Ariadne.CoreX", null)]
    [InlineData("System.Linq", null)]
    public void ModuleOf_IsTheFirstSegmentAfterThePrefix(string ns, string? module) =>
        Assert.Equal(module, ModuleGraph.ModuleOf(ns, "Ariadne.Core"));

    /// <summary>
    /// <c>Ariadne.Pages.Cases.X</c> → <c>Cases</c>: a page belongs to the feature of its folder, or to the feature it is
    /// named after (<c>Pages/Account/Tokens</c> is the Tokens feature's page, kept under /Account for its address).
    /// </summary>
    internal static string? PageFeature(string typeName)
    {
        if (!typeName.StartsWith("Ariadne.Pages.", StringComparison.Ordinal) || typeName.Split('.') is not { Length: > 3 } parts)
        {
            return null;
        }
        var page = parts[3].Split('/', '`')[0];
        var named = page.EndsWith("Model", StringComparison.Ordinal) ? page[..^"Model".Length] : page;
        return Features.Contains(named) ? named : parts[2];
    }

    /// <summary>The features of the executable that have pages elsewhere than in their own folder.</summary>
    private static readonly HashSet<string> Features = new(StringComparer.Ordinal) { "Tokens" };

    private static string Describe(ModuleGraph graph, IReadOnlyList<IReadOnlyList<string>> cycles) =>
        "Module cycles:\n" + string.Join("\n", cycles.Select(c =>
            "  " + string.Join(" ↔ ", c) + "\n" + string.Join("\n", graph.References
                .Where(r => c.Contains(r.FromModule) && c.Contains(r.ToModule))
                .Select(r => $"    {r.FromType} → {r.ToType}")
                .Distinct()
                .Take(40))));
}
