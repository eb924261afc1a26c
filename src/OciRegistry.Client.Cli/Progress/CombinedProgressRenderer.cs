using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Cli.Progress;

/// <summary>Two renderers at once: skopeo's lines on a redirected standard output and bars on a terminal's standard error.</summary>
/// <param name="first">One renderer.</param>
/// <param name="second">The other.</param>
internal sealed class CombinedProgressRenderer(CopyProgressRenderer first, CopyProgressRenderer second) : CopyProgressRenderer
{
    /// <inheritdoc/>
    public override void Report(CopyProgressEvent value)
    {
        first.Report(value);
        second.Report(value);
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        first.Complete();
        second.Complete();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            first.Dispose();
            second.Dispose();
        }

        base.Dispose(disposing);
    }
}
