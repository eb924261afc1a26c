using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Builds the sigstore parts of signature copying and signing.</summary>
internal static class SigstoreSignatures
{
    /// <summary>The copier of sigstore attachments.</summary>
    public static ISignatureCopier? CreateCopier(TrustContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SigstoreAttachmentCopier(context.Options);
    }

    /// <summary>
    /// A signer with a cosign private key file, opened with <paramref name="passphrase"/> (UTF-8 bytes), storing
    /// signatures as <see cref="TrustPolicyOptions.SigstoreSignatureStorage"/> says.
    /// </summary>
    public static IImageSigner CreateSigner(string privateKeyPath, ReadOnlyMemory<byte> passphrase, TrustContext context)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPath);
        ArgumentNullException.ThrowIfNull(context);
        return new SigstoreSigner(privateKeyPath, passphrase, context.Options.SigstoreSignatureStorage, context.Time);
    }
}
