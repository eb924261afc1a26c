using NSubstitute;
using OciRegistry.Client.Content;

namespace OciRegistry.Client.Tests.Locations;

public sealed class ImageOpenerTests
{
    private static readonly ImageLocation Registry = ImageLocation.Parse("docker://localhost:5000/a/b:v1");
    private static readonly ImageLocation Layout = ImageLocation.Parse("oci:/l:v1");

    [Fact]
    public async Task Dispatches_each_location_to_the_opener_of_its_transport()
    {
        var registries = Family(ImageTransport.Registry);
        var files = Family(ImageTransport.OciLayout, ImageTransport.OciArchive, ImageTransport.DockerArchive, ImageTransport.Directory);
        var opener = new ImageOpener([registries, files]);

        await using var registrySource = await opener.OpenSourceAsync(Registry);
        await using var layoutDestination = await opener.OpenDestinationAsync(Layout);

        await registries.Received(1).OpenSourceAsync(Registry, Arg.Any<CancellationToken>());
        await files.Received(1).OpenDestinationAsync(Layout, Arg.Any<CancellationToken>());
        await registries.DidNotReceiveWithAnyArgs().OpenDestinationAsync(default!, default);
        await files.DidNotReceiveWithAnyArgs().OpenSourceAsync(default!, default);
        Assert.Same(Registry, registrySource.Location);
        Assert.Equal("v1", registrySource.Reference);
        Assert.Equal("v1", layoutDestination.Tag);
    }

    [Fact]
    public async Task Passes_the_cancellation_token_on()
    {
        var files = Family(ImageTransport.OciLayout);
        using var cancellation = new CancellationTokenSource();

        await using var source = await new ImageOpener([files]).OpenSourceAsync(Layout, cancellation.Token);

        await files.Received(1).OpenSourceAsync(Layout, cancellation.Token);
    }

    [Fact]
    public async Task Names_the_missing_registration_when_no_opener_handles_the_transport()
    {
        var onlyRegistries = new ImageOpener([Family(ImageTransport.Registry)]);
        var onlyFiles = new ImageOpener([Family(ImageTransport.OciLayout)]);

        var noFiles = await Assert.ThrowsAsync<NotSupportedException>(() => onlyRegistries.OpenSourceAsync(Layout));
        var noRegistries = await Assert.ThrowsAsync<NotSupportedException>(() => onlyFiles.OpenDestinationAsync(Registry));

        Assert.Contains("oci:/l:v1", noFiles.Message, StringComparison.Ordinal);
        Assert.Contains("AddCopyEngine", noFiles.Message, StringComparison.Ordinal);
        Assert.Contains("AddOciRegistryClient", noRegistries.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handle_releases_what_opening_took_once()
    {
        var resources = Substitute.For<IAsyncDisposable>();
        var source = new ImageSourceHandle(Layout, Substitute.For<IImageSource>(), null, resources);
        var destination = new ImageDestinationHandle(Layout, Substitute.For<IImageDestination>(), resources);

        await source.DisposeAsync();
        await source.DisposeAsync();
        await destination.DisposeAsync();
        await destination.DisposeAsync();

        await resources.Received(2).DisposeAsync();
    }

    [Fact]
    public async Task A_handle_that_holds_nothing_disposes_quietly()
    {
        var handle = new ImageSourceHandle(Registry, Substitute.For<IImageSource>(), null, null);

        await handle.DisposeAsync();

        Assert.Null(handle.Tags);
    }

    private static IImageTransportOpener Family(params ImageTransport[] transports)
    {
        var opener = Substitute.For<IImageTransportOpener>();
        opener.CanOpen(Arg.Any<ImageTransport>()).Returns(call => transports.Contains(call.Arg<ImageTransport>()));
        opener.OpenSourceAsync(Arg.Any<ImageLocation>(), Arg.Any<CancellationToken>())
            .Returns(call => new ImageSourceHandle(call.Arg<ImageLocation>(), Substitute.For<IImageSource>(), null, null));
        opener.OpenDestinationAsync(Arg.Any<ImageLocation>(), Arg.Any<CancellationToken>())
            .Returns(call => new ImageDestinationHandle(call.Arg<ImageLocation>(), Substitute.For<IImageDestination>(), null));
        return opener;
    }
}
