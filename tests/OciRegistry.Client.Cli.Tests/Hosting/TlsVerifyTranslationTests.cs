using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync;

namespace OciRegistry.Client.Cli.Tests.Hosting;

/// <summary>
/// <c>--tls-verify=false</c> on the command line and <c>tls-verify: false</c> in a sync file mean what containers/image
/// makes of them: plain HTTP allowed and the certificate not verified.
/// </summary>
public sealed class TlsVerifyTranslationTests
{
    [Fact]
    public void The_flag_and_the_sync_file_give_a_registry_the_same_settings()
    {
        var fromFlag = new OciRegistryClientOptions();
        var fromFile = new OciRegistryClientOptions();

        CliServices.Configure(fromFlag, "registry.test", ImageAccess.Default with { TlsVerify = false });
        SyncSource.ParseYaml("registry.test:\n  tls-verify: false\n  images:\n    app: [v1]\n").ApplyTo(fromFile, null);

        foreach (var host in new[] { fromFlag.For("registry.test"), fromFile.For("registry.test") })
        {
            Assert.True(host.Insecure);
            Assert.True(host.SkipTlsVerify);
        }
    }

    [Fact]
    public void An_image_that_asks_for_verification_leaves_another_images_choice_of_the_same_registry()
    {
        var options = new OciRegistryClientOptions();

        CliServices.Configure(options, "registry.test", ImageAccess.Default with { TlsVerify = false });
        CliServices.Configure(options, "registry.test", ImageAccess.Default with { TlsVerify = true });

        Assert.True(options.For("registry.test").Insecure);
    }
}
