using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OciRegistry.Client;

/// <summary>
/// A content digest as the OCI image specification defines it: <c>algorithm ":" encoded</c>, for example
/// <c>sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b</c>.
/// </summary>
/// <remarks>
/// <c>sha256</c> and <c>sha512</c> are validated strictly (lowercase hex of exactly 64 and 128 characters) and can be
/// computed and verified. Any other algorithm that fits the grammar parses, so that such content can be carried
/// along, but asking to compute or verify it throws <see cref="UnsupportedDigestAlgorithmException"/>.
/// </remarks>
public sealed class Digest : IEquatable<Digest>, IParsable<Digest>
{
    /// <summary>The <c>sha256</c> algorithm identifier, the one every registry supports.</summary>
    public const string Sha256 = "sha256";

    /// <summary>The <c>sha512</c> algorithm identifier.</summary>
    public const string Sha512 = "sha512";

    private readonly string _value;

    private Digest(string value, int separator)
    {
        _value = value;
        Algorithm = value[..separator];
        Encoded = value[(separator + 1)..];
    }

    /// <summary>Gets the algorithm part, for example <c>sha256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>Gets the encoded part (the hex string for <c>sha256</c> and <c>sha512</c>).</summary>
    public string Encoded { get; }

    /// <summary>Gets a value indicating whether this digest's algorithm can be computed and verified here.</summary>
    public bool IsVerifiable => IsSupportedAlgorithm(Algorithm);

    /// <summary>Parses a digest string.</summary>
    /// <param name="s">The digest, for example <c>sha256:…</c>.</param>
    /// <returns>The parsed digest.</returns>
    /// <exception cref="InvalidDigestException">The string is not a valid digest; the message says why.</exception>
    public static Digest Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s, out var separator);
        return error is null ? new Digest(s, separator) : throw new InvalidDigestException(s, error);
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The digest string.</param>
    /// <param name="provider">Ignored: digests have one culture-invariant form.</param>
    public static Digest Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses a digest string without throwing.</summary>
    /// <param name="s">The candidate digest.</param>
    /// <param name="result">The digest when the string is valid, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid digest.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [MaybeNullWhen(false)] out Digest result)
    {
        if (s is not null && Validate(s, out var separator) is null)
        {
            result = new Digest(s, separator);
            return true;
        }

        result = null;
        return false;
    }

    /// <inheritdoc cref="TryParse(string?, out Digest)"/>
    /// <param name="s">The candidate digest.</param>
    /// <param name="provider">Ignored: digests have one culture-invariant form.</param>
    /// <param name="result">The digest when the string is valid, otherwise <see langword="null"/>.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Digest result) =>
        TryParse(s, out result);

    /// <summary>Computes the digest of a block of bytes.</summary>
    /// <param name="content">The bytes to hash.</param>
    /// <param name="algorithm"><see cref="Sha256"/> (the default) or <see cref="Sha512"/>.</param>
    /// <returns>The digest of <paramref name="content"/>.</returns>
    public static Digest Compute(ReadOnlySpan<byte> content, string algorithm = Sha256)
    {
        Span<byte> hash = stackalloc byte[64];
        var written = ToHashAlgorithmName(algorithm) == HashAlgorithmName.SHA256
            ? content.Length <= SmallContentSha256.Threshold ? SmallContentSha256.Hash(content, hash) : SHA256.HashData(content, hash)
            : SHA512.HashData(content, hash);
        return FromHash(algorithm, hash[..written]);
    }

    /// <summary>Computes the digest of everything a stream yields from its current position to its end.</summary>
    /// <param name="content">The stream to read.</param>
    /// <param name="algorithm"><see cref="Sha256"/> (the default) or <see cref="Sha512"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest of the stream's content.</returns>
    public static async Task<Digest> ComputeAsync(Stream content, string algorithm = Sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hasher = IncrementalDigest.Create(algorithm);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return hasher.Complete();
    }

    /// <summary>Checks that <paramref name="content"/> hashes to this digest.</summary>
    /// <param name="content">The bytes to check.</param>
    /// <returns><see langword="true"/> when the content matches.</returns>
    /// <exception cref="UnsupportedDigestAlgorithmException">This digest's algorithm cannot be computed here.</exception>
    public bool Matches(ReadOnlySpan<byte> content) => Equals(Compute(content, Algorithm));

    /// <summary>Throws <see cref="DigestMismatchException"/> unless <paramref name="content"/> hashes to this digest.</summary>
    /// <param name="content">The bytes to check.</param>
    /// <exception cref="DigestMismatchException">The content does not match.</exception>
    /// <exception cref="UnsupportedDigestAlgorithmException">This digest's algorithm cannot be computed here.</exception>
    public void Verify(ReadOnlySpan<byte> content)
    {
        var actual = Compute(content, Algorithm);
        if (!Equals(actual))
        {
            throw new DigestMismatchException(this, actual);
        }
    }

    /// <summary>Returns the digest in its string form, <c>algorithm:encoded</c>.</summary>
    /// <returns>The digest string.</returns>
    public override string ToString() => _value;

    /// <inheritdoc/>
    public bool Equals(Digest? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Digest);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two digests for equality.</summary>
    /// <param name="left">The first digest.</param>
    /// <param name="right">The second digest.</param>
    /// <returns><see langword="true"/> when both are null or both have the same string form.</returns>
    public static bool operator ==(Digest? left, Digest? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two digests for inequality.</summary>
    /// <param name="left">The first digest.</param>
    /// <param name="right">The second digest.</param>
    /// <returns><see langword="true"/> when the digests differ.</returns>
    public static bool operator !=(Digest? left, Digest? right) => !(left == right);

    internal static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        new(string.Concat(algorithm, ":", Convert.ToHexStringLower(hash)), algorithm.Length);

    internal static bool IsSupportedAlgorithm(string algorithm) =>
        algorithm is Sha256 or Sha512;

    internal static HashAlgorithmName ToHashAlgorithmName(string algorithm) => algorithm switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha512 => HashAlgorithmName.SHA512,
        _ => throw new UnsupportedDigestAlgorithmException(algorithm),
    };

    // Returns null when valid, otherwise a sentence naming what is wrong.
    private static string? Validate(string s, out int separator)
    {
        separator = s.IndexOf(':', StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return "the digest is empty";
        }

        if (separator < 0)
        {
            return "it has no ':' between the algorithm and the encoded part";
        }

        if (separator == 0)
        {
            return "the algorithm before ':' is empty";
        }

        if (separator == s.Length - 1)
        {
            return "the encoded part after ':' is empty";
        }

        // algorithm := component (separator component)*; component := [a-z0-9]+; separator := [+._-]
        var algorithm = s.AsSpan(0, separator);
        var previousWasSeparator = true;
        for (var i = 0; i < algorithm.Length; i++)
        {
            var c = algorithm[i];
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                previousWasSeparator = false;
            }
            else if (c is '+' or '.' or '_' or '-' && !previousWasSeparator)
            {
                previousWasSeparator = true;
            }
            else
            {
                return $"the algorithm '{algorithm}' has an invalid character '{c}' at position {i}";
            }
        }

        if (previousWasSeparator)
        {
            return $"the algorithm '{algorithm}' ends with a separator";
        }

        var encoded = s.AsSpan(separator + 1);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '=' or '_' or '-'))
            {
                return $"the encoded part has an invalid character '{c}' at position {separator + 1 + i}";
            }
        }

        var expectedLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => 0,
        };
        if (expectedLength != 0)
        {
            if (encoded.Length != expectedLength)
            {
                return $"a {algorithm} digest needs {expectedLength} hex characters, not {encoded.Length}";
            }

            foreach (var c in encoded)
            {
                if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
                {
                    return $"a {algorithm} digest must be lowercase hex, and '{c}' is not";
                }
            }
        }

        return null;
    }
}
