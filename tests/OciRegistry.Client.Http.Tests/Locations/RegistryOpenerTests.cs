namespace OciRegistry.Client.Http.Tests.Locations;

public sealed class RegistryOpenerTests : IDisposable
{
    private readonly OciRegistryClient _client = OciRegistryClient.Create();

    private IImageTransportOpener Opener => _client;

    [Theory]
    [InlineData(ImageTransport.Registry, true)]
    [InlineData(ImageTransport.OciLayout, false)]
    [InlineData(ImageTransport.Directory, false)]
    public void Opens_registry_locations_only(ImageTransport transport, bool opens) =>
        Assert.Equal(opens, Opener.CanOpen(transport));

    [Fact]
    public async Task A_source_is_the_repository_opened_for_pull_with_its_tag_listing()
    {
        var location = ImageLocation.Parse("docker://registry.test/team/app");

        await using var handle = await Opener.OpenSourceAsync(location);

        var repository = Assert.IsType<RegistryRepository>(handle.Source);
        Assert.Equal(RepositoryAccess.Pull, repository.Access);
        Assert.Equal("registry.test/team/app", repository.Name);
        Assert.Same(repository, handle.Tags);
        Assert.Equal("latest", handle.Reference);
    }

    [Theory]
    [InlineData("docker://registry.test/team/app:v1", "v1")]
    [InlineData("docker://registry.test/team/app", "latest")]
    [InlineData("docker://registry.test/team/app@sha256:0000000000000000000000000000000000000000000000000000000000000000", null)]
    public async Task A_destination_is_the_repository_opened_for_pull_and_push(string text, string? tag)
    {
        await using var handle = await Opener.OpenDestinationAsync(ImageLocation.Parse(text));

        var repository = Assert.IsType<RegistryRepository>(handle.Destination);
        Assert.Equal(RepositoryAccess.PullPush, repository.Access);
        Assert.Equal(tag, handle.Tag);
    }

    [Fact]
    public async Task An_on_disk_location_is_refused()
    {
        var layout = ImageLocation.Parse("oci:/tmp/layout:v1");

        await Assert.ThrowsAsync<ArgumentException>(() => Opener.OpenSourceAsync(layout));
        await Assert.ThrowsAsync<ArgumentException>(() => Opener.OpenDestinationAsync(layout));
    }

    [Fact]
    public async Task The_composed_opener_sends_registry_locations_to_the_client()
    {
        var opener = new ImageOpener([_client]);

        await using var handle = await opener.OpenDestinationAsync(ImageLocation.Parse("docker://registry.test/team/app:v1"));

        Assert.Equal(RepositoryAccess.PullPush, Assert.IsType<RegistryRepository>(handle.Destination).Access);
    }

    public void Dispose() => _client.Dispose();
}
