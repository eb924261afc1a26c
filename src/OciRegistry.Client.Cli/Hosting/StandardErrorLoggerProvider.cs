using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// Writes the SDK's log messages to standard error, one line each: warnings always, request traces with
/// <c>--debug</c>. The SDK's messages carry no credentials, tokens or signed URLs; this writer adds nothing but the level.
/// </summary>
/// <param name="error">Standard error.</param>
internal sealed class StandardErrorLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var name = level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            LogLevel.Error => "error",
            _ => "fatal",
        };
        lock (_gate)
        {
            error.WriteLine(exception is null || level < LogLevel.Warning
                ? $"ocireg: {name}: {message}"
                : $"ocireg: {name}: {message}: {exception.Message.ReplaceLineEndings(" ")}");
        }
    }

    private sealed class Logger(StandardErrorLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Write(logLevel, formatter(state, exception), exception);
        }
    }
}
