using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Tools;
using OciRegistry.Client.Trust.Sigstore.Keys;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Trust;

/// <summary><c>ocireg generate-sigstore-key</c>: skopeo's files (PREFIX.private, PREFIX.pub), readable by cosign's format readers.</summary>
public sealed class GenerateSigstoreKeyTests(ITestOutputHelper output) : IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Fact]
    public async Task Writes_an_encrypted_private_key_and_its_public_key_that_an_independent_reader_decrypts()
    {
        var prefix = _ocireg.PathInHome("key");
        Directory.CreateDirectory(Path.GetDirectoryName(prefix)!);
        var passphraseFile = prefix + ".passphrase";
        await File.WriteAllTextAsync(passphraseFile, "first line is the passphrase\nsecond line is not\n");

        var result = await _ocireg.SucceedAsync("generate-sigstore-key", "--output-prefix", prefix, "--passphrase-file", passphraseFile);

        Assert.Equal($"Key written to \"{prefix}.private\" and \"{prefix}.pub\"\n", result.StandardOutput);
        Assert.DoesNotContain("first line", result.ToString(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".private"));
        }

        var privatePem = await File.ReadAllTextAsync(prefix + ".private");
        var publicPem = await File.ReadAllTextAsync(prefix + ".pub");
        Assert.StartsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", privatePem, StringComparison.Ordinal);

        using var key = SigstorePrivateKey.Import(privatePem, "first line is the passphrase"u8, "generated");
        Assert.Equal(publicPem, key.ExportPublicKeyPem());

        var firstLine = prefix + ".first-line";
        await File.WriteAllTextAsync(firstLine, "first line is the passphrase");
        var python = await PythonSigstore.LocateAsync();
        Assert.Equal(publicPem.Trim(), (await python.PublicKeyOfAsync(prefix + ".private", firstLine)).Trim());
    }

    [Fact]
    public async Task Refuses_to_overwrite_an_existing_key_and_leaves_it_as_it_was()
    {
        var prefix = _ocireg.PathInHome("existing");
        Directory.CreateDirectory(Path.GetDirectoryName(prefix)!);
        await File.WriteAllTextAsync(prefix + ".pub", "mine");
        var passphraseFile = prefix + ".passphrase";
        await File.WriteAllTextAsync(passphraseFile, "x");

        var result = await _ocireg.RunAsync("generate-sigstore-key", "--output-prefix", prefix, "--passphrase-file", passphraseFile);

        var line = Expect.FailsWithOneLine(result, 1);
        Assert.Contains($"Refusing to overwrite existing \"{prefix}.pub\"", line, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(prefix + ".pub"));
        Assert.False(File.Exists(prefix + ".private"));
    }

    [Fact]
    public async Task Without_a_passphrase_file_or_a_terminal_it_says_it_cannot_prompt()
    {
        var prefix = _ocireg.PathInHome("prompt");

        var result = await _ocireg.RunAsync(["generate-sigstore-key", "--output-prefix", prefix], standardInput: "piped\n");

        var line = Expect.FailsWithOneLine(result, 1);
        Assert.Contains("standard input is not a TTY", line, StringComparison.Ordinal);
        Assert.False(File.Exists(prefix + ".private"));
    }
}
