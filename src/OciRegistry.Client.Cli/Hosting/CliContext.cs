using System.CommandLine;
using OciRegistry.Client.Cli.Options;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>What every verb shares: the console and the global flags, and how a verb's work is run and its failures reported.</summary>
/// <param name="Console">The standard streams.</param>
/// <param name="Globals">The global flags.</param>
internal sealed record CliContext(CliConsole Console, GlobalOptions Globals)
{
    /// <summary>Gets whether <c>--debug</c> was given.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns><see langword="true"/> with <c>--debug</c>.</returns>
    public bool Debug(ParseResult result) => result.GetValue(Globals.Debug);

    /// <summary>Gets the <c>--registries-conf</c> file, if given.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The path, or <see langword="null"/> to look the file up.</returns>
    public string? RegistriesConf(ParseResult result) => result.GetValue(Globals.RegistriesConf);

    /// <summary>Gets the trust policy settings from <c>--policy</c>, <c>--insecure-policy</c> and <c>--registries.d</c>.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The settings.</returns>
    public Trust.TrustPolicyOptions TrustOptions(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Trust.TrustPolicyOptions
        {
            PolicyPath = result.GetValue(Globals.Policy),
            InsecureAcceptAnything = result.GetValue(Globals.InsecurePolicy),
            RegistriesDirectory = result.GetValue(Globals.RegistriesD),
        };
    }

    /// <summary>
    /// Runs a verb's work: applies <c>--command-timeout</c>, and turns any failure into one line on standard error
    /// (<c>ocireg: CONTEXT: MESSAGE</c>) and its exit code (2 for a missing image, 130 when cancelled, else 1).
    /// </summary>
    /// <param name="result">The parse result.</param>
    /// <param name="context">Names what is being done, for the error line; may be computed lazily from the arguments.</param>
    /// <param name="work">The verb's work.</param>
    /// <param name="cancellationToken">Cancelled by SIGINT or SIGTERM.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(ParseResult result, Func<string> context, Func<CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (Globals.Timeout(result) is { } limit)
            {
                timeout.CancelAfter(limit);
            }

            return await work(timeout.Token).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await Console.Error.WriteLineAsync($"ocireg: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"ocireg: {context()}: the command timed out (--command-timeout)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"ocireg: {context()}: cancelled").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The command line reports every failure as one line and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"ocireg: {CliErrors.Describe(context(), e)}").ConfigureAwait(false);
            if (Debug(result))
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return CliErrors.ExitCodeFor(e);
        }
        finally
        {
            await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
