using BenchmarkDotNet.Running;

namespace OciRegistry.Client.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter '*'</c> picks benchmarks from this assembly.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
