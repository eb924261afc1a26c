using BenchmarkDotNet.Running;
using OciRegistry.Client.Benchmarks.SyncScale;

namespace OciRegistry.Client.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (<c>--filter '*'</c> runs all of them), or the sync scale
/// measurement (<c>sync-scale</c>, see <see cref="SyncScaleMeasurement"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "sync-scale":
                return await SyncScaleMeasurement.RunAsync(args[1..]).ConfigureAwait(false);
            case "sync-scale-run":
                return await SyncScaleMeasurement.RunOneAsync(args[1..]).ConfigureAwait(false);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
