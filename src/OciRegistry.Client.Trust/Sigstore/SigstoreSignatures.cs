using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Builds the sigstore parts of signature copying and signing.</summary>
internal static class SigstoreSignatures
{
    /// <summary>The copier of sigstore attachments, or <see langword="null"/> when this build copies none.</summary>
    public static ISignatureCopier? CreateCopier(TrustContext context) => null;
}
