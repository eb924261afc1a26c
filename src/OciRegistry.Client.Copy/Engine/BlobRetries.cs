namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// The retries one blob has left, shared by everything that tries it again: the engine's whole-blob attempts and the
/// source reads resumed with a range inside an attempt. With <see cref="CopySettings.RetryTimes"/> N, a blob makes
/// at most N + 1 attempts of anything, however its failures fall.
/// </summary>
internal sealed class BlobRetries(int retries)
{
    private int _left = retries;

    /// <summary>Takes one retry; <see langword="false"/> when none is left.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var left = Volatile.Read(ref _left);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _left, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
