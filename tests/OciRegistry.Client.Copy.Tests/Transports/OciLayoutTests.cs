using System.IO.Pipelines;
using System.Text.Json;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class OciLayoutTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task An_image_round_trips_with_equal_digests()
    {
        var image = TestImage.Single();
        using var layout = new OciLayout(_scratch.Combine("layout"));

        await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");

        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", await File.ReadAllTextAsync(_scratch.Combine("layout/oci-layout")));
        var read = await BlobAssert.ReadsBackAsync(layout, "v1");
        Assert.Equal(image.Manifest.Digest, read.Digest);
        Assert.True(read.Content.Span.SequenceEqual(image.Manifest.Content.Span));
        Assert.Equal(image.Manifest.Digest, (await layout.ResolveAsync("v1")).Digest);
        Assert.Equal(image.Manifest.Digest, (await layout.ResolveAsync("")).Digest);
        Assert.Equal(image.Manifest.Digest, (await layout.ResolveAsync("@0")).Digest);
        Assert.Equal(["v1"], await layout.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task An_index_round_trips_and_only_the_index_is_listed()
    {
        var index = TestImage.Index();
        using var layout = new OciLayout(_scratch.Combine("layout"));

        await EngineCopy.CopyAsync(new MemorySource(index), "", layout, "multi");

        var read = await BlobAssert.ReadsBackAsync(layout, "multi");
        Assert.Equal(index.Manifest.Digest, read.Digest);
        var entry = Assert.Single(await ReadIndexEntriesAsync());
        Assert.Equal(index.Manifest.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal(MediaTypes.OciIndex, entry.GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task An_untagged_destination_lists_the_top_level_manifest_only()
    {
        var index = TestImage.Index();
        await using (var destination = await new FileImageOpener().OpenDestinationAsync(ImageLocation.Parse($"oci:{_scratch.Combine("layout")}")))
        {
            await EngineCopy.CopyAsync(new MemorySource(index), "", destination.Destination, destination.Tag);
        }

        var entry = Assert.Single(await ReadIndexEntriesAsync());
        Assert.Equal(index.Manifest.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.False(entry.TryGetProperty("annotations", out _));
        using var layout = new OciLayout(_scratch.Combine("layout"));
        Assert.Equal(index.Manifest.Digest, (await BlobAssert.ReadsBackAsync(layout, "")).Digest);
    }

    [Fact]
    public async Task Retagging_moves_the_tag_and_keeps_the_old_image_listed_as_skopeo_does()
    {
        var first = TestImage.Single(text: "first\n");
        var second = TestImage.Single(text: "second\n");
        using var layout = new OciLayout(_scratch.Combine("layout"));

        await EngineCopy.CopyAsync(new MemorySource(first), "", layout, "latest");
        await EngineCopy.CopyAsync(new MemorySource(second), "", layout, "latest");

        Assert.Equal(second.Manifest.Digest, (await layout.ResolveAsync("latest")).Digest);
        var entries = await ReadIndexEntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal(first.Manifest.Digest.ToString(), entries[0].GetProperty("digest").GetString());
        Assert.False(entries[0].TryGetProperty("annotations", out _));
        Assert.Equal(["latest"], await layout.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Without_a_tag_a_layout_of_several_images_is_ambiguous()
    {
        using var layout = new OciLayout(_scratch.Combine("layout"));
        await EngineCopy.CopyAsync(new MemorySource(TestImage.Single(text: "a\n")), "", layout, "a");
        await EngineCopy.CopyAsync(new MemorySource(TestImage.Single(text: "b\n")), "", layout, "b");

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => layout.ResolveAsync(""));

        Assert.Contains("holds 2 images", error.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => layout.ResolveAsync("c"));
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => layout.ResolveAsync("@2"));
    }

    [Fact]
    public async Task Two_writers_tagging_into_one_layout_at_once_are_both_listed()
    {
        var path = _scratch.Combine("layout");
        var image = TestImage.Single();
        using var one = new OciLayout(path);
        using var two = new OciLayout(path);
        using var three = new OciLayout(path);

        async Task TagManyAsync(OciLayout layout, string prefix)
        {
            await Task.Yield();
            for (var i = 0; i < 40; i++)
            {
                await EngineCopy.CopyAsync(new MemorySource(image), "", layout, $"{prefix}{i}");
            }
        }

        // Separate instances share no in-process state: only the lock file keeps their updates apart.
        await Task.WhenAll(
            Task.Run(() => TagManyAsync(one, "one-")),
            Task.Run(() => TagManyAsync(two, "two-")),
            Task.Run(() => TagManyAsync(three, "three-")));

        var tags = await one.ListTagsAsync().ToListAsync();
        Assert.Equal(120, tags.Count);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains($"one-{i}", tags));
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains($"two-{i}", tags));
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains($"three-{i}", tags));
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_is_refused_and_leaves_nothing()
    {
        using var layout = new OciLayout(_scratch.Combine("layout"));
        var blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, "expected"u8);

        await Assert.ThrowsAsync<DigestMismatchException>(() => layout.PushBlobAsync(blob, PipeReader.Create(new MemoryStream("tampered"u8.ToArray()))));
        await Assert.ThrowsAsync<DigestMismatchException>(() => layout.PushBlobAsync(blob, PipeReader.Create(new MemoryStream("expected and more"u8.ToArray()))));

        Assert.False(await layout.BlobExistsAsync(blob));
        Assert.Empty(Directory.EnumerateFiles(_scratch.Combine("layout"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_blob_read_from_an_offset_starts_there()
    {
        var image = TestImage.Single();
        using var layout = new OciLayout(_scratch.Combine("layout"));
        await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        var layer = image.Manifest.Image!.Layers[0];

        await using var content = await layout.FetchBlobAsync(layer, 10);
        using var rest = new MemoryStream();
        await content.Stream.CopyToAsync(rest);

        Assert.Equal(10, content.Offset);
        Assert.Equal(layer.Size, content.Size);
        Assert.Equal(image.Blobs[layer.Digest].AsSpan(10).ToArray(), rest.ToArray());
    }

    [Fact]
    public async Task A_blob_that_is_a_symlink_leading_outside_the_layout_is_refused()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("layout");
        using var layout = new OciLayout(path);
        await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        var layer = image.Manifest.Image!.Layers[0];
        var blobPath = Path.Combine(path, "blobs", "sha256", layer.Digest.Encoded);
        var outside = _scratch.Combine("outside");
        File.Move(blobPath, outside);
        File.CreateSymbolicLink(blobPath, outside);

        var error = await Assert.ThrowsAsync<UnsafePathException>(() => layout.FetchBlobAsync(layer));

        Assert.Contains($"blobs/sha256/{layer.Digest.Encoded}", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_layout_is_followed()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("layout");
        using var layout = new OciLayout(path);
        await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        var layer = image.Manifest.Image!.Layers[0];
        var blobPath = Path.Combine(path, "blobs", "sha256", layer.Digest.Encoded);
        File.Move(blobPath, Path.Combine(path, "elsewhere"));
        File.CreateSymbolicLink(blobPath, "../../elsewhere");

        Assert.Equal(image.Blobs[layer.Digest], await BlobAssert.ReadBlobAsync(layout, layer));
    }

    [Fact]
    public async Task A_tag_that_looks_like_an_unknown_digest_is_a_tag()
    {
        using var layout = new OciLayout(_scratch.Combine("layout"));
        var image = TestImage.Single();
        await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "app:two");

        Assert.Equal(image.Manifest.Digest, (await layout.ResolveAsync("app:two")).Digest);
        Assert.Equal(image.Manifest.Digest, (await layout.ResolveAsync(image.Manifest.Digest.ToString())).Digest);
    }

    [Fact]
    public async Task Tags_outside_the_ref_name_grammar_are_refused()
    {
        using var layout = new OciLayout(_scratch.Combine("layout"));
        var image = TestImage.Single();

        await Assert.ThrowsAsync<ArgumentException>(() => layout.PushManifestAsync(image.Manifest, "no spaces"));
    }

    public void Dispose() => _scratch.Dispose();

    private async Task<List<JsonElement>> ReadIndexEntriesAsync()
    {
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(_scratch.Combine("layout/index.json")));
        return [.. document.RootElement.GetProperty("manifests").EnumerateArray().Select(e => e.Clone())];
    }
}
