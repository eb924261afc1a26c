using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Tests.Digests;

// The managed SHA-256 against the NIST example vectors (FIPS 180-4's SHA-256 examples) and against the platform's
// SHA256.HashData (OpenSSL here) on random content of every length that exercises the padding.
public sealed class SmallContentSha256Tests
{
    public static TheoryData<string, string> NistVectors => new()
    {
        { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
        {
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        },
    };

    [Theory]
    [MemberData(nameof(NistVectors))]
    public void Hashes_the_nist_example_messages(string message, string expectedHex)
    {
        Assert.Equal(expectedHex, Hex(Encoding.ASCII.GetBytes(message)));
    }

    [Fact]
    public void Hashes_a_million_a_as_the_nist_long_message_vector()
    {
        var message = new byte[1_000_000];
        message.AsSpan().Fill((byte)'a');

        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(message));
    }

    [Fact]
    public void Equals_the_platform_hash_for_every_length_across_three_blocks()
    {
        var random = new Random(180_4);
        for (var length = 0; length <= 3 * 64 + 1; length++)
        {
            var content = new byte[length];
            random.NextBytes(content);

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), Hex(content));
        }
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(4_095)]
    [InlineData(4_096)]
    [InlineData(4_097)]
    [InlineData(SmallContentSha256.Threshold - 9)]
    [InlineData(SmallContentSha256.Threshold - 1)]
    [InlineData(SmallContentSha256.Threshold)]
    [InlineData(SmallContentSha256.Threshold + 55)]
    public void Equals_the_platform_hash_for_larger_content(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), Hex(content));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1_000)]
    public void Streams_in_any_chunking_to_the_one_shot_hash_and_starts_over(int chunk)
    {
        var content = new byte[3_000];
        new Random(chunk).NextBytes(content);
        var sha256 = new SmallContentSha256();
        var hash = new byte[SmallContentSha256.HashSize];

        for (var round = 0; round < 2; round++)
        {
            for (var offset = 0; offset < content.Length; offset += chunk)
            {
                sha256.Append(content.AsSpan(offset, Math.Min(chunk, content.Length - offset)));
            }

            Assert.Equal(SmallContentSha256.HashSize, sha256.Complete(hash));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), Convert.ToHexStringLower(hash));
        }
    }

    [Fact]
    public void Refuses_a_destination_shorter_than_a_hash()
    {
        var destination = new byte[SmallContentSha256.HashSize - 1];

        Assert.Throws<ArgumentOutOfRangeException>(() => SmallContentSha256.Hash("abc"u8, destination));
    }

    private static string Hex(byte[] content)
    {
        var hash = new byte[SmallContentSha256.HashSize];
        Assert.Equal(SmallContentSha256.HashSize, SmallContentSha256.Hash(content, hash));
        return Convert.ToHexStringLower(hash);
    }
}
