namespace OciRegistry.Client.Trust.Sigstore.Keys;

/// <summary>The scrypt cost parameters of an encrypted key (N, r, p).</summary>
/// <param name="N">The CPU and memory cost.</param>
/// <param name="R">The block size.</param>
/// <param name="P">The parallelism.</param>
internal sealed record ScryptParameters(int N, int R, int P)
{
    /// <summary>Gets the parameters keys were written with before 2023 (N = 2^15).</summary>
    public static ScryptParameters Legacy { get; } = new(32768, 8, 1);

    /// <summary>Gets the parameters cosign writes keys with (N = 2^16).</summary>
    public static ScryptParameters Standard { get; } = new(65536, 8, 1);

    /// <summary>Gets OWASP's recommended parameters (N = 2^17).</summary>
    public static ScryptParameters Owasp { get; } = new(131072, 8, 1);

    /// <summary>
    /// Whether the parameters are one of the three sets cosign writes. Any other set is refused: the parameters are
    /// read from the file before the passphrase is checked, so an altered file could otherwise make the key derivation
    /// take unbounded memory and time.
    /// </summary>
    public bool IsAccepted => this == Legacy || this == Standard || this == Owasp;
}
