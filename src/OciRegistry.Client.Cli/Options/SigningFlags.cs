using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Cli.Options;

/// <summary>skopeo's signing flags of <c>copy</c>: <c>--sign-by</c>, <c>--sign-passphrase-file</c>, <c>--sign-identity</c>.</summary>
internal sealed class SigningFlags
{
    /// <summary>Gets <c>--sign-by FINGERPRINT</c>: sign the image with this GnuPG key.</summary>
    public Option<string> SignBy { get; } = new("--sign-by") { Description = "Sign the image using a GPG key with the specified FINGERPRINT", HelpName = "FINGERPRINT" };

    /// <summary>Gets <c>--sign-by-sigstore-private-key</c>: sign the image with a cosign private key file.</summary>
    public Option<string> SignBySigstorePrivateKey { get; } = new("--sign-by-sigstore-private-key") { Description = "Sign the image using a sigstore private key at PATH", HelpName = "PATH" };

    /// <summary>Gets <c>--sign-passphrase-file</c>: the first line of the file is the key's passphrase.</summary>
    public Option<string> PassphraseFile { get; } = new("--sign-passphrase-file") { Description = "Read a passphrase for signing an image from PATH", HelpName = "PATH" };

    /// <summary>Gets <c>--sign-identity</c>: the reference signatures name, in place of the destination's.</summary>
    public Option<string> Identity { get; } = new("--sign-identity") { Description = "Identity of signed image, must be a fully specified docker reference. Defaults to the target docker reference.", HelpName = "IDENTITY" };

    /// <summary>Gets <c>--sign-sigstore-storage tag|referrer</c>: where sigstore signatures are written (cosign's <c>.sig</c> tag by default).</summary>
    public Option<string> SigstoreStorage { get; } = new("--sign-sigstore-storage")
    {
        Description = "Where to store sigstore signatures: tag (cosign's sha256-HEX.sig attachment, the default) or referrer (an OCI 1.1 referrer of the image)",
        HelpName = "tag|referrer",
    };

    /// <summary>Adds the flags to a verb.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(SignBy);
        command.Add(SignBySigstorePrivateKey);
        command.Add(PassphraseFile);
        command.Add(Identity);
        command.Add(SigstoreStorage);
    }

    /// <summary>Applies <c>--sign-sigstore-storage</c> to the trust settings the signers read.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="options">The trust settings.</param>
    /// <exception cref="CliUsageException">The value is neither <c>tag</c> nor <c>referrer</c>, or no sigstore key is given.</exception>
    public void Apply(ParseResult result, Trust.TrustPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        if (result.GetValue(SigstoreStorage) is not { } value)
        {
            return;
        }

        if (result.GetValue(SignBySigstorePrivateKey) is null)
        {
            throw new CliUsageException("--sign-sigstore-storage needs a sigstore signing key (--sign-by-sigstore-private-key)");
        }

        options.SigstoreSignatureStorage = value switch
        {
            "tag" => Trust.Sigstore.SigstoreSignatureStorage.AttachmentTag,
            "referrer" => Trust.Sigstore.SigstoreSignatureStorage.Referrer,
            _ => throw new CliUsageException($"unknown --sign-sigstore-storage \"{value}\": choose tag or referrer"),
        };
    }

    /// <summary>Gets whether any signature is asked for.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns><see langword="true"/> with a signing key.</returns>
    public bool Signs(ParseResult result) => result.GetValue(SignBy) is not null || result.GetValue(SignBySigstorePrivateKey) is not null;

    /// <summary>Builds the signers the flags ask for.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="context">The trust context.</param>
    /// <returns>The signers, possibly none.</returns>
    /// <exception cref="CliUsageException">A flag is invalid or the passphrase file cannot be read.</exception>
    public IReadOnlyList<IImageSigner> CreateSigners(ParseResult result, TrustContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var passphrase = ReadPassphrase(result.GetValue(PassphraseFile));
        var signers = new List<IImageSigner>();
        if (result.GetValue(SignBy) is { } fingerprint)
        {
            if (fingerprint.Length == 0)
            {
                throw new CliUsageException("--sign-by needs a key fingerprint");
            }

            signers.Add(new SimpleSigner(context.Options, fingerprint, passphrase, context.Time));
        }

        if (result.GetValue(SignBySigstorePrivateKey) is { } sigstoreKey)
        {
            signers.Add(OciRegistry.Client.Trust.Sigstore.SigstoreSignatures.CreateSigner(sigstoreKey, passphrase, context));
        }

        if (signers.Count == 0 && (result.GetValue(PassphraseFile) is not null || result.GetValue(Identity) is not null))
        {
            throw new CliUsageException("--sign-passphrase-file and --sign-identity need a signing key (--sign-by or --sign-by-sigstore-private-key)");
        }

        return signers;
    }

    /// <summary>Gets <c>--sign-identity</c>, parsed.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The identity, or <see langword="null"/> for the destination's reference.</returns>
    /// <exception cref="CliUsageException">The value is not a reference with a tag or digest.</exception>
    public ImageReference? SignIdentity(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetValue(Identity) is not { } text)
        {
            return null;
        }

        return ImageReference.TryParse(text, out var reference) && (reference.Tag is not null || reference.Digest is not null)
            ? reference
            : throw new CliUsageException($"Could not parse --sign-identity: \"{text}\" is not a fully specified docker reference (with a tag or digest)");
    }

    /// <summary>Reads the first line of a passphrase file, as skopeo does.</summary>
    internal static ReadOnlyMemory<byte> ReadPassphrase(string? path)
    {
        if (path is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"reading the passphrase file {path}: {e.Message}");
        }

        var end = Array.IndexOf(bytes, (byte)'\n');
        var length = end < 0 ? bytes.Length : end;
        if (length > 0 && bytes[length - 1] == (byte)'\r')
        {
            length--;
        }

        return bytes.AsMemory(0, length);
    }
}
