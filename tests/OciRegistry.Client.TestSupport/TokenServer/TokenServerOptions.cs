namespace OciRegistry.Client.TestSupport.TokenServer;

/// <summary>How a <see cref="TokenServer"/> runs.</summary>
public sealed record TokenServerOptions
{
    /// <summary>The accounts and what each may do.</summary>
    public IReadOnlyList<TokenAccount> Accounts { get; init; } = [];

    /// <summary>What a request without credentials may do (nothing by default).</summary>
    public IReadOnlyList<TokenGrant> AnonymousGrants { get; init; } = [];

    /// <summary>The <c>service</c> the registry names in its challenge and the tokens' audience.</summary>
    public string Service { get; init; } = "ocireg-test-registry";

    /// <summary>The tokens' issuer, which the registry is configured to trust.</summary>
    public string Issuer { get; init; } = "ocireg-test-token-server";

    /// <summary>The <c>expires_in</c> of issued tokens; also their <c>exp</c> claim. 300 s by default.</summary>
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Answer the OAuth2 POST form; when off, POST gets 404 as from servers that only know GET.</summary>
    public bool SupportsOAuth2 { get; init; } = true;
}
