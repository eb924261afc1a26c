namespace OciRegistry.Client.Sync.Planning;

/// <summary>
/// One image of a sync's work list: where it is read (a registry image, or a directory written by an earlier sync)
/// and where it goes (a registry image, or a directory), with both spelled in skopeo's transport syntax.
/// </summary>
internal sealed record SyncWorkItem(
    string Source,
    string Destination,
    ImageReference? SourceImage,
    string? SourceDirectory,
    ImageReference? DestinationImage,
    string? DestinationDirectory)
{
    /// <summary>The tag or digest to resolve in the source repository; empty for a directory ("the only image").</summary>
    public string SourceReference => SourceImage is { } image ? image.Digest?.ToString() ?? image.Tag! : string.Empty;

    /// <summary>The tag to write at a registry destination, or <see langword="null"/> to write by digest.</summary>
    public string? DestinationTag => DestinationImage?.Digest is null ? DestinationImage?.Tag : null;

    /// <summary>The tag or digest to look the destination up by.</summary>
    public string? DestinationReference => DestinationImage is { } image ? image.Digest?.ToString() ?? image.Tag : null;
}
