using BenchmarkDotNet.Running;

namespace OciRegistry.Client.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (<c>--filter '*'</c> runs all of them).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
