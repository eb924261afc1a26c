using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Trust.Verification;

/// <summary>What requirement verifiers share: the options, logging and the clock (certificate validity, Rekor times).</summary>
/// <param name="Options">The trust options.</param>
/// <param name="LoggerFactory">Loggers.</param>
/// <param name="Time">The clock.</param>
internal sealed record TrustContext(TrustPolicyOptions Options, ILoggerFactory LoggerFactory, TimeProvider Time);
