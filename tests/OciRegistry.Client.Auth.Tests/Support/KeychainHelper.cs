namespace OciRegistry.Client.Auth.Tests.Support;

/// <summary>
/// A real <c>docker-credential-keychain</c> shell script speaking the whole helper protocol (get, store, erase,
/// list) over files in a directory given by <c>KEYCHAIN_DIR</c>, which the test passes through
/// <see cref="RegistryAuthenticationOptions.CredentialHelperEnvironment"/> together with a <c>PATH</c> that finds it.
/// </summary>
internal sealed class KeychainHelper : IDisposable
{
    private const string Script = """
        #!/bin/sh
        dir="$KEYCHAIN_DIR"
        [ -d "$dir" ] || { echo "KEYCHAIN_DIR is not set" >&2; exit 9; }
        field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
        keyof() { printf '%s' "$1" | base64 | tr -d '\n=' | tr '/+' '_-'; }
        case "$1" in
          store)
            input=$(cat)
            server=$(printf '%s' "$input" | field ServerURL)
            case "$server" in fail.test) echo "refusing to store $(printf '%s' "$input" | field Secret)" >&2; exit 4 ;; esac
            printf '%s' "$input" > "$dir/$(keyof "$server")" ;;
          get)
            read -r server
            f="$dir/$(keyof "$server")"
            if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          erase)
            read -r server
            f="$dir/$(keyof "$server")"
            if [ -f "$f" ]; then rm "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          list)
            printf '{'; sep=
            for f in "$dir"/*; do
              [ -f "$f" ] || continue
              printf '%s"%s":"%s"' "$sep" "$(field ServerURL < "$f")" "$(field Username < "$f")"; sep=,
            done
            printf '}' ;;
          *) echo "unknown command $1" >&2; exit 2 ;;
        esac
        """;

    private readonly TempDirectory _dir = new();

    public KeychainHelper()
    {
        Bin = Path.Combine(_dir.Path, "bin");
        Keychain = Path.Combine(_dir.Path, "keychain");
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Keychain);
        var path = Path.Combine(Bin, "docker-credential-keychain");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Bin { get; }

    public string Keychain { get; }

    public string Root => _dir.Path;

    /// <summary>Points the options' helpers at this script and its keychain directory.</summary>
    public RegistryAuthenticationOptions Configure(RegistryAuthenticationOptions options)
    {
        options.CredentialHelperEnvironment["PATH"] = $"{Bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        options.CredentialHelperEnvironment["KEYCHAIN_DIR"] = Keychain;
        return options;
    }

    public int Count => Directory.GetFiles(Keychain).Length;

    public void Dispose() => _dir.Dispose();
}
