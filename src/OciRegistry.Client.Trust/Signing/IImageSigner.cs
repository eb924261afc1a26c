namespace OciRegistry.Client.Trust.Signing;

/// <summary>Makes a new signature of one kind for an image a copy wrote.</summary>
internal interface IImageSigner
{
    /// <summary>Gets the kind, for messages: <c>simple-signing</c>, <c>sigstore</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Checks, before the copy writes anything, that signing will work: the key exists and the passphrase opens it.
    /// A wrong passphrase is a <see cref="SigningException"/> whose message never contains the passphrase.
    /// </summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Tells whether the destination can hold this kind of signature, and if not, why.</summary>
    string? CannotHold(SignatureDestination destination);

    /// <summary>Signs the written manifest for <paramref name="identity"/> and stores the signature beside the image.</summary>
    Task SignAsync(SignatureDestination destination, ImageReference identity, CancellationToken cancellationToken);
}
