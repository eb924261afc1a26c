namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An exclusive lock on a layout's <c>index.json</c> across processes: an OS lock on the file
/// <c>index.json.lock</c> (on Unix .NET takes it with <c>flock</c>, which also excludes other handles of the same
/// process). Acquisition is retried until a bounded wait runs out. The lock file is left in place: deleting it
/// would let two writers each lock a different file.
/// </summary>
internal sealed class LayoutLock : IDisposable
{
    public const string FileName = "index.json.lock";

    private readonly FileStream _file;

    private LayoutLock(FileStream file) => _file = file;

    public static async Task<LayoutLock> AcquireAsync(string layoutDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(layoutDirectory, FileName);
        var deadline = DateTimeOffset.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            try
            {
                return new LayoutLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (IsSharingViolation(e))
            {
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new InvalidImageLayoutException(
                        $"The OCI layout \"{layoutDirectory}\" stayed locked by another writer ({path}) for {timeout.TotalSeconds:0} s; try again when it has finished.", e);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
            }
        }
    }

    /// <summary>
    /// Takes the lock synchronously, for clean-up that runs while a destination is disposed; gives up and returns
    /// <see langword="null"/> when the wait runs out.
    /// </summary>
    /// <param name="layoutDirectory">The layout.</param>
    /// <param name="timeout">How long to wait for another writer.</param>
    /// <returns>The lock, or <see langword="null"/>.</returns>
    public static LayoutLock? TryAcquire(string layoutDirectory, TimeSpan timeout)
    {
        var path = Path.Combine(layoutDirectory, FileName);
        var deadline = DateTimeOffset.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            try
            {
                return new LayoutLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (IsSharingViolation(e) && DateTimeOffset.UtcNow < deadline)
            {
                Thread.Sleep(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public void Dispose() => _file.Dispose();

    // FileNotFound/DirectoryNotFound/PathTooLong are IOExceptions too, and retrying them would not help.
    private static bool IsSharingViolation(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException);
}
