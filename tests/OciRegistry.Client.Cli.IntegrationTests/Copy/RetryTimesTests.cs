using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Faults;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>
/// <c>--retry-times N</c> means at most N + 1 attempts of anything: a blob GET answered 503 forever is sent N + 1
/// times, not N + 1 times by the copy for each of N + 1 times by the HTTP client.
/// </summary>
public sealed class RetryTimesTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IAsyncLifetime
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private FaultProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = FaultProxy.Start(fixture.Registry);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task A_blob_GET_answered_503_forever_is_sent_retry_times_plus_one_times(int retryTimes)
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.Status(503), times: 1000);
        var layout = _ocireg.PathInHome("retry-layout");

        // One blob at a time, so the first blob's failure ends the copy before another blob starts.
        var result = await _ocireg.RunAsync(
            "copy", "--src-tls-verify=false", "--retry-times", $"{retryTimes}", "--retry-delay", "10ms", "--image-parallel-copies", "1",
            $"docker://{_proxy.Host}/{fixture.Sample.Repository}:v1", $"oci:{layout}:v1");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("503", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(retryTimes + 1, _proxy.RequestsMatching(RequestMatch.BlobGet).Count);
    }
}
