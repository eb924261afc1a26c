namespace OciRegistry.Client.Trust;

/// <summary>
/// Decides whether an image may be copied, before anything is written to the destination. The copy engine calls it,
/// when one is registered, with the source's resolved top-level manifest; a trust policy implements it.
/// </summary>
public interface IImageTrustGate
{
    /// <summary>Admits the image or refuses it.</summary>
    /// <param name="subject">The image: where it is read from and its resolved manifest.</param>
    /// <param name="cancellationToken">Stops the decision (signature downloads included).</param>
    /// <returns>A task that completes when the image is admitted.</returns>
    /// <exception cref="ImageRejectedException">The policy does not accept the image; the exception says why.</exception>
    Task AdmitAsync(ImageTrustSubject subject, CancellationToken cancellationToken);
}
