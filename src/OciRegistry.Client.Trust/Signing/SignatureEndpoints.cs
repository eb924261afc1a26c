using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Trust.Signatures;

namespace OciRegistry.Client.Trust.Signing;

/// <summary>The image whose signatures are read: where it is, its store, its manifest, its identity and its signature storage.</summary>
/// <param name="Location">Where the image lives.</param>
/// <param name="Store">The store it is read from.</param>
/// <param name="Manifest">Its top-level manifest (the one signatures name).</param>
/// <param name="Identity">Its Docker reference, or <see langword="null"/> for a transport without one.</param>
/// <param name="Storage">Its registries.d signature storage.</param>
internal sealed record SignatureSource(ImageLocation Location, IImageSource Store, Manifest Manifest, ImageReference? Identity, SignatureStorage Storage);

/// <summary>The image signatures are written for, after its manifest is written.</summary>
/// <param name="Location">Where the image was written.</param>
/// <param name="Store">The store it was written to.</param>
/// <param name="Manifest">The top-level manifest written (the one new signatures name): its digest, size and media type.</param>
/// <param name="Identity">Its Docker reference, or <see langword="null"/> for a transport without one.</param>
/// <param name="Storage">Its registries.d signature storage (simple signatures go to <see cref="SignatureStorage.WriteBase"/>).</param>
internal sealed record SignatureDestination(ImageLocation Location, IImageDestination Store, Descriptor Manifest, ImageReference? Identity, SignatureStorage Storage);
