namespace OciRegistry.Client.TestSupport.TokenServer;

/// <summary>One request the token server answered: how it came, for whom, what was asked and what was granted.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="GrantType">For POST: <c>password</c> or <c>refresh_token</c>; for GET: <c>basic</c> or <c>anonymous</c>.</param>
/// <param name="Account">The authenticated account, or <see langword="null"/> when anonymous or refused.</param>
/// <param name="Scopes">The scopes asked, as sent.</param>
/// <param name="Granted">The access granted, as <c>type:name:actions</c>; empty when refused.</param>
/// <param name="StatusCode">The answer's status code.</param>
public sealed record TokenRequestRecord(
    string Method,
    string GrantType,
    string? Account,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Granted,
    int StatusCode)
{
    /// <summary>Whether a scope of this request names the repository.</summary>
    public bool Names(string repository) =>
        Scopes.Any(s => s.StartsWith("repository:", StringComparison.Ordinal)
            && s.LastIndexOf(':') is var colon and > 11
            && string.Equals(s[11..colon], repository, StringComparison.Ordinal));
}
