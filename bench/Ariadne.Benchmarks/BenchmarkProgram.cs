using BenchmarkDotNet.Running;

namespace Ariadne.Benchmarks;

/// <summary>Run by hand: <c>dotnet run -c Release --project bench/Ariadne.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
