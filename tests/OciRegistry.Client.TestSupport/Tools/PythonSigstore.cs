namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>
/// An implementation of cosign's key format and signature check that this project did not write: Debian's python3 with
/// python3-cryptography (ECDSA, PKCS#8) and python3-nacl (secretbox), and the standard library's scrypt. It decrypts
/// ocireg's encrypted keys and verifies ocireg's signatures. Debian's python3 is <c>/usr/bin/python3</c> (another
/// interpreter on PATH may lack the modules); override with <c>OCIREG_PYTHON3_BIN</c>. Passphrases travel in files,
/// never in arguments.
/// </summary>
public sealed class PythonSigstore
{
    public const string OverrideVariable = "OCIREG_PYTHON3_BIN";

    private const string Script = """
        import base64, hashlib, json, sys
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        import nacl.secret

        def decrypt_key(key_path, passphrase_path):
            text = open(key_path).read()
            lines = text.strip().splitlines()
            if lines[0] not in ("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----"):
                raise SystemExit("unexpected PEM type " + lines[0])
            envelope = json.loads(base64.b64decode("".join(lines[1:-1])))
            assert envelope["kdf"]["name"] == "scrypt" and envelope["cipher"]["name"] == "nacl/secretbox"
            params = envelope["kdf"]["params"]
            passphrase = open(passphrase_path, "rb").read()
            key = hashlib.scrypt(passphrase, salt=base64.b64decode(envelope["kdf"]["salt"]), n=params["N"], r=params["r"], p=params["p"], dklen=32, maxmem=512 * 1024 * 1024)
            der = nacl.secret.SecretBox(key).decrypt(base64.b64decode(envelope["ciphertext"]), base64.b64decode(envelope["cipher"]["nonce"]))
            return serialization.load_der_private_key(der, password=None)

        command = sys.argv[1]
        if command == "public-key-of":
            private_key = decrypt_key(sys.argv[2], sys.argv[3])
            assert isinstance(private_key.curve, ec.SECP256R1), private_key.curve.name
            sys.stdout.write(private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())
        elif command == "verify":
            public_key = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
            payload = open(sys.argv[3], "rb").read()
            signature = base64.b64decode(open(sys.argv[4]).read().strip())
            public_key.verify(signature, payload, ec.ECDSA(hashes.SHA256()))
            print("verified")
        else:
            raise SystemExit("unknown command " + command)
        """;

    private readonly ExternalTool _python;

    private PythonSigstore(ExternalTool python) => _python = python;

    /// <summary>Finds Debian's python3 and checks it has the modules, or throws naming the packages to install.</summary>
    public static async Task<PythonSigstore> LocateAsync()
    {
        var path = Environment.GetEnvironmentVariable(OverrideVariable);
        path = string.IsNullOrWhiteSpace(path) ? "/usr/bin/python3" : path;
        if (!File.Exists(path))
        {
            throw new MissingToolException($"{path} does not exist: install python3, python3-cryptography and python3-nacl (apt-get install python3-cryptography python3-nacl) or set {OverrideVariable}.");
        }

        var python = new ExternalTool(path);
        var probe = await python.RunUncheckedAsync(["-c", "import cryptography, nacl"]);
        if (probe.ExitCode != 0)
        {
            throw new MissingToolException($"{path} lacks python3-cryptography or python3-nacl (apt-get install python3-cryptography python3-nacl): {probe.StandardError}");
        }

        return new PythonSigstore(python);
    }

    /// <summary>Decrypts an encrypted sigstore key file and returns its public key as PEM.</summary>
    public async Task<string> PublicKeyOfAsync(string privateKeyPath, string passphrasePath) =>
        (await RunAsync(["public-key-of", privateKeyPath, passphrasePath])).StandardOutput;

    /// <summary>Verifies a base64 ECDSA P-256 SHA-256 signature over a payload; throws when it does not verify.</summary>
    public Task VerifyAsync(string publicKeyPath, string payloadPath, string base64SignaturePath) =>
        RunAsync(["verify", publicKeyPath, payloadPath, base64SignaturePath]);

    private async Task<ToolResult> RunAsync(IReadOnlyList<string> arguments)
    {
        var script = Path.Combine(Path.GetTempPath(), $"ocireg-sigstore-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            return await _python.RunAsync([script, .. arguments], TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
