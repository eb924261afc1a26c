namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// <c>signedBy</c>: a simple-signing (OpenPGP) signature by one of the given keys, for the manifest's digest, naming
/// an identity <see cref="SignedIdentity"/> accepts.
/// </summary>
/// <param name="KeyType">The <c>keyType</c>; only <c>GPGKeys</c> is verifiable.</param>
/// <param name="KeyPaths">The key files (<c>keyPath</c> or <c>keyPaths</c>); empty when the keys are given as data.</param>
/// <param name="KeyData">The keys themselves (<c>keyData</c>, base64 in the file), or empty when given as paths.</param>
/// <param name="SignedIdentity">The identities accepted.</param>
internal sealed record SignedByRequirement(
    string KeyType,
    IReadOnlyList<string> KeyPaths,
    ReadOnlyMemory<byte> KeyData,
    SignedIdentity SignedIdentity) : PolicyRequirement
{
    public const string Name = "signedBy";

    public const string GpgKeys = "GPGKeys";

    public override string Type => Name;
}
