using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Tests.Digests;

// Content up to 64 KiB is hashed by the managed SHA-256 and longer content by the platform's (OpenSSL here); the
// platform's SHA256.HashData is the oracle for both sides of that line and for the switch between them.
public sealed class IncrementalDigestTests
{
    private const int Threshold = 64 * 1024;

    public static TheoryData<int, int> SizesAndChunks => new()
    {
        { 0, 1 },
        { 1, 1 },
        { 55, 7 },
        { 56, 56 },
        { 64, 64 },
        { 4_096, 1_000 },
        { Threshold - 1, 4_096 },
        { Threshold, 4_096 },
        { Threshold, Threshold },
        { Threshold + 1, 4_096 },
        { Threshold + 1, Threshold + 1 },
        { Threshold - 10, 20 },
        { 300_000, 65_537 },
        { 1_000_000, 81_920 },
    };

    [Theory]
    [MemberData(nameof(SizesAndChunks))]
    public void Sha256_equals_the_platform_hash_for_any_size_and_chunking(int size, int chunk)
    {
        var content = Content(size);
        using var digest = IncrementalDigest.Create();

        for (var offset = 0; offset < size; offset += chunk)
        {
            digest.Append(content.AsSpan(offset, Math.Min(chunk, size - offset)));
        }

        Assert.Equal(size, digest.BytesHashed);
        Assert.Equal(Expected(content), digest.Complete().ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Threshold - 1)]
    [InlineData(Threshold)]
    [InlineData(Threshold + 1)]
    [InlineData(200_000)]
    public void Compute_equals_the_platform_hash_on_both_sides_of_the_threshold(int size)
    {
        var content = Content(size);

        Assert.Equal(Expected(content), Digest.Compute(content).ToString());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4_096, 4_096)]
    [InlineData(1_048_576, 1_048_576)]
    [InlineData(1_048_577, 1_048_577)]
    [InlineData(1_000, 2_000_000)]
    [InlineData(2_000_000, 1_000)]
    public void For_a_descriptor_equals_the_platform_hash_whatever_size_it_declares(int declared, int actual)
    {
        var content = Content(actual);
        var expected = Digest.Parse(Expected(content));
        var descriptor = new OciRegistry.Client.Models.Descriptor { MediaType = "application/octet-stream", Digest = expected, Size = declared };
        using var digest = IncrementalDigest.For(descriptor);

        for (var offset = 0; offset < actual; offset += 65_537)
        {
            digest.Append(content.AsSpan(offset, Math.Min(65_537, actual - offset)));
        }

        Assert.Equal(expected, digest.Complete());
        digest.Append("abc"u8);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.Complete().ToString());
    }

    [Fact]
    public void Sha256_of_abc_is_the_fips_180_vector()
    {
        using var digest = IncrementalDigest.Create();
        digest.Append("a"u8);
        digest.Append("bc"u8);

        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.Complete().ToString());
    }

    [Fact]
    public void Starts_over_after_complete_whichever_hash_finished_the_content()
    {
        var large = Content(Threshold + 100);
        var small = Encoding.UTF8.GetBytes("{\"schemaVersion\":2}");
        using var digest = IncrementalDigest.Create();

        digest.Append(large);
        Assert.Equal(Expected(large), digest.Complete().ToString());
        digest.Append(small);
        Assert.Equal(Expected(small), digest.Complete().ToString());
        digest.Append(large.AsSpan(0, 10));
        digest.Append(large.AsSpan(10));
        Assert.Equal(Expected(large), digest.Complete().ToString());
        Assert.Equal(0, digest.BytesHashed);
    }

    [Fact]
    public void Verify_fails_for_content_that_differs_in_its_last_byte_past_the_threshold()
    {
        var content = Content(Threshold + 1);
        var expected = Digest.Parse(Expected(content));
        content[^1] ^= 0xff;
        using var digest = IncrementalDigest.For(expected);
        digest.Append(content);

        var error = Assert.Throws<DigestMismatchException>(() => digest.Verify(expected, content.Length));

        Assert.Equal(expected, error.Expected);
    }

    [Fact]
    public void Sha512_is_unaffected()
    {
        var content = Content(1_000);
        using var digest = IncrementalDigest.Create(Digest.Sha512);
        digest.Append(content);

        Assert.Equal("sha512:" + Convert.ToHexStringLower(SHA512.HashData(content)), digest.Complete().ToString());
    }

    private static byte[] Content(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }

    private static string Expected(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
