namespace OciRegistry.Client.Sync.Tests;

public sealed class SyncShardTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/3", 2, 3)]
    public void Parses_k_of_n(string text, int index, int count)
    {
        var shard = SyncShard.Parse(text);

        Assert.Equal((index, count), (shard.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1/0")]
    [InlineData("-1/3")]
    [InlineData("1")]
    [InlineData("/3")]
    [InlineData("a/b")]
    public void Refuses_what_is_not_a_shard(string text) =>
        Assert.Throws<FormatException>(() => SyncShard.Parse(text));

    [Fact]
    public void Every_reference_belongs_to_exactly_one_of_n_shards()
    {
        var shards = Enumerable.Range(0, 3).Select(k => new SyncShard(k, 3)).ToArray();
        var references = Enumerable.Range(0, 300).Select(i => $"docker://registry.example/team/app:v{i}").ToArray();

        foreach (var reference in references)
        {
            Assert.Single(shards, s => s.Contains(reference));
        }

        // Each shard gets a fair part, not all of it.
        Assert.All(shards, s => Assert.InRange(references.Count(s.Contains), 60, 140));
    }

    [Fact]
    public void The_hash_is_the_first_eight_bytes_of_sha256_so_it_is_stable_everywhere()
    {
        // sha256("docker://registry.example/app:1.0") starts with these bytes; a change of the scheme would move
        // images between shards of a running multi-process sync.
        var hash = System.Security.Cryptography.SHA256.HashData("docker://registry.example/app:1.0"u8);
        var expected = (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 7);

        Assert.Equal(expected, SyncShard.Of("docker://registry.example/app:1.0", 7));
        Assert.True(new SyncShard(expected, 7).Contains("docker://registry.example/app:1.0"));
    }
}
