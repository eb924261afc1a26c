using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// The <c>docker-credential-*</c> helpers by name, one instance each, found on the <c>PATH</c> and run with the
/// variables of <see cref="RegistryAuthenticationOptions.CredentialHelperEnvironment"/> over the process environment.
/// </summary>
internal sealed class CredentialHelpers
{
    private readonly ConcurrentDictionary<string, CredentialHelper> _helpers = new(StringComparer.Ordinal);
    private readonly IEnvironmentVariables _environment;
    private readonly IProcessRunner _runner;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public CredentialHelpers(RegistryAuthenticationOptions options, IEnvironmentVariables environment, IProcessRunner runner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _environment = options.CredentialHelperEnvironment.Count == 0
            ? environment
            : new OverlaidEnvironmentVariables(environment, new Dictionary<string, string>(options.CredentialHelperEnvironment, StringComparer.Ordinal));
        _runner = runner;
        _timeout = options.CredentialHelperTimeout;
        _logger = logger;
    }

    public CredentialHelper Get(string name) =>
        _helpers.GetOrAdd(name, static (n, self) => new CredentialHelper(n, self._environment, self._runner, self._timeout, self._logger), this);
}
