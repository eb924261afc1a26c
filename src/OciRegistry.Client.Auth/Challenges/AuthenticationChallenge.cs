using System.Collections.Immutable;

namespace OciRegistry.Client.Auth.Challenges;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and either auth parameters (names are
/// case-insensitive; the first occurrence of a name wins) or a token68.
/// </summary>
internal sealed record AuthenticationChallenge(string Scheme, ImmutableDictionary<string, string> Parameters, string? Token68 = null)
{
    public const string BasicScheme = "Basic";
    public const string BearerScheme = "Bearer";

    public bool IsBasic => string.Equals(Scheme, BasicScheme, StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, BearerScheme, StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameter("realm");

    public string? Service => Parameter("service");

    /// <summary>Gets the <c>error</c> parameter (RFC 6750), for example <c>insufficient_scope</c> or <c>invalid_token</c>.</summary>
    public string? Error => Parameter("error");

    public bool IsInsufficientScope => string.Equals(Error, "insufficient_scope", StringComparison.Ordinal);

    public bool IsInvalidToken => string.Equals(Error, "invalid_token", StringComparison.Ordinal);

    /// <summary>Gets the resource scopes of the <c>scope</c> parameter (space-separated); entries that are not scopes are skipped.</summary>
    public IReadOnlyList<RegistryAuthScope> Scopes =>
        Parameter("scope") is { } scope
            ? [.. scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => RegistryAuthScope.TryParse(s, out var parsed) ? parsed : null).OfType<RegistryAuthScope>()]
            : [];

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Names the scheme and realm only; parameters can be echoed back by servers and are not shown.</summary>
    public override string ToString() => Realm is null ? Scheme : $"{Scheme} realm=\"{Realm}\"";
}
