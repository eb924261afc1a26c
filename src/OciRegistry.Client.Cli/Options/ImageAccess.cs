namespace OciRegistry.Client.Cli.Options;

/// <summary>How one image on the command line is reached: credentials and TLS settings from its flags.</summary>
/// <param name="Username">From <c>--creds</c> or <c>--username</c>.</param>
/// <param name="Password">From <c>--creds</c> or <c>--password</c> (never printed).</param>
/// <param name="RegistryToken">From <c>--registry-token</c> (never printed).</param>
/// <param name="NoCreds"><c>--no-creds</c>: anonymous access.</param>
/// <param name="AuthFile"><c>--authfile</c>.</param>
/// <param name="CertificateDirectory"><c>--cert-dir</c>.</param>
/// <param name="TlsVerify"><c>--tls-verify</c>; <see langword="null"/> when not given.</param>
internal sealed record ImageAccess(
    string? Username,
    string? Password,
    string? RegistryToken,
    bool NoCreds,
    string? AuthFile,
    string? CertificateDirectory,
    bool? TlsVerify)
{
    /// <summary>Gets the settings of an image given no flags.</summary>
    public static ImageAccess Default { get; } = new(null, null, null, false, null, null, null);

    /// <summary>Keeps secrets out of debug output and exception messages.</summary>
    /// <returns>A description without the password or token.</returns>
    public override string ToString() =>
        $"ImageAccess {{ Username = {Username}, Password = {(Password is null ? "null" : "***")}, RegistryToken = {(RegistryToken is null ? "null" : "***")}, " +
        $"NoCreds = {NoCreds}, AuthFile = {AuthFile}, CertificateDirectory = {CertificateDirectory}, TlsVerify = {TlsVerify} }}";
}
