using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Cli.IntegrationTests.Trust;

/// <summary>
/// Two throw-away OpenPGP keys in one temporary GNUPGHOME, each with a passphrase: <see cref="Trusted"/>, whose public
/// key policies trust, and <see cref="Other"/>, which they do not.
/// </summary>
public sealed class SigningKeys : IAsyncLifetime
{
    public const string Passphrase = "test passphrase, never printed";

    public GnuPgHome Home { get; private set; } = null!;

    public string Trusted { get; private set; } = null!;

    public string Other { get; private set; } = null!;

    /// <summary>A key no test unlocks with its passphrase, so gpg-agent has no cached passphrase for it.</summary>
    public string Locked { get; private set; } = null!;

    /// <summary>The trusted key's public key file.</summary>
    public string TrustedPublicKey { get; private set; } = null!;

    /// <summary>A file whose first line is <see cref="Passphrase"/>.</summary>
    public string PassphraseFile { get; private set; } = null!;

    /// <summary>A file holding a wrong passphrase.</summary>
    public string WrongPassphraseFile { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Home = GnuPgHome.Create();
        Trusted = await Home.GenerateKeyAsync("Trusted Signer <trusted@example.com>", Passphrase);
        Other = await Home.GenerateKeyAsync("Other Signer <other@example.com>", Passphrase);
        Locked = await Home.GenerateKeyAsync("Locked Signer <locked@example.com>", Passphrase);
        // Key generation may leave passphrases in gpg-agent's cache; a fresh agent starts without any.
        await Home.RunAsync("gpgconf", ["--kill", "gpg-agent"]);
        TrustedPublicKey = await Home.ExportPublicKeyAsync(Trusted, Path.Combine(Home.Directory, "trusted.gpg"));
        PassphraseFile = Path.Combine(Home.Directory, "passphrase");
        await File.WriteAllTextAsync(PassphraseFile, Passphrase + "\n");
        WrongPassphraseFile = Path.Combine(Home.Directory, "wrong-passphrase");
        await File.WriteAllTextAsync(WrongPassphraseFile, "not the passphrase\n");
    }

    public Task DisposeAsync()
    {
        Home?.Dispose();
        return Task.CompletedTask;
    }
}
