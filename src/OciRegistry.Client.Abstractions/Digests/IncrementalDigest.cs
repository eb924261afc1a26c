using System.Buffers;
using System.Security.Cryptography;
using OciRegistry.Client.Models;

namespace OciRegistry.Client;

/// <summary>
/// Hashes content as it streams past, in one pass, and yields its <see cref="Digest"/> at the end. Used to verify
/// blobs and manifests while they are read or written rather than in a second pass.
/// </summary>
public sealed class IncrementalDigest : IDisposable
{
    private readonly string _algorithm;
    private readonly HashAlgorithmName _hashAlgorithm;
    private IncrementalHash? _hash;

    // SHA-256 content of a size known to be small is hashed in managed code as it comes, so that a run that only
    // meets small blobs (a sync of small images) never loads OpenSSL.
    private readonly SmallContentSha256? _managed;

    // SHA-256 content of unknown size is held back until it passes SmallContentSha256.Threshold: a manifest or config
    // that ends before that is hashed in managed code without loading OpenSSL; longer content is handed to the
    // platform hash.
    private byte[]? _pending;
    private int _pendingLength;
    private bool _buffering;

    private IncrementalDigest(string algorithm, long? expectedSize = null)
    {
        _algorithm = algorithm;
        _hashAlgorithm = Digest.ToHashAlgorithmName(algorithm);
        if (_hashAlgorithm == HashAlgorithmName.SHA256)
        {
            if (expectedSize <= SmallContentSha256.KnownSizeThreshold)
            {
                _managed = new SmallContentSha256();
            }
            else
            {
                _buffering = true;
            }
        }
    }

    /// <summary>Gets the number of bytes appended so far.</summary>
    public long BytesHashed { get; private set; }

    /// <summary>Starts hashing with the given algorithm.</summary>
    /// <param name="algorithm"><see cref="Digest.Sha256"/> (the default) or <see cref="Digest.Sha512"/>.</param>
    /// <returns>A new incremental digest.</returns>
    /// <exception cref="UnsupportedDigestAlgorithmException">The algorithm cannot be computed here.</exception>
    public static IncrementalDigest Create(string algorithm = Digest.Sha256) => new(algorithm);

    /// <summary>Starts hashing with the algorithm of a digest that the content is expected to match.</summary>
    /// <param name="expected">The digest the content should have.</param>
    /// <returns>A new incremental digest.</returns>
    /// <exception cref="UnsupportedDigestAlgorithmException">The expected digest's algorithm cannot be computed here.</exception>
    public static IncrementalDigest For(Digest expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new(expected.Algorithm);
    }

    /// <summary>
    /// Starts hashing content that is expected to match a descriptor. Its size selects the implementation: content
    /// declared small is hashed without loading the platform's cryptography library. The result does not depend on
    /// the size declared; <see cref="Verify"/> still checks it.
    /// </summary>
    /// <param name="expected">The descriptor (digest and size) the content should match.</param>
    /// <returns>A new incremental digest.</returns>
    /// <exception cref="UnsupportedDigestAlgorithmException">The expected digest's algorithm cannot be computed here.</exception>
    public static IncrementalDigest For(Descriptor expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new(expected.Digest.Algorithm, expected.Size);
    }

    /// <summary>Adds a segment of content.</summary>
    /// <param name="data">The next bytes of the content.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        BytesHashed += data.Length;
        if (_managed is not null)
        {
            _managed.Append(data);
            return;
        }

        if (_buffering)
        {
            if (_pendingLength + data.Length <= SmallContentSha256.Threshold)
            {
                _pending ??= ArrayPool<byte>.Shared.Rent(SmallContentSha256.Threshold);
                data.CopyTo(_pending.AsSpan(_pendingLength));
                _pendingLength += data.Length;
                return;
            }

            _buffering = false;
            if (_pending is { } pending)
            {
                Platform.AppendData(pending.AsSpan(0, _pendingLength));
                _pendingLength = 0;
                _pending = null;
                ArrayPool<byte>.Shared.Return(pending);
            }
        }

        Platform.AppendData(data);
    }

    /// <summary>Finishes hashing and returns the digest of everything appended; the instance starts over afterwards.</summary>
    /// <returns>The digest of the content.</returns>
    public Digest Complete()
    {
        Span<byte> hash = stackalloc byte[64];
        int written;
        if (_managed is not null)
        {
            written = _managed.Complete(hash);
        }
        else if (_buffering)
        {
            written = SmallContentSha256.Hash(_pending.AsSpan(0, _pendingLength), hash);
            _pendingLength = 0;
        }
        else
        {
            written = Platform.GetHashAndReset(hash);
            _buffering = _hashAlgorithm == HashAlgorithmName.SHA256;
        }

        BytesHashed = 0;
        return Digest.FromHash(_algorithm, hash[..written]);
    }

    /// <summary>
    /// Finishes hashing and checks both the length and the digest of the content. The length is checked first and
    /// the digest always, so a truncated stream fails even when its length happens to be right.
    /// </summary>
    /// <param name="expected">The digest the content must have.</param>
    /// <param name="expectedSize">The size the content must have, or <see langword="null"/> when unknown.</param>
    /// <exception cref="DigestMismatchException">The size or the digest differs.</exception>
    public void Verify(Digest expected, long? expectedSize = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var size = BytesHashed;
        var actual = Complete();
        if ((expectedSize is { } s && s != size) || !actual.Equals(expected))
        {
            throw new DigestMismatchException(expected, actual, expectedSize, size);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _hash?.Dispose();
        if (_pending is { } pending)
        {
            _pending = null;
            ArrayPool<byte>.Shared.Return(pending);
        }
    }

    private IncrementalHash Platform => _hash ??= IncrementalHash.CreateHash(_hashAlgorithm);
}
