using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// What a signing certificate of the user's own PKI (not Fulcio) must satisfy: chain to one of these roots, through
/// these intermediates or those the signature carries, allow code signing, and name this email address, be valid for
/// this hostname, or both. Built from a policy's <c>pki</c> object (<c>caRootsPath</c> or <c>caRootsData</c>,
/// <c>caIntermediatesPath</c> or <c>caIntermediatesData</c>, <c>subjectEmail</c>, <c>subjectHostname</c>).
/// </summary>
public sealed class PkiTrustRoot
{
    private PkiTrustRoot(IReadOnlyList<X509Certificate2> roots, IReadOnlyList<X509Certificate2> intermediates, string? subjectEmail, string? subjectHostname)
    {
        Roots = roots;
        Intermediates = intermediates;
        SubjectEmail = subjectEmail;
        SubjectHostname = subjectHostname;
    }

    /// <summary>Gets the trusted root certificates; only these end a chain.</summary>
    public IReadOnlyList<X509Certificate2> Roots { get; }

    /// <summary>Gets the intermediate certificates offered for building a chain (they are not trusted as roots).</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>Gets the email address the certificate must name, or <see langword="null"/>.</summary>
    public string? SubjectEmail { get; }

    /// <summary>Gets the hostname the certificate must be valid for, or <see langword="null"/>.</summary>
    public string? SubjectHostname { get; }

    /// <summary>Creates a trust root from PEM certificates.</summary>
    /// <param name="rootsPem">One or more PEM <c>CERTIFICATE</c> blocks: the trusted roots.</param>
    /// <param name="intermediatesPem">PEM intermediate certificates, or <see langword="null"/>.</param>
    /// <param name="subjectEmail">The required email address (a subject alternative name), or <see langword="null"/>.</param>
    /// <param name="subjectHostname">The required hostname (a DNS or IP subject alternative name), or <see langword="null"/>.</param>
    /// <param name="source">Names the roots in messages, for example their path.</param>
    /// <param name="intermediatesSource">Names the intermediates in messages; <paramref name="source"/> when <see langword="null"/>.</param>
    /// <returns>The trust root.</returns>
    /// <exception cref="FormatException">No root certificate is found, a block cannot be parsed, the intermediates hold no certificate, or neither an email nor a hostname is given.</exception>
    public static PkiTrustRoot FromPem(string rootsPem, string? intermediatesPem, string? subjectEmail, string? subjectHostname, string source, string? intermediatesSource = null)
    {
        ArgumentNullException.ThrowIfNull(rootsPem);
        ArgumentNullException.ThrowIfNull(source);
        subjectEmail = string.IsNullOrEmpty(subjectEmail) ? null : subjectEmail;
        subjectHostname = string.IsNullOrEmpty(subjectHostname) ? null : subjectHostname;
        if (subjectEmail is null && subjectHostname is null)
        {
            throw new FormatException("a PKI trust root needs a subject email, a subject hostname, or both");
        }

        var roots = FulcioTrustRoot.ReadCertificates(rootsPem, source);
        if (roots.Count == 0)
        {
            throw new FormatException($"{source}: no PEM CERTIFICATE block found in the CA roots");
        }

        var intermediates = new List<X509Certificate2>();
        if (intermediatesPem is not null)
        {
            intermediatesSource ??= source;
            intermediates = FulcioTrustRoot.ReadCertificates(intermediatesPem, intermediatesSource);
            if (intermediates.Count == 0)
            {
                throw new FormatException($"{intermediatesSource}: no PEM CERTIFICATE block found in the CA intermediates");
            }
        }

        return new PkiTrustRoot(roots, intermediates, subjectEmail, subjectHostname);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        (SubjectEmail, SubjectHostname) switch
        {
            ({ } email, { } host) => $"{email}, host {host}",
            ({ } email, null) => email,
            _ => $"host {SubjectHostname}",
        };
}
