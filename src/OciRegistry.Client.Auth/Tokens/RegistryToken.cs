namespace OciRegistry.Client.Auth.Tokens;

/// <summary>A bearer token from a token server, with when it was obtained and when it expires. Never shown by <see cref="ToString"/>.</summary>
internal sealed record RegistryToken(string AccessToken, DateTimeOffset ObtainedAt, DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt, string? RefreshToken)
{
    public TimeSpan Lifetime => ExpiresAt - ObtainedAt;

    public override string ToString() => $"RegistryToken {{ ObtainedAt = {ObtainedAt:O}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>What to ask a token server for.</summary>
/// <param name="Registry">The registry the token is for (for messages).</param>
/// <param name="Realm">The token endpoint, from the challenge.</param>
/// <param name="Service">The <c>service</c> of the challenge, if any.</param>
/// <param name="Scopes">The scopes, merged and in canonical order.</param>
/// <param name="Credential">The credentials to authenticate with, if any (and if they may be sent to this realm).</param>
/// <param name="RefreshToken">A refresh token from an earlier answer of this realm, if any.</param>
internal sealed record TokenRequest(
    string Registry,
    Uri Realm,
    string? Service,
    IReadOnlyList<RegistryAuthScope> Scopes,
    RegistryCredential? Credential,
    string? RefreshToken)
{
    public override string ToString() => $"TokenRequest {{ Registry = {Registry}, Realm = {Realm.Host}, Scopes = {string.Join(' ', Scopes)} }}";
}
