using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Signatures;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust;

/// <summary>
/// The trust policy as a service: reads containers-policy.json and registries.d once (on first use, or when
/// <see cref="Load"/> is called), then judges images — for the copy engine and the syncer as their
/// <see cref="IImageTrustGate"/>, and for a host directly ("is this digest trusted for this reference?"). Register it
/// with <c>builder.AddTrustPolicy()</c>.
/// </summary>
public sealed partial class ImageTrustPolicy : IImageTrustGate
{
    private readonly TrustPolicyOptions _options;
    private readonly ILogger<ImageTrustPolicy> _logger;
    private readonly Lazy<PolicyEvaluator> _evaluator;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Which policy and registries.d to read, and limits.</param>
    /// <param name="loggerFactory">Loggers; <see langword="null"/> for none.</param>
    public ImageTrustPolicy(IOptions<TrustPolicyOptions> options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, null)
    {
    }

    internal ImageTrustPolicy(IOptions<TrustPolicyOptions> options, ILoggerFactory? loggerFactory, Func<TrustContext, RequirementVerifiers>? verifiers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ImageTrustPolicy>();
        var context = new TrustContext(_options, loggerFactory, TimeProvider.System);
        _evaluator = new Lazy<PolicyEvaluator>(
            () => new PolicyEvaluator(LoadPolicy(), RegistriesConfiguration.Load(_options.ResolveRegistriesDirectory()), (verifiers ?? RequirementVerifiers.Create)(context)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets where the policy was read from (a file path, or "insecure policy"); reads it when not yet read.</summary>
    /// <exception cref="TrustPolicyException">The policy file is missing or invalid.</exception>
    /// <exception cref="SignatureStoreException">A registries.d file is invalid.</exception>
    public string PolicySource => _evaluator.Value.Policy.Source;

    /// <summary>Reads the policy and registries.d now, so that their errors surface before any image is judged.</summary>
    /// <exception cref="TrustPolicyException">The policy file is missing or invalid.</exception>
    /// <exception cref="SignatureStoreException">A registries.d file is invalid.</exception>
    public void Load() => _ = _evaluator.Value;

    /// <summary>Judges an image.</summary>
    /// <param name="subject">The image and its resolved manifest.</param>
    /// <param name="cancellationToken">Stops signature downloads and verification.</param>
    /// <returns>The verdict: trusted or not, the scope that applied, the accepted signatures, the reasons.</returns>
    /// <exception cref="TrustPolicyException">The policy cannot be read or used (a key file is missing).</exception>
    /// <exception cref="SignatureStoreException">Signatures cannot be read.</exception>
    public async Task<TrustVerdict> EvaluateAsync(ImageTrustSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var verdict = await _evaluator.Value.EvaluateAsync(subject, cancellationToken).ConfigureAwait(false);
        if (verdict.IsTrusted)
        {
            Log.Trusted(_logger, verdict.Image, verdict.ManifestDigest, verdict.Scope, verdict.Signatures.Count);
        }
        else if (_logger.IsEnabled(LogLevel.Information))
        {
            var reasons = string.Join("; ", verdict.Reasons);
            Log.Rejected(_logger, verdict.Image, verdict.ManifestDigest, verdict.Scope, reasons);
        }

        return verdict;
    }

    /// <summary>Judges the image a location names, read in place.</summary>
    /// <param name="location">The image.</param>
    /// <param name="opener">Opens the location (the one registered by the SDK's packages).</param>
    /// <param name="cancellationToken">Stops reading and verification.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="NotFoundException">The image does not exist.</exception>
    public async Task<TrustVerdict> EvaluateAsync(ImageLocation location, ImageOpener opener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(opener);
        Load();
        var handle = await opener.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        await using (handle.ConfigureAwait(false))
        {
            var manifest = await handle.Source.FetchManifestAsync(handle.Reference, cancellationToken).ConfigureAwait(false);
            return await EvaluateAsync(new ImageTrustSubject(location, handle.Source, handle.Reference, manifest), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Tells whether the manifest <paramref name="digest"/> is trusted as <paramref name="reference"/>: the manifest is
    /// fetched by digest from the reference's repository and judged with the reference (its tag) as the image's identity.
    /// </summary>
    /// <param name="reference">The reference a deployment names, for example <c>registry.example.com/app:1.4</c>.</param>
    /// <param name="digest">The manifest digest about to be deployed.</param>
    /// <param name="opener">Opens the repository.</param>
    /// <param name="cancellationToken">Stops reading and verification.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="NotFoundException">The repository has no such manifest.</exception>
    public async Task<TrustVerdict> EvaluateAsync(ImageReference reference, Digest digest, ImageOpener opener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(opener);
        Load();
        var location = ImageLocation.Registry(reference.WithDefaultTag());
        var handle = await opener.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        await using (handle.ConfigureAwait(false))
        {
            var manifest = await handle.Source.FetchManifestAsync(digest.ToString(), cancellationToken).ConfigureAwait(false);
            return await EvaluateAsync(new ImageTrustSubject(location, handle.Source, digest.ToString(), manifest), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task AdmitAsync(ImageTrustSubject subject, CancellationToken cancellationToken)
    {
        var verdict = await EvaluateAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!verdict.IsTrusted)
        {
            throw new ImageRejectedException(verdict.Image, verdict.Scope, verdict.Reasons);
        }
    }

    private TrustPolicy LoadPolicy() =>
        _options.InsecureAcceptAnything ? TrustPolicy.AcceptAnything : PolicyParser.Load(_options.ResolvePolicyPath());

    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "Image {Image} ({Digest}) trusted under policy scope {Scope} with {Signatures} accepted signature(s)")]
        public static partial void Trusted(ILogger logger, string image, Digest digest, string scope, int signatures);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Image {Image} ({Digest}) rejected under policy scope {Scope}: {Reasons}")]
        public static partial void Rejected(ILogger logger, string image, Digest digest, string scope, string reasons);
    }
}
