using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Options;

/// <summary>The flags of <c>copy</c> and the skopeo rules that combine them into <see cref="CopyOptions"/>.</summary>
internal sealed class CopyFlags
{
    /// <summary>
    /// The artifact types of signature referrers, which <c>--remove-signatures</c> leaves behind with <c>--referrers</c>:
    /// cosign's (a <c>.sig</c> tag or a referrer) and Notation's.
    /// </summary>
    public static IReadOnlyList<string> SignatureArtifactTypes { get; } =
        [global::OciRegistry.Client.Referrers.ReferrerTags.CosignArtifactType(global::OciRegistry.Client.Referrers.ReferrerTags.CosignSignatureSuffix), "application/vnd.cncf.notary.signature"];

    /// <summary>Gets <c>--all</c>/<c>-a</c>.</summary>
    public Option<bool> All { get; } = BooleanOption.Create("--all", "Copy all images if SOURCE-IMAGE is a list", "-a");

    /// <summary>Gets <c>--multi-arch</c>.</summary>
    public Option<string> MultiArch { get; } = new("--multi-arch") { Description = "How to handle multi-architecture images (system, all, or index-only)", HelpName = "string" };

    /// <summary>Gets <c>--preserve-digests</c>.</summary>
    public Option<bool> PreserveDigests { get; } = BooleanOption.Create("--preserve-digests", "Preserve digests of images and lists");

    /// <summary>Gets <c>--format</c>/<c>-f</c>.</summary>
    public Option<string> Format { get; } = new("--format", "-f") { Description = "MANIFEST TYPE (oci, v2s2) to use in the destination (default is manifest type of source)", HelpName = "string" };

    /// <summary>Gets <c>--digestfile</c>.</summary>
    public Option<string> DigestFile { get; } = new("--digestfile") { Description = "Write the digest of the pushed image to the specified file", HelpName = "string" };

    /// <summary>Gets <c>--quiet</c>/<c>-q</c>.</summary>
    public Option<bool> Quiet { get; } = BooleanOption.Create("--quiet", "Suppress output information when copying images", "-q");

    /// <summary>Gets <c>--retry-times</c>.</summary>
    public Option<int?> RetryTimes { get; } = new("--retry-times") { Description = "the number of times to possibly retry", HelpName = "int" };

    /// <summary>Gets <c>--retry-delay</c>.</summary>
    public Option<string> RetryDelay { get; } = new("--retry-delay") { Description = "Fixed delay between retries (default: exponential backoff from 1s)", HelpName = "duration" };

    /// <summary>Gets <c>--image-parallel-copies</c>.</summary>
    public Option<int?> ParallelCopies { get; } = new("--image-parallel-copies") { Description = "Maximum number of image layers to be copied (pulled/pushed) simultaneously", HelpName = "uint" };

    /// <summary>Gets <c>--platform</c> (beyond skopeo).</summary>
    public Option<string[]> Platform { get; } = new("--platform") { Description = "copy only these platforms of an index, under a new index: os/arch[/variant][,...]", HelpName = "os/arch[/variant]" };

    /// <summary>Gets <c>--remove-signatures</c>: do not copy the source's signatures.</summary>
    public Option<bool> RemoveSignatures { get; } = BooleanOption.Create("--remove-signatures", "Do not copy signatures from SOURCE-IMAGE");

    /// <summary>Gets <c>--referrers</c> (beyond skopeo).</summary>
    public Option<bool> Referrers { get; } = BooleanOption.Create("--referrers", "Also copy the referrers of the image (signatures, SBOMs, attestations) and theirs, where its digest is kept");

    /// <summary>Gets <c>--referrers-artifact-type</c> (beyond skopeo).</summary>
    public Option<string[]> ReferrerArtifactTypes { get; } = new("--referrers-artifact-type") { Description = "with --referrers, copy only referrers of this artifact type (repeatable)", HelpName = "type" };

    /// <summary>Gets the unprefixed <c>--authfile</c>, shared by source and destination.</summary>
    public Option<string> AuthFile { get; } = new("--authfile") { Description = "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json", HelpName = "string" };

    /// <summary>Gets the <c>--src-*</c> flags.</summary>
    public ImageOptions Source { get; } = new("src-");

    /// <summary>Gets the <c>--dest-*</c> flags.</summary>
    public ImageOptions Destination { get; } = new("dest-");

    /// <summary>Adds the flags to the verb.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(All);
        command.Add(MultiArch);
        command.Add(PreserveDigests);
        command.Add(Format);
        command.Add(DigestFile);
        command.Add(Quiet);
        command.Add(RetryTimes);
        command.Add(RetryDelay);
        command.Add(ParallelCopies);
        command.Add(Platform);
        command.Add(RemoveSignatures);
        command.Add(Referrers);
        command.Add(ReferrerArtifactTypes);
        command.Add(AuthFile);
        Source.AddTo(command);
        Destination.AddTo(command);
    }

    /// <summary>Reads the flags as skopeo does (same conflicts, same messages).</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="context">The console and global flags.</param>
    /// <returns>The copy request.</returns>
    /// <exception cref="CliUsageException">The flags contradict each other or a value is invalid.</exception>
    public CopyRequest Read(ParseResult result, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var options = new CopyOptions
        {
            SystemPlatform = context.Globals.SystemPlatform(result),
            PreserveDigests = result.GetValue(PreserveDigests),
        };

        var multiArch = result.GetValue(MultiArch);
        if (result.GetValue(All))
        {
            if (multiArch is not null)
            {
                throw new CliUsageException("Cannot use --all and --multi-arch flags together");
            }

            options.MultiArch = MultiArchMode.All;
        }
        else if (multiArch is not null)
        {
            options.MultiArch = ParseMultiArch(multiArch);
        }

        var platforms = PlatformList.Parse(result.GetValue(Platform) ?? []);
        if (platforms.Count > 0)
        {
            if (multiArch is not null && options.MultiArch != MultiArchMode.All)
            {
                throw new CliUsageException($"Cannot use --platform with --multi-arch {multiArch}: --platform copies a subset of all instances");
            }

            options.MultiArch = MultiArchMode.All;
            foreach (var platform in platforms)
            {
                options.Platforms.Add(platform);
            }
        }

        if (result.GetValue(Format) is { } format)
        {
            options.Format = ParseFormat(format);
        }

        var retryTimes = result.GetValue(RetryTimes);
        if (retryTimes is { } retries)
        {
            if (retries < 0)
            {
                throw new CliUsageException($"invalid argument \"{retries}\" for \"--retry-times\" flag: must not be negative");
            }

            options.RetryTimes = retries;
        }

        if (result.GetValue(RetryDelay) is { } delay)
        {
            options.RetryDelay = GoDuration.Parse(delay, "--retry-delay");
        }

        if (result.GetValue(ParallelCopies) is { } parallel)
        {
            if (parallel < 0)
            {
                throw new CliUsageException($"invalid argument \"{parallel}\" for \"--image-parallel-copies\" flag: must not be negative");
            }

            // skopeo: 0 means the default.
            if (parallel > 0)
            {
                options.MaxConcurrentBlobs = parallel;
            }
        }

        options.CopyReferrers = result.GetValue(Referrers);
        foreach (var type in result.GetValue(ReferrerArtifactTypes) ?? [])
        {
            if (!options.CopyReferrers)
            {
                throw new CliUsageException("--referrers-artifact-type selects the referrers to copy: use it with --referrers");
            }

            options.ReferrerArtifactTypes.Add(type);
        }

        // --remove-signatures means no signatures, also among the referrers --referrers copies.
        if (options.CopyReferrers && result.GetValue(RemoveSignatures))
        {
            foreach (var type in SignatureArtifactTypes)
            {
                options.ExcludedReferrerArtifactTypes.Add(type);
            }
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException(string.Join("; ", problems));
        }

        var sharedAuthFile = result.GetValue(AuthFile);
        return new CopyRequest(
            options,
            Source.Read(result, context.Console, sharedAuthFile),
            Destination.Read(result, context.Console, sharedAuthFile),
            result.GetValue(DigestFile),
            result.GetValue(Quiet),
            retryTimes);
    }

    /// <summary>Parses <c>--multi-arch</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The mode.</returns>
    internal static MultiArchMode ParseMultiArch(string value) => value switch
    {
        "system" => MultiArchMode.System,
        "all" => MultiArchMode.All,
        "index-only" => MultiArchMode.IndexOnly,
        _ => throw new CliUsageException($"unknown multi-arch option \"{value}\". Choose one of the supported options: 'system', 'all', or 'index-only'"),
    };

    /// <summary>Parses <c>--format</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The format.</returns>
    internal static ManifestFormat ParseFormat(string value) => value switch
    {
        "oci" => ManifestFormat.Oci,
        "v2s2" => ManifestFormat.DockerV2S2,
        "v2s1" => throw new CliUsageException("the manifest format v2s1 (Docker schema 1) is not supported by ocireg: use oci or v2s2"),
        _ => throw new CliUsageException($"unknown format \"{value}\". Choose one of the supported formats: 'oci', 'v2s1', or 'v2s2'"),
    };
}

/// <summary>A parsed <c>copy</c> command line.</summary>
/// <param name="Options">The engine's options.</param>
/// <param name="SourceAccess">The source's access flags.</param>
/// <param name="DestinationAccess">The destination's access flags.</param>
/// <param name="DigestFile"><c>--digestfile</c>.</param>
/// <param name="Quiet"><c>--quiet</c>.</param>
/// <param name="RetryTimes"><c>--retry-times</c>, also used for the registry client's request retries.</param>
internal sealed record CopyRequest(CopyOptions Options, ImageAccess SourceAccess, ImageAccess DestinationAccess, string? DigestFile, bool Quiet, int? RetryTimes);
