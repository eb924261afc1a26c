using System.Text;

namespace OciRegistry.Client.Tests.Digests;

public sealed class DigestTests
{
    // Test vectors: SHA-256 and SHA-512 of "" and of "abc" (FIPS 180-2).
    private const string Sha256Empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Sha256Abc = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string Sha512Abc = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    [Theory]
    [InlineData(Sha256Empty, "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(Sha512Abc, "sha512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", "multihash+base58", "QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8")]
    [InlineData("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", "sha256+b64u", "LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564")]
    [InlineData("blake3:abc=_-", "blake3", "abc=_-")]
    public void Parse_accepts_valid_digests(string text, string algorithm, string encoded)
    {
        var digest = Digest.Parse(text);

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(encoded, digest.Encoded);
        Assert.Equal(text, digest.ToString());
        Assert.True(Digest.TryParse(text, out var again));
        Assert.Equal(digest, again);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("sha256", "no ':'")]
    [InlineData(":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "algorithm before ':' is empty")]
    [InlineData("sha256:", "encoded part after ':' is empty")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "needs 64 hex characters, not 63")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", "needs 64 hex characters, not 65")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "lowercase hex")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "lowercase hex")]
    [InlineData("sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a", "needs 128 hex characters, not 64")]
    [InlineData("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "invalid character 'S'")]
    [InlineData("sha256+:abc", "ends with a separator")]
    [InlineData("+sha256:abc", "invalid character '+'")]
    [InlineData("sha__256:abc", "invalid character '_'")]
    [InlineData("sha256:e3b0c442 98fc", "invalid character ' '")]
    [InlineData("sha256:abc:def", "invalid character ':'")]
    public void Parse_rejects_invalid_digests_saying_why(string text, string reason)
    {
        var error = Assert.Throws<InvalidDigestException>(() => Digest.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(text, error.Digest);
        Assert.False(Digest.TryParse(text, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(Digest.TryParse(null, out _));
    }

    [Fact]
    public void Compute_matches_published_vectors()
    {
        Assert.Equal(Sha256Empty, Digest.Compute([]).ToString());
        Assert.Equal(Sha256Abc, Digest.Compute("abc"u8).ToString());
        Assert.Equal(Sha512Abc, Digest.Compute("abc"u8, Digest.Sha512).ToString());
    }

    [Fact]
    public async Task ComputeAsync_hashes_a_stream_larger_than_its_buffer()
    {
        var content = new byte[1_000_003];
        new Random(42).NextBytes(content);

        var fromStream = await Digest.ComputeAsync(new MemoryStream(content));
        var fromSha512Stream = await Digest.ComputeAsync(new MemoryStream(content), Digest.Sha512);

        Assert.Equal(Digest.Compute(content), fromStream);
        Assert.Equal(Digest.Compute(content, Digest.Sha512), fromSha512Stream);
    }

    [Fact]
    public void Incremental_digest_equals_one_shot_digest_whatever_the_segmenting()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("layer-bytes-", 10_000)));
        using var incremental = IncrementalDigest.Create();
        for (var offset = 0; offset < content.Length; offset += 4097)
        {
            incremental.Append(content.AsSpan(offset, Math.Min(4097, content.Length - offset)));
        }

        Assert.Equal(content.Length, incremental.BytesHashed);
        Assert.Equal(Digest.Compute(content), incremental.Complete());
        Assert.Equal(0, incremental.BytesHashed);
    }

    [Fact]
    public void Verify_accepts_matching_content_and_size()
    {
        using var incremental = IncrementalDigest.For(Digest.Parse(Sha256Abc));
        incremental.Append("abc"u8);

        incremental.Verify(Digest.Parse(Sha256Abc), 3);
    }

    [Fact]
    public void Verify_rejects_truncated_content_even_without_a_size()
    {
        using var incremental = IncrementalDigest.Create();
        incremental.Append("ab"u8);

        var error = Assert.Throws<DigestMismatchException>(() => incremental.Verify(Digest.Parse(Sha256Abc)));

        Assert.Equal(Digest.Parse(Sha256Abc), error.Expected);
        Assert.Equal(Digest.Compute("ab"u8), error.Actual);
        Assert.Equal(2, error.ActualSize);
    }

    [Fact]
    public void Verify_rejects_a_wrong_size_and_names_both_sizes()
    {
        using var incremental = IncrementalDigest.Create();
        incremental.Append("abc"u8);

        var error = Assert.Throws<DigestMismatchException>(() => incremental.Verify(Digest.Parse(Sha256Abc), 4));

        Assert.Contains("3 bytes long, not the 4 bytes expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_rejects_right_size_with_wrong_content()
    {
        using var incremental = IncrementalDigest.Create();
        incremental.Append("abd"u8);

        Assert.Throws<DigestMismatchException>(() => incremental.Verify(Digest.Parse(Sha256Abc), 3));
    }

    [Fact]
    public void Digest_verify_and_matches_work_on_spans()
    {
        var digest = Digest.Parse(Sha512Abc);

        Assert.True(digest.Matches("abc"u8));
        Assert.False(digest.Matches("abd"u8));
        digest.Verify("abc"u8);
        Assert.Throws<DigestMismatchException>(() => digest.Verify("abd"u8));
    }

    [Fact]
    public void Unknown_algorithms_parse_but_cannot_be_verified()
    {
        var digest = Digest.Parse("blake3:0123abcd");

        Assert.False(digest.IsVerifiable);
        Assert.True(Digest.Parse(Sha256Abc).IsVerifiable);
        var error = Assert.Throws<UnsupportedDigestAlgorithmException>(() => digest.Verify("abc"u8));
        Assert.Equal("blake3", error.Algorithm);
        Assert.Contains("only sha256 and sha512", error.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedDigestAlgorithmException>(() => IncrementalDigest.For(digest));
        Assert.Throws<UnsupportedDigestAlgorithmException>(() => Digest.Compute("abc"u8, "md5"));
    }

    [Fact]
    public void Equality_is_by_string_form()
    {
        var a = Digest.Parse(Sha256Abc);
        var b = Digest.Parse(Sha256Abc);

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Digest.Parse(Sha256Empty));
        Assert.False(a == null);
    }
}
