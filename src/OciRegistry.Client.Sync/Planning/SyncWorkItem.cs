namespace OciRegistry.Client.Sync.Planning;

/// <summary>
/// One image of a sync's work list: where it is read (a registry image, or a directory written by an earlier sync)
/// and where it goes (a registry image, or a directory).
/// </summary>
/// <param name="From">The source: a registry image by tag or digest, or a <c>dir:</c> location.</param>
/// <param name="To">The destination: a registry image by tag or digest, or a <c>dir:</c> location.</param>
internal sealed record SyncWorkItem(ImageLocation From, ImageLocation To)
{
    /// <summary>Gets the source's text, which names the image in results, progress, logs and shards.</summary>
    public string Source => From.ToString();

    /// <summary>Gets the destination's text, which names it in results, progress and logs.</summary>
    public string Destination => To.ToString();
}
