namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>
/// A throw-away GnuPG home holding only the public keys a requirement trusts, so a signature verifies only when one
/// of those keys made it: a signature by any other key finds no public key. Deleted on dispose.
/// </summary>
internal sealed class GpgKeyring : IDisposable
{
    private GpgKeyring(string program, string home, IReadOnlyList<string> fingerprints)
    {
        Program = program;
        Home = home;
        Fingerprints = fingerprints;
    }

    public string Program { get; }

    public string Home { get; }

    /// <summary>The fingerprints of the primary keys imported.</summary>
    public IReadOnlyList<string> Fingerprints { get; }

    public static async Task<GpgKeyring> CreateAsync(string program, IReadOnlyList<string> keyPaths, ReadOnlyMemory<byte> keyData, CancellationToken cancellationToken)
    {
        var home = Directory.CreateTempSubdirectory("ocireg-gpg-");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(home.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var fingerprints = new List<string>();
            var sources = new List<(string Name, byte[] Bytes)>();
            foreach (var path in keyPaths)
            {
                try
                {
                    sources.Add((path, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new TrustPolicyException($"signedBy key {path}: {e.Message}", e);
                }
            }

            if (!keyData.IsEmpty)
            {
                sources.Add(("keyData", keyData.ToArray()));
            }

            foreach (var (name, bytes) in sources)
            {
                var result = await GpgProcess.RunAsync(program, home.FullName, ["--import"], bytes, cancellationToken).ConfigureAwait(false);
                var imported = result.Status
                    .Select(l => l.Split(' '))
                    .Where(w => w.Length >= 3 && w[0] == "IMPORT_OK")
                    .Select(w => w[2])
                    .ToArray();
                if (imported.Length == 0)
                {
                    throw new TrustPolicyException($"signedBy key {name}: no OpenPGP public key could be imported ({result.Explanation})");
                }

                fingerprints.AddRange(imported);
            }

            return new GpgKeyring(program, home.FullName, [.. fingerprints.Distinct(StringComparer.OrdinalIgnoreCase)]);
        }
        catch
        {
            Delete(home.FullName);
            throw;
        }
    }

    /// <summary>Verifies an OpenPGP signed message and returns what it says.</summary>
    public async Task<GpgVerification> VerifyAsync(byte[] signature, CancellationToken cancellationToken)
    {
        var result = await GpgProcess.RunAsync(Program, Home, ["--trust-model", "always", "--decrypt"], signature, cancellationToken).ConfigureAwait(false);
        if (result.StatusOf("VALIDSIG") is { Length: > 0 } valid && result.ExitCode == 0
            && result.StatusOf("EXPKEYSIG") is null && result.StatusOf("REVKEYSIG") is null && result.StatusOf("BADSIG") is null)
        {
            // The last field of VALIDSIG is the primary key's fingerprint; a subkey may have made the signature.
            return new GpgVerification(GpgVerificationStatus.Valid, valid[^1], result.Output, null);
        }

        if (result.StatusOf("NO_PUBKEY") is { Length: > 0 } missing)
        {
            return new GpgVerification(GpgVerificationStatus.UnknownKey, missing[0], [], $"signed by another key ({missing[0]})");
        }

        if (result.StatusOf("EXPKEYSIG") is { Length: > 0 } expired)
        {
            return new GpgVerification(GpgVerificationStatus.Invalid, expired[0], [], $"signed by an expired key ({expired[0]})");
        }

        if (result.StatusOf("REVKEYSIG") is { Length: > 0 } revoked)
        {
            return new GpgVerification(GpgVerificationStatus.Invalid, revoked[0], [], $"signed by a revoked key ({revoked[0]})");
        }

        if (result.StatusOf("BADSIG") is { Length: > 0 } bad)
        {
            return new GpgVerification(GpgVerificationStatus.Invalid, bad[0], [], "the signature does not match its content (tampered)");
        }

        return new GpgVerification(GpgVerificationStatus.Invalid, null, [], $"not a valid OpenPGP signature ({result.Explanation})");
    }

    public void Dispose() => Delete(Home);

    private static void Delete(string home)
    {
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A gpg helper still holding a socket there; the temporary directory is left for the system to clean.
        }
    }
}

/// <summary>How an OpenPGP verification ended.</summary>
internal enum GpgVerificationStatus
{
    Valid,
    UnknownKey,
    Invalid,
}

/// <summary>The outcome of verifying one OpenPGP signed message.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Key">The signing key's fingerprint (valid) or key ID (otherwise), when gpg named one.</param>
/// <param name="Content">The signed content, when valid.</param>
/// <param name="Problem">Why it is not valid.</param>
internal sealed record GpgVerification(GpgVerificationStatus Status, string? Key, byte[] Content, string? Problem);
