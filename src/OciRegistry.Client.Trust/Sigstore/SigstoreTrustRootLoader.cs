using System.Text;
using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// Turns a <c>sigstoreSigned</c> requirement into a <see cref="SigstoreTrustRoot"/>: reads <c>keyPath</c>,
/// <c>keyPaths</c>, <c>keyData</c>, <c>keyDatas</c>, the <c>fulcio</c> CA, the <c>pki</c> roots and intermediates, and
/// the Rekor keys. A file that is missing or
/// holds no usable key makes the policy unusable (<see cref="TrustPolicyException"/>), as containers/image does, so a
/// broken fallback key is found before it is needed.
/// </summary>
internal static class SigstoreTrustRootLoader
{
    public static async Task<SigstoreTrustRoot> LoadAsync(SigstoreSignedRequirement requirement, CancellationToken cancellationToken)
    {
        var rekorKeys = await KeysAsync(
            "Rekor public key",
            requirement.RekorPublicKeyPath,
            requirement.RekorPublicKeyPaths,
            requirement.RekorPublicKeyData,
            requirement.RekorPublicKeyDatas,
            cancellationToken).ConfigureAwait(false);
        foreach (var key in rekorKeys)
        {
            if (!key.IsEcdsa)
            {
                throw new TrustPolicyException($"sigstoreSigned: the Rekor public key {key.Source} is not an ECDSA key");
            }
        }

        if (requirement.Fulcio is { } fulcio)
        {
            var (caPem, caSource) = fulcio.CaPath is { } caPath
                ? (await ReadAsync(caPath, "Fulcio CA", cancellationToken).ConfigureAwait(false), caPath)
                : (Encoding.UTF8.GetString(fulcio.CaData.Span), "fulcio.caData");
            FulcioTrustRoot root;
            try
            {
                root = FulcioTrustRoot.FromPem(caPem, fulcio.OidcIssuer, fulcio.SubjectEmail, caSource);
            }
            catch (FormatException e)
            {
                throw new TrustPolicyException($"sigstoreSigned: {e.Message}", e);
            }

            if (rekorKeys.Count == 0)
            {
                throw new TrustPolicyException("sigstoreSigned: fulcio needs a Rekor public key (rekorPublicKeyPath or rekorPublicKeyData)");
            }

            return SigstoreTrustRoot.ForFulcio(root, rekorKeys);
        }

        if (requirement.Pki is { } pki)
        {
            var (rootsPem, rootsSource) = pki.CaRootsPath is { } rootsPath
                ? (await ReadAsync(rootsPath, "PKI CA roots", cancellationToken).ConfigureAwait(false), rootsPath)
                : (Encoding.UTF8.GetString(pki.CaRootsData.Span), "pki.caRootsData");
            string? intermediatesPem = null;
            var intermediatesSource = "pki.caIntermediatesData";
            if (pki.CaIntermediatesPath is { } intermediatesPath)
            {
                intermediatesPem = await ReadAsync(intermediatesPath, "PKI CA intermediates", cancellationToken).ConfigureAwait(false);
                intermediatesSource = intermediatesPath;
            }
            else if (!pki.CaIntermediatesData.IsEmpty)
            {
                intermediatesPem = Encoding.UTF8.GetString(pki.CaIntermediatesData.Span);
            }

            try
            {
                return SigstoreTrustRoot.ForPki(PkiTrustRoot.FromPem(rootsPem, intermediatesPem, pki.SubjectEmail, pki.SubjectHostname, rootsSource, intermediatesSource));
            }
            catch (FormatException e)
            {
                throw new TrustPolicyException($"sigstoreSigned: {e.Message}", e);
            }
        }

        var keys = await KeysAsync("public key", requirement.KeyPath, requirement.KeyPaths, requirement.KeyData, requirement.KeyDatas, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            throw new TrustPolicyException("sigstoreSigned: none of keyPath, keyPaths, keyData, keyDatas or fulcio gives a key");
        }

        return SigstoreTrustRoot.ForPublicKeys(keys, rekorKeys);
    }

    private static async Task<List<SigstorePublicKey>> KeysAsync(
        string what,
        string? path,
        IReadOnlyList<string> paths,
        ReadOnlyMemory<byte> data,
        IReadOnlyList<ReadOnlyMemory<byte>> datas,
        CancellationToken cancellationToken)
    {
        var keys = new List<SigstorePublicKey>();
        foreach (var file in (path is null ? [] : new[] { path }).Concat(paths))
        {
            keys.Add(Parse(await ReadAsync(file, what, cancellationToken).ConfigureAwait(false), file, what));
        }

        var inline = data.IsEmpty ? datas : [data, .. datas];
        for (var i = 0; i < inline.Count; i++)
        {
            keys.Add(Parse(Encoding.UTF8.GetString(inline[i].Span), $"inline {what} {i + 1}", what));
        }

        return keys;
    }

    private static SigstorePublicKey Parse(string pem, string source, string what)
    {
        try
        {
            return SigstorePublicKey.FromPem(pem, source);
        }
        catch (FormatException e)
        {
            throw new TrustPolicyException($"sigstoreSigned: parsing {what} {e.Message}", e);
        }
    }

    private static async Task<string> ReadAsync(string path, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustPolicyException($"sigstoreSigned: reading {what} {path}: {e.Message}", e);
        }
    }
}
