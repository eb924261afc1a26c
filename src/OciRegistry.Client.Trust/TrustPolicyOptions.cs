namespace OciRegistry.Client.Trust;

/// <summary>
/// Settings of the trust policy: which containers-policy.json to read, where signatures live (a registries.d
/// directory), and limits. Bind it from configuration in Hosting or set it in code with
/// <c>builder.AddTrustPolicy(o => …)</c>.
/// </summary>
public sealed class TrustPolicyOptions
{
    /// <summary>The largest signature read, in bytes (4 MiB, as containers/image); larger ones are refused unread.</summary>
    public const long DefaultMaxSignatureSize = 4 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the policy file. When <see langword="null"/>, <c>$HOME/.config/containers/policy.json</c> is used if
    /// it exists, else <c>/etc/containers/policy.json</c>.
    /// </summary>
    public string? PolicyPath { get; set; }

    /// <summary>
    /// Gets or sets whether every image is accepted without reading any policy (containers' insecure policy). Meant
    /// for tests and migrations; it disables verification entirely.
    /// </summary>
    public bool InsecureAcceptAnything { get; set; }

    /// <summary>
    /// Gets or sets the registries.d directory (YAML files saying where signatures live). When <see langword="null"/>,
    /// <c>$HOME/.config/containers/registries.d</c> is used if it exists, else <c>/etc/containers/registries.d</c>.
    /// </summary>
    public string? RegistriesDirectory { get; set; }

    /// <summary>Gets or sets the largest signature read, in bytes.</summary>
    public long MaxSignatureSize { get; set; } = DefaultMaxSignatureSize;

    /// <summary>Gets or sets the OpenPGP program that verifies and makes simple signatures (GnuPG's <c>gpg</c>, found on <c>PATH</c> by default).</summary>
    public string GpgProgram { get; set; } = "gpg";

    /// <summary>Gets or sets how long one lookaside signature download may take.</summary>
    public TimeSpan SignatureDownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets where sigstore signatures made on copy are stored: cosign's attachment tag <c>sha256-HEX.sig</c>
    /// (<see cref="Sigstore.SigstoreSignatureStorage.AttachmentTag"/>, the default, which containers/image and every
    /// cosign release read) or an OCI 1.1 referrer (<see cref="Sigstore.SigstoreSignatureStorage.Referrer"/>). Verification
    /// reads both whatever this says.
    /// </summary>
    public Sigstore.SigstoreSignatureStorage SigstoreSignatureStorage { get; set; } = Sigstore.SigstoreSignatureStorage.AttachmentTag;

    /// <summary>Lists what is wrong with the options.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PolicyPath is { Length: 0 })
        {
            errors.Add("PolicyPath is empty.");
        }

        if (RegistriesDirectory is { Length: 0 })
        {
            errors.Add("RegistriesDirectory is empty.");
        }

        if (MaxSignatureSize < 1024)
        {
            errors.Add("MaxSignatureSize must be at least 1024 bytes.");
        }

        if (string.IsNullOrWhiteSpace(GpgProgram))
        {
            errors.Add("GpgProgram is empty.");
        }

        if (!Enum.IsDefined(SigstoreSignatureStorage))
        {
            errors.Add($"SigstoreSignatureStorage {SigstoreSignatureStorage} is not one of {string.Join(", ", Enum.GetNames<Sigstore.SigstoreSignatureStorage>())}.");
        }

        if (SignatureDownloadTimeout <= TimeSpan.Zero)
        {
            errors.Add("SignatureDownloadTimeout must be positive.");
        }

        return errors;
    }

    /// <summary>The policy file the options name: <see cref="PolicyPath"/>, else the user's, else the system's.</summary>
    internal string ResolvePolicyPath()
    {
        if (PolicyPath is { } path)
        {
            return path;
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            var user = System.IO.Path.Join(home, ".config", "containers", "policy.json");
            if (File.Exists(user))
            {
                return user;
            }
        }

        return "/etc/containers/policy.json";
    }

    /// <summary>The registries.d directory the options name: <see cref="RegistriesDirectory"/>, else the user's if it exists, else the system's.</summary>
    internal string ResolveRegistriesDirectory()
    {
        if (RegistriesDirectory is { } directory)
        {
            return directory;
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            var user = System.IO.Path.Join(home, ".config", "containers", "registries.d");
            if (Directory.Exists(user))
            {
                return user;
            }
        }

        return "/etc/containers/registries.d";
    }
}
