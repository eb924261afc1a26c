using System.Security.Cryptography;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>skopeo as the oracle: it copies between <see cref="Site"/>s, and it reads a place back into <c>dir:</c>,
/// where every blob must hash to its name.</summary>
internal sealed class SkopeoOracle(string scratchDirectory)
{
    private readonly Skopeo _skopeo = Skopeo.Locate();

    public Skopeo Skopeo => _skopeo;

    /// <summary><c>skopeo copy [--all] FROM TO</c>; returns the digest skopeo reports writing.</summary>
    public Task<Digest> CopyAsync(Site from, Site to, bool all = false, params string[] flags) =>
        CopyAsync(from.SkopeoReference, from.IsRegistry, to.SkopeoReference, to.IsRegistry, all, flags);

    private async Task<Digest> CopyAsync(string from, bool fromRegistry, string to, bool toRegistry, bool all, string[] flags)
    {
        var digestFile = Path.Combine(scratchDirectory, $"digest-{Guid.NewGuid():N}");
        List<string> arguments = ["copy", "--quiet", "--digestfile", digestFile, .. flags];
        if (all)
        {
            arguments.Add("--all");
        }

        // The fixture's registry is plain HTTP without auth; never use the machine's own credentials.
        if (fromRegistry)
        {
            arguments.AddRange(["--src-tls-verify=false", "--src-no-creds"]);
        }

        if (toRegistry)
        {
            arguments.AddRange(["--dest-tls-verify=false", "--dest-no-creds"]);
        }

        await _skopeo.RunAsync([.. arguments, from, to]);
        return Digest.Parse((await File.ReadAllTextAsync(digestFile)).Trim());
    }

    /// <summary>
    /// Has skopeo copy <paramref name="site"/> into a new <c>dir:</c> (all instances with <paramref name="all"/>),
    /// checks that every blob and manifest there hashes to its name, and returns the top-level manifest's digest.
    /// </summary>
    public async Task<Digest> ReadBackAsync(Site site, bool all = false)
    {
        var directory = Path.Combine(scratchDirectory, $"read-back-{Guid.NewGuid():N}");
        var digest = await CopyAsync(site.SkopeoReference, site.IsRegistry, $"dir:{directory}", toRegistry: false, all, []);
        var manifest = await File.ReadAllBytesAsync(Path.Combine(directory, "manifest.json"));
        Assert.Equal(digest.Encoded, Convert.ToHexStringLower(SHA256.HashData(manifest)));
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            var hex = name.EndsWith(".manifest.json", StringComparison.Ordinal) ? name[..^".manifest.json".Length] : name;
            if (hex.Length == 64)
            {
                await using var stream = File.OpenRead(file);
                Assert.Equal(hex, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            }
        }

        return digest;
    }
}
