using OciRegistry.Client.Content;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>
/// Copies through the real <see cref="ImageCopier"/>, so the transports are tested the way users drive them:
/// blobs in parallel, instances before their index, the top-level manifest last with the tag.
/// </summary>
internal static class EngineCopy
{
    // An index is copied whole (skopeo's --all); no retries, so a transport's failure surfaces as it was thrown.
    private static readonly ImageCopier Copier = ImageCopier.Create(options: new CopyOptions { MultiArch = MultiArchMode.All, RetryTimes = 0 });

    public static Task<CopyResult> CopyAsync(IImageSource source, string reference, IImageDestination destination, string? tag) =>
        Copier.CopyAsync(source, reference, destination, tag);
}
