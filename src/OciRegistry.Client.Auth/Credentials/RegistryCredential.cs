namespace OciRegistry.Client.Auth;

/// <summary>
/// Credentials for one registry: a username and password, an identity token (an OAuth2 refresh token, as
/// <c>docker login</c> stores for some registries), or a registry token sent as it is (<c>Authorization: Bearer …</c>).
/// <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed record RegistryCredential
{
    private RegistryCredential(string? username, string? password, string? identityToken, string? registryToken)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        RegistryToken = registryToken;
    }

    /// <summary>Gets the username (with <see cref="Password"/>, or the account an identity token belongs to).</summary>
    public string? Username { get; }

    /// <summary>Gets the password.</summary>
    public string? Password { get; }

    /// <summary>Gets the identity token: an OAuth2 refresh token exchanged for access tokens at the realm.</summary>
    public string? IdentityToken { get; }

    /// <summary>Gets a registry token sent as it is as a bearer token, without a token exchange.</summary>
    public string? RegistryToken { get; }

    /// <summary>Gets a value indicating whether this is a username and password.</summary>
    public bool IsUsernamePassword => Password is not null;

    /// <summary>Creates a username-and-password credential.</summary>
    /// <param name="username">The username.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credential.</returns>
    public static RegistryCredential FromUsernamePassword(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new RegistryCredential(username, password, null, null);
    }

    /// <summary>Creates an identity-token (refresh token) credential.</summary>
    /// <param name="identityToken">The identity token.</param>
    /// <param name="username">The account it belongs to, if known.</param>
    /// <returns>The credential.</returns>
    public static RegistryCredential FromIdentityToken(string identityToken, string? username = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityToken);
        return new RegistryCredential(username, null, identityToken, null);
    }

    /// <summary>Creates a credential that is a registry token, sent as it is.</summary>
    /// <param name="registryToken">The bearer token.</param>
    /// <returns>The credential.</returns>
    public static RegistryCredential FromRegistryToken(string registryToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryToken);
        return new RegistryCredential(null, null, null, registryToken);
    }

    /// <summary>Describes the kind of credential and the username, never a secret.</summary>
    /// <returns>For example <c>RegistryCredential { Username = alice, Password = *** }</c>.</returns>
    public override string ToString()
    {
        if (RegistryToken is not null)
        {
            return "RegistryCredential { RegistryToken = *** }";
        }

        var secret = IdentityToken is not null ? "IdentityToken" : "Password";
        return $"RegistryCredential {{ Username = {Username}, {secret} = *** }}";
    }
}
