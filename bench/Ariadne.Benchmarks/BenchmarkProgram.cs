using BenchmarkDotNet.Running;

namespace Ariadne.Benchmarks;

/// <summary>Run by hand: <c>dotnet run -c Release --project bench/Ariadne.Benchmarks -- --filter '*'</c>; <c>-- linkage-scale …</c> runs <see cref="LinkageScale"/>, <c>-- finance-wcc …</c> <see cref="FinanceScale"/>.</summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "linkage-scale")
        {
            return LinkageScale.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == "finance-wcc")
        {
            return FinanceScale.Run(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
