using OciRegistry.Client.Copy.Tests.Support;

namespace OciRegistry.Client.Copy.Tests.Engine;

/// <summary>The store-level copy names a whole image reference passed where a tag or digest belongs, before reading anything.</summary>
public sealed class StoreReferenceTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Theory]
    [InlineData("localhost:5000/team/app:1.0")]
    [InlineData("app:1.0")]
    [InlineData("docker://localhost:5000/team/app:1.0")]
    public async Task A_whole_reference_as_the_source_reference_is_named_as_such_not_as_an_invalid_digest(string reference)
    {
        var source = new InMemoryImageStore();
        var destination = new InMemoryImageStore("other");

        var error = await Assert.ThrowsAsync<InvalidReferenceException>(() => _copier.CopyAsync(source, reference, destination, "v1"));

        Assert.Contains("whole image reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid digest", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(source.Operations);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task A_whole_reference_as_the_destination_tag_is_named_as_such()
    {
        var source = new InMemoryImageStore();
        var destination = new InMemoryImageStore("other");

        var error = await Assert.ThrowsAsync<InvalidReferenceException>(() => _copier.CopyAsync(source, "v1", destination, "localhost:5000/other:v1"));

        Assert.Contains("whole image reference", error.Message, StringComparison.Ordinal);
        Assert.Empty(source.Operations);
    }
}
