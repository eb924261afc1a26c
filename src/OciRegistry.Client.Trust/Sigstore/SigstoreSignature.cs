namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// One sigstore signature as cosign stores it: a payload blob of a media type, and the annotations of the layer that
/// holds it (the signature itself, and for keyless signatures the certificate, chain and Rekor bundle). Everything in it
/// is untrusted until <see cref="Verification.SigstoreVerifier"/> has accepted it.
/// </summary>
public sealed class SigstoreSignature
{
    /// <summary>Creates a signature from its parts.</summary>
    /// <param name="mediaType">The payload's media type; <see cref="SigstoreMediaTypes.SimpleSigningPayload"/> for image signatures.</param>
    /// <param name="payload">The payload bytes, exactly as signed.</param>
    /// <param name="annotations">The layer annotations.</param>
    public SigstoreSignature(string mediaType, ReadOnlyMemory<byte> payload, IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(annotations);
        MediaType = mediaType;
        Payload = payload;
        Annotations = annotations;
    }

    /// <summary>Gets the payload's media type.</summary>
    public string MediaType { get; }

    /// <summary>Gets the payload bytes, exactly as signed.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Gets the layer annotations (see <see cref="SigstoreAnnotations"/>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>Gets whether this is an image signature (rather than another kind of cosign attachment).</summary>
    public bool IsImageSignature => MediaType == SigstoreMediaTypes.SimpleSigningPayload;
}
