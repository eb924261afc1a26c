namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>A sigstore signature was not accepted; <see cref="Reason"/> says which check refused it.</summary>
public sealed class SigstoreSignatureRejectedException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Which check refused the signature.</param>
    /// <param name="message">What was wrong, in words a user can act on.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SigstoreSignatureRejectedException(SigstoreRejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public SigstoreSignatureRejectedException(string message)
        : base(message)
    {
        Reason = SigstoreRejectionReason.SignatureInvalid;
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public SigstoreSignatureRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = SigstoreRejectionReason.SignatureInvalid;
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public SigstoreSignatureRejectedException()
    {
        Reason = SigstoreRejectionReason.SignatureInvalid;
    }

    /// <summary>Gets which check refused the signature.</summary>
    public SigstoreRejectionReason Reason { get; }
}
