using OciRegistry.Client.Http;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// Decides whether a sync may start copying one more image from a source registry: not when the pull budget the
/// registry last announced, less one pull for each copy already under way from it and one for this image, would be
/// below the minimum. Once it says no, it says no to every later image, so the images left are the ones never started.
/// </summary>
/// <remarks>
/// A copy costs at least one manifest GET (an index one more per instance), so the count of copies in flight is a
/// floor of what they will spend; the next answer's <c>RateLimit-Remaining</c> corrects it. Before any manifest GET
/// the budget is unknown and the image is taken: the first answer tells.
/// </remarks>
internal sealed class PullBudgetGuard(OciRegistryClient client, long minimum)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _stopped;

    /// <summary>Gets whether the budget ran low: no further image is started.</summary>
    public bool Stopped => _stopped;

    /// <summary>Takes a pull for an image from <paramref name="registry"/>, or refuses it and stops; call <see cref="Return"/> after a taken copy.</summary>
    public bool TryTake(string registry)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            var running = _inFlight.GetValueOrDefault(registry);
            if (client.GetPullBudget(registry) is { } budget && budget.Remaining - running - 1 < minimum)
            {
                _stopped = true;
                return false;
            }

            _inFlight[registry] = running + 1;
            return true;
        }
    }

    /// <summary>Ends a taken copy: its pulls now show in the registry's next answer.</summary>
    public void Return(string registry)
    {
        lock (_lock)
        {
            _inFlight[registry] = _inFlight.GetValueOrDefault(registry) - 1;
        }
    }
}
