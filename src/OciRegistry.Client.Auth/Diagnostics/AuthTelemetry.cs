using System.Diagnostics;
using OciRegistry.Client.Auth.Tokens;
using OciRegistry.Client.Diagnostics;

namespace OciRegistry.Client.Auth.Diagnostics;

/// <summary>
/// The authentication package's spans (names in docs/observability.md): the token server's host, the service and
/// the scopes asked — never credentials, tokens, or the realm's full URL.
/// </summary>
internal static class AuthTelemetry
{
    public static readonly ActivitySource Source = new(OciRegistryDiagnostics.ActivitySourceName, typeof(AuthTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of one token fetch.</summary>
    public static Activity? StartTokenFetch(TokenRequest request, bool usePost)
    {
        var activity = Source.StartActivity("oci.token.fetch", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("oci.registry", request.Registry);
            activity.SetTag("server.address", request.Realm.Host);
            activity.SetTag("oci.auth.service", request.Service);
            activity.SetTag("oci.auth.scope", string.Join(' ', request.Scopes));
            activity.SetTag("oci.auth.grant", usePost ? "oauth2" : "get");
        }

        return activity;
    }
}
