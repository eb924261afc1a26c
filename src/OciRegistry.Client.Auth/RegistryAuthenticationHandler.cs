using System.Net;
using OciRegistry.Client.Auth.Challenges;
using OciRegistry.Client.Auth.Scopes;
using OciRegistry.Client.Auth.Tokens;
using OciRegistry.Client.Resilience;

namespace OciRegistry.Client.Auth;

/// <summary>
/// Answers a registry's <c>WWW-Authenticate</c> challenges for one registry's HTTP pipeline. Once an origin has
/// challenged, later requests carry credentials up front (Basic, or a bearer token for every scope the request
/// declares through <see cref="RegistryAuthRequestOptions.Scopes"/>), so they cost no 401 round trip. On a 401 it
/// fetches a token for the declared scopes plus the challenge's and resends once; <c>insufficient_scope</c> widens
/// the token and resends once; a rejected or <c>invalid_token</c> token is dropped from the cache and fetched again
/// once. It never loops. A request whose body cannot be sent twice (a stream) is never sent before its credentials
/// are settled: with no known challenge, a bodiless <c>GET /v2/</c> learns it first. All state shared between
/// requests lives in <see cref="RegistryAuthenticator"/>; this handler keeps none. Credentials go only to the
/// registry's own host and port (<see cref="RegistryEndpoint"/>): a request that reaches this handler for any other
/// origin is sent without credentials, and its challenges are not answered.
/// </summary>
internal sealed class RegistryAuthenticationHandler(RegistryAuthenticator authenticator, string registry, bool insecure) : DelegatingHandler
{
    private const int MaxResends = 2;

    private readonly RegistryEndpoint _endpoint = RegistryEndpoint.For(registry);

    /// <summary>Marks an Authorization header this handler set, so a message sent again is handled again rather than taken as the caller's own.</summary>
    private static readonly HttpRequestOptionsKey<bool> SetByHandler = new("OciRegistry.Client.Auth.SetByHandler");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ours = request.Options.TryGetValue(SetByHandler, out var flag) && flag;
        if (request.RequestUri is not { IsAbsoluteUri: true } uri || (request.Headers.Authorization is not null && !ours))
        {
            // The caller brought its own credentials (or the request is not for a registry origin).
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!_endpoint.Contains(uri))
        {
            // Not the registry's origin: nothing of the registry's is sent there, nor asked for on its behalf.
            if (ours)
            {
                request.Headers.Authorization = null;
                request.Options.Set(SetByHandler, false);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var origin = uri.GetLeftPart(UriPartial.Authority);
        var scopes = request.Options.TryGetValue(RegistryAuthRequestOptions.Scopes, out var declared) && declared is not null
            ? RegistryAuthScope.Merge(declared)
            : ScopeInference.Infer(request);
        request.Options.TryGetValue(RegistryAuthRequestOptions.Credential, out var explicitCredential);
        var context = new AuthContext(registry, insecure, origin, uri.Host, explicitCredential);
        var replayable = TransientFailures.CanResend(request);
        HttpSender send = SendInnerAsync;

        var challenge = authenticator.KnownChallenge(origin);
        if (challenge is null && !replayable)
        {
            challenge = await ProbeAsync(request, origin, cancellationToken).ConfigureAwait(false);
        }

        Authorization? sent = null;
        request.Headers.Authorization = null;
        request.Options.Set(SetByHandler, true);
        if (challenge is not null)
        {
            sent = await authenticator.AuthorizeAsync(challenge, context, scopes, send, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = sent?.Header;
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var widened = false;
        var renewed = false;
        for (var resend = 0; resend < MaxResends; resend++)
        {
            var answer = ChallengeOf(response);
            if (answer is null)
            {
                return response;
            }

            authenticator.Remember(origin, answer);
            AuthLog.Challenged(authenticator.Logger, registry, answer.Scheme, answer.Realm is { } realm && Uri.TryCreate(realm, UriKind.Absolute, out var r) ? r.Authority : null);
            var wanted = RegistryAuthScope.Merge([.. scopes, .. answer.Scopes]);
            if (answer.IsInsufficientScope)
            {
                if (widened || (sent is not null && wanted.SequenceEqual(scopes)))
                {
                    // Already widened, or the token already had every scope asked for: the registry denies it.
                    return response;
                }

                widened = true;
                AuthLog.InsufficientScope(authenticator.Logger, registry, string.Join(' ', wanted));
            }
            else if (sent is not null)
            {
                // What was sent was rejected. A cached token may have been revoked or expired early: drop it and
                // try a fresh one, once. Rejected Basic credentials or a raw registry token cannot get better.
                if (renewed || (sent.Token is null && !answer.IsInvalidToken))
                {
                    return response;
                }

                renewed = true;
                AuthLog.TokenRejected(authenticator.Logger, registry, answer.Error ?? "unauthorized");
                authenticator.Reject(sent);
            }

            if (!replayable)
            {
                // The body is gone; the challenge is remembered, so the caller's next attempt carries credentials.
                return response;
            }

            Authorization? next;
            try
            {
                next = await authenticator.AuthorizeAsync(answer, context, wanted, send, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            if (next is null || (sent is not null && !renewed && next.Header.Equals(sent.Header)))
            {
                return response;
            }

            scopes = wanted;
            sent = next;
            response.Dispose();
            request.Headers.Authorization = next.Header;
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>
    /// The challenge to answer: of a 401, or of a 403 that is a bearer <c>insufficient_scope</c> (RFC 6750); Bearer is
    /// preferred over Basic when both are offered.
    /// </summary>
    internal static AuthenticationChallenge? ChallengeOf(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return null;
        }

        var challenges = WwwAuthenticateParser.Parse(response);
        var bearer = challenges.FirstOrDefault(c => c.IsBearer);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return bearer is { IsInsufficientScope: true } ? bearer : null;
        }

        return bearer ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <summary>Learns an origin's challenge with a bodiless <c>GET /v2/</c> before a request that cannot be resent.</summary>
    private async Task<AuthenticationChallenge?> ProbeAsync(HttpRequestMessage request, string origin, CancellationToken cancellationToken)
    {
        if (authenticator.IsOpen(origin))
        {
            return null;
        }

        AuthLog.Probing(authenticator.Logger, registry);
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(origin), "/v2/")) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        using var response = await base.SendAsync(probe, cancellationToken).ConfigureAwait(false);
        var challenge = ChallengeOf(response);
        if (challenge is null)
        {
            authenticator.MarkOpen(origin);
            return null;
        }

        authenticator.Remember(origin, challenge);
        return challenge;
    }
}
