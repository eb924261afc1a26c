namespace OciRegistry.Client.Trust.Signing;

/// <summary>
/// Carries one kind of signature (simple signing in a lookaside or a <c>dir:</c> image; sigstore attachments in a
/// registry) from a copy's source to its destination.
/// </summary>
internal interface ISignatureCopier
{
    /// <summary>Gets the kind, for messages: <c>simple-signing</c>, <c>sigstore</c>.</summary>
    string Kind { get; }

    /// <summary>Counts the signatures of this kind the source image has (read before the copy writes anything).</summary>
    Task<int> CountAsync(SignatureSource source, CancellationToken cancellationToken);

    /// <summary>Tells whether the destination can hold signatures of this kind, and if not, why.</summary>
    /// <returns><see langword="null"/> when it can; else the reason, for example "an OCI layout cannot hold simple signatures".</returns>
    string? CannotHold(SignatureDestination destination);

    /// <summary>Copies them; the destination's manifest is already written. Returns how many were copied.</summary>
    Task<int> CopyAsync(SignatureSource source, SignatureDestination destination, CancellationToken cancellationToken);
}
