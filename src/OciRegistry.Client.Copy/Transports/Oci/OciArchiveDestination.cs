using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Writes an OCI archive (<c>oci-archive:PATH[:TAG]</c>). Blobs and manifests are staged, verified, in an
/// OCI layout in a temporary directory; every push of a tagged manifest (or, for a destination without a tag, of
/// any top-level manifest) then writes the whole layout as a tar to a temporary file beside
/// <see cref="Path"/> and renames it over the archive, so the archive is always complete. As with containers/image the
/// archive is replaced, not added to. Dispose it to delete the staging directory.
/// </summary>
/// <remarks>
/// Staging costs one extra write of each blob; in exchange concurrent blob pushes need no coordination and a
/// failed copy leaves no half-written archive.
/// </remarks>
public sealed class OciArchiveDestination : IImageDestination, IDisposable
{
    // The image-spec layout holds OCI manifests; other tools do not see Docker manifests in an index.json.
    private static readonly ImageStoreDescription ArchiveDescription =
        ImageStoreDescription.HoldingOnly(ManifestFormat.Oci, "an oci-archive (an OCI layout), which holds OCI manifests only (other tools do not read Docker manifests in one)");

    /// <inheritdoc/>
    public ImageStoreDescription Description => ArchiveDescription;

    private readonly string _staging;
    private readonly OciLayout _layout;
    private readonly SemaphoreSlim _archiveGate = new(1, 1);
    private readonly bool _untagged;

    /// <summary>Prepares to write the archive at <paramref name="path"/>, staging in the system's temporary directory.</summary>
    /// <param name="path">The archive to create or replace.</param>
    public OciArchiveDestination(string path)
        : this(path, untagged: false)
    {
    }

    internal OciArchiveDestination(string path, bool untagged)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _untagged = untagged;
        _staging = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ocireg-oci-archive-{Guid.NewGuid():N}");
        _layout = new OciLayout(_staging, untagged, sharedBlobDirectory: null);
    }

    /// <summary>Gets the archive's path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default) =>
        _layout.BlobExistsAsync(blob, cancellationToken);

    /// <inheritdoc/>
    public Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default) =>
        _layout.PushBlobAsync(blob, content, cancellationToken);

    /// <inheritdoc/>
    public async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        var descriptor = await _layout.PushManifestAsync(manifest, tag, cancellationToken).ConfigureAwait(false);
        if (tag is not null || _untagged)
        {
            await WriteArchiveAsync(cancellationToken).ConfigureAwait(false);
        }

        return descriptor;
    }

    /// <summary>Deletes the staging directory.</summary>
    public void Dispose()
    {
        _layout.Dispose();
        _archiveGate.Dispose();
        try
        {
            System.IO.Directory.Delete(_staging, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private async Task WriteArchiveAsync(CancellationToken cancellationToken)
    {
        await _archiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var blobs = System.IO.Path.Combine(_staging, "blobs");
            var entries = System.IO.Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories)
                .Select(f => (Name: System.IO.Path.GetRelativePath(_staging, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'), File: f))
                .Where(e => !System.IO.Path.GetFileName(e.Name).StartsWith('.'))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Append(("index.json", System.IO.Path.Combine(_staging, "index.json")))
                .Append(("oci-layout", System.IO.Path.Combine(_staging, "oci-layout")))
                .ToList();
            await TarFileWriter.WriteAsync(Path, entries, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _archiveGate.Release();
        }
    }
}
