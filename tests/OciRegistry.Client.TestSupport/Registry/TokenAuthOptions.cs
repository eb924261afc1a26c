namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>
/// The registry's <c>auth: token:</c> section. The caller runs the token server (it must be listening before the
/// registry starts, since the realm goes into the config) and supplies the bundle of certificates whose keys sign
/// the tokens.
/// </summary>
public sealed record TokenAuthOptions(Uri Realm, string Service, string Issuer, string RootCertificateBundlePath);
