using System.Net;
using OciRegistry.Client.Resilience;

namespace OciRegistry.Client.Tests.Resilience;

public sealed class TransientFailuresTests
{
    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData((HttpStatusCode)520, true)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    [InlineData(HttpStatusCode.HttpVersionNotSupported, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void A_status_is_transient_when_another_attempt_may_get_another_answer(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(status));

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new HttpRequestException("reset"), true },
        { new IOException("cut"), true },
        { new TimeoutException(), true },
        { new OperationCanceledException(), true },
        { new HttpRequestException("no", null, HttpStatusCode.Forbidden), false },
        { new OciRegistryException("503", new RegistryErrorDetails(RegistryOperation.FetchBlob, "r", HttpStatusCode.ServiceUnavailable)), true },
        { new OciRegistryException("404", new RegistryErrorDetails(RegistryOperation.FetchBlob, "r", HttpStatusCode.NotFound), new IOException()), false },
        { new OciRegistryException("body cut after 200", new RegistryErrorDetails(RegistryOperation.FetchManifest, "r", HttpStatusCode.OK), new IOException()), true },
        { new OciRegistryException("wrapped", new HttpRequestException("reset")), true },
        { new OciRegistryException("refused"), false },
        { new TooManyRequestsException("slow down"), true },
        { new DigestMismatchException("bad bytes"), false },
        { new InvalidOperationException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_transient_by_its_kind_status_or_cause(Exception failure, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(failure, CancellationToken.None));

    [Fact]
    public void Nothing_is_transient_once_the_caller_has_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.False(TransientFailures.IsTransient(new HttpRequestException("reset"), cancellation.Token));
        Assert.False(TransientFailures.IsTransient(new OperationCanceledException(cancellation.Token), cancellation.Token));
    }

    [Fact]
    public void Requests_without_a_body_or_with_one_in_memory_can_be_resent_and_streams_cannot()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/");
        using var bytes = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/") { Content = new ByteArrayContent([1]) };
        using var form = new HttpRequestMessage(HttpMethod.Post, "https://auth.test/token") { Content = new FormUrlEncodedContent([]) };
        using var memory = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/") { Content = new ReadOnlyMemoryContent(new byte[1]) };
        using var stream = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/") { Content = new StreamContent(new MemoryStream([1])) };

        Assert.True(TransientFailures.CanResend(get));
        Assert.True(TransientFailures.CanResend(bytes));
        Assert.True(TransientFailures.CanResend(form));
        Assert.True(TransientFailures.CanResend(memory));
        Assert.False(TransientFailures.CanResend(stream));
    }
}
