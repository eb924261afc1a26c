namespace OciRegistry.Client.CopyBenchmark;

/// <summary>
/// The benchmark host: <c>generate</c> writes a workload image as an OCI layout; <c>copy</c> copies one image with
/// <see cref="Copy.ImageCopier"/>, as the <c>ocireg copy</c> command will. benchmarks/copy-vs-skopeo.sh drives both.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage:
          OciRegistry.Client.CopyBenchmark generate --output DIR --layers N --layer-size BYTES [--tag TAG] [--seed N]
          OciRegistry.Client.CopyBenchmark generate-repository --registry HOST:PORT --repository NAME [--repositories M] [--tags N] [--base-layers N] [--base-size BYTES] [--unique-size BYTES] [--seed N]
          OciRegistry.Client.CopyBenchmark copy SRC DEST [--insecure-source-registry HOST[:PORT]] [--insecure-destination-registry HOST[:PORT]] [--image-parallel-copies N]
        SRC and DEST in skopeo's syntax: docker://HOST[:PORT]/REPO[:TAG|@DIGEST], oci:PATH[:TAG], oci-archive:…, docker-archive:…, dir:…
        Loopback registries (127.0.0.1, [::1], localhost) are always treated as insecure (plain http allowed).
        """;

    /// <summary>Runs one command.</summary>
    /// <param name="args">The command and its arguments.</param>
    /// <returns>The process exit code: 0 on success, 1 on failure, 2 on bad usage.</returns>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            switch (args[0])
            {
                case "generate":
                    await WorkloadGenerator.RunAsync(args[1..]).ConfigureAwait(false);
                    return 0;
                case "generate-repository":
                    await RepositoryGenerator.RunAsync(args[1..]).ConfigureAwait(false);
                    return 0;
                case "copy":
                    await CopyCommand.RunAsync(args[1..]).ConfigureAwait(false);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is OciRegistryException or IOException)
        {
            await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
