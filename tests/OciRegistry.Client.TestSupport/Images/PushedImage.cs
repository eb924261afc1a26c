namespace OciRegistry.Client.TestSupport.Images;

/// <summary>An image a test pushed to its registry; <see cref="Reference"/> is <c>127.0.0.1:PORT/REPO:TAG</c>.</summary>
public sealed record PushedImage(string Repository, string Tag, Digest ManifestDigest, string Reference, OciLayoutImage Source);
