using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Progress;

/// <summary>
/// skopeo's progress lines, word for word as skopeo 1.9.3 prints them when its output is not a terminal: CI logs and
/// scripts search for them. Each blob is named once, when work on it begins, without "done" or "skipped" (skopeo
/// prints neither off a terminal); configs are named just before the manifest that follows them, where skopeo names
/// them; each manifest written is announced with the signatures stored after it.
/// </summary>
/// <param name="output">Where the lines go (standard output, as skopeo).</param>
/// <param name="gettingSignatures">Whether the first line says the source's signatures are read (skopeo omits it with <c>--remove-signatures</c>).</param>
internal sealed class LineProgressRenderer(TextWriter output, bool gettingSignatures) : CopyProgressRenderer
{
    private readonly Lock _gate = new();
    private readonly HashSet<Digest> _named = [];
    private readonly List<string> _configs = [];
    private bool _started;

    /// <inheritdoc/>
    public override void Report(CopyProgressEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind is CopyProgressKind.BlobBytes or CopyProgressKind.BlobDone or CopyProgressKind.BlobFailed)
        {
            return;
        }

        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                if (gettingSignatures)
                {
                    Write("Getting image source signatures");
                }
            }

            var content = value.Content;
            if (value.Kind == CopyProgressKind.ManifestPushed)
            {
                FlushConfigs();
                var list = MediaTypes.IsIndex(content.MediaType);
                Write(list ? "Writing manifest list to image destination" : "Writing manifest to image destination");
                Write(list ? "Storing list signatures" : "Storing signatures");
            }
            else if (_named.Add(content.Digest))
            {
                var line = $"Copying {Kind(content)} {content.Digest}";
                if (Kind(content) == "config")
                {
                    _configs.Add(line);
                }
                else
                {
                    Write(line);
                }
            }
        }
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        lock (_gate)
        {
            // A copy that failed before its manifest still names the configs it began.
            FlushConfigs();
        }
    }

    private void FlushConfigs()
    {
        foreach (var line in _configs)
        {
            Write(line);
        }

        _configs.Clear();
    }

    // Each line is flushed at once: a log that follows the copy sees it when it happens.
    private void Write(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
