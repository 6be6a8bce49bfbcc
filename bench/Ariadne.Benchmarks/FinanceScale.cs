using System.Diagnostics;
using System.Globalization;
using Ariadne.Analytics.Finance;

namespace Ariadne.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Ariadne.Benchmarks -- finance-wcc [VERTICES] [EDGES] [SEED]</c>: weakly
/// connected components on a random directed graph (default 2,000,000 vertices, 10,000,000 edges, seed 1) with the
/// product's union-find, 1 warm-up and 3 timed runs; then networkx 3.x (<c>python3</c>) on the same edge list in the
/// same run (build and WCC timed apart) and the ratio of the WCC times. Target: ≤ 0.5 s for 10 million edges.
/// </summary>
public static class FinanceScale
{
    public static int Run(string[] args)
    {
        var vertices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        var edges = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var random = new Random(seed);
        var source = new int[edges];
        var target = new int[edges];
        for (var e = 0; e < edges; e++)
        {
            source[e] = random.Next(vertices);
            target[e] = random.Next(vertices);
        }
        var times = new List<double>();
        var components = 0;
        for (var run = 0; run < 4; run++)
        {
            var clock = Stopwatch.StartNew();
            (_, components) = GraphAlgorithms.WeaklyConnectedComponents(vertices, source, target);
            if (run > 0)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C# union-find WCC: {vertices} vertices, {edges} edges, {components} components; runs {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))} s; median {times[1]:F3} s"));

        var file = Path.Combine(Path.GetTempPath(), $"ariadne-wcc-{vertices}-{edges}-{seed}.txt");
        using (var writer = new StreamWriter(file))
        {
            for (var e = 0; e < edges; e++)
            {
                writer.Write(source[e]);
                writer.Write(' ');
                writer.WriteLine(target[e]);
            }
        }
        const string Script = """
            import sys, time, networkx as nx
            path, n = sys.argv[1], int(sys.argv[2])
            t0 = time.perf_counter()
            g = nx.DiGraph()
            g.add_nodes_from(range(n))
            with open(path) as f:
                g.add_edges_from((int(a), int(b)) for a, b in (line.split() for line in f))
            t1 = time.perf_counter()
            k = sum(1 for _ in nx.weakly_connected_components(g))
            t2 = time.perf_counter()
            print(f"{nx.__version__} {k} {t1 - t0:.3f} {t2 - t1:.3f}")
            """;
        var python = Process.Start(new ProcessStartInfo("python3", ["-c", Script, file, vertices.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        var line = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        File.Delete(file);
        var parts = line.Split(' ');
        if (python.ExitCode != 0 || parts.Length != 4)
        {
            Console.WriteLine($"networkx failed (exit {python.ExitCode}): {line}");
            return 1;
        }
        var wcc = double.Parse(parts[3], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"networkx {parts[0]} WCC: {parts[1]} components; build {parts[2]} s, WCC {wcc:F3} s; ratio networkx / C# = {wcc / times[1]:F1}"));
        return 0;
    }
}
