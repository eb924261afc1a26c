using NSubstitute;
using OciRegistry.Client;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;

namespace Consumer.Tests;

/// <summary>A consumer's unit test of its own code, with the SDK's client and copier substituted.</summary>
public sealed class SubstitutionTests
{
    [Fact]
    public async Task A_consumer_tests_its_release_step_with_a_substituted_copier_and_client()
    {
        // snippet: substitute-client
        var client = Substitute.For<OciRegistryClient>();
        var repository = Substitute.For<RegistryRepository>();
        client.GetRepository("registry.example/app").Returns(repository);
        repository.ListTagsAsync(Arg.Any<CancellationToken>()).Returns(new[] { "1.0", "1.1" }.ToAsyncEnumerable());
        // end snippet
        var copier = Substitute.For<ImageCopier>();

        var released = await new ReleaseStep(client, copier).PromoteLatestAsync("registry.example/app", "mirror.example/app");

        Assert.Equal("1.1", released);
        await copier.Received(1).CopyAsync(
            ImageLocation.Parse("docker://registry.example/app:1.1"),
            ImageLocation.Parse("docker://mirror.example/app:1.1"),
            Arg.Any<CopyOptions?>(),
            Arg.Any<CancellationToken>());
    }

    /// <summary>The consumer's code under test: promotes the highest tag of a repository to a mirror.</summary>
    private sealed class ReleaseStep(OciRegistryClient client, ImageCopier copier)
    {
        public async Task<string> PromoteLatestAsync(string repository, string mirror)
        {
            var tags = await client.GetRepository(repository).ListTagsAsync(CancellationToken.None).ToListAsync();
            var latest = tags.Max(StringComparer.Ordinal)!;
            await copier.CopyAsync(ImageLocation.Parse($"docker://{repository}:{latest}"), ImageLocation.Parse($"docker://{mirror}:{latest}"));
            return latest;
        }
    }
}
