namespace OciRegistry.Client.Http;

/// <summary>How a blob's bytes are sent to the registry.</summary>
public enum UploadStrategy
{
    /// <summary>
    /// Monolithic for blobs below <see cref="OciRegistryClientOptions.ChunkedUploadThreshold"/>, streaming above it, and
    /// one streaming PATCH when the size is not known.
    /// </summary>
    Automatic = 0,

    /// <summary>POST to open a session, then one PUT with the whole body and the digest.</summary>
    Monolithic,

    /// <summary>One POST with <c>?digest=</c> and the whole body (falls back to <see cref="Monolithic"/> when the registry opens a session instead).</summary>
    SingleRequest,

    /// <summary>POST, one PATCH that streams the whole body, then a PUT with the digest.</summary>
    Streaming,

    /// <summary>POST, PATCHes of <see cref="OciRegistryClientOptions.ChunkSize"/> with <c>Content-Range</c>, then a PUT with the digest.</summary>
    Chunked,
}
