namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>Which requests a <see cref="FaultRule"/> looks at: a method (or any) and a predicate over the path (without the query).</summary>
/// <param name="Method">The HTTP method, compared ignoring case; <see langword="null"/> for any.</param>
/// <param name="Path">Decides on the request's path as sent (escaped, without the query).</param>
/// <param name="Description">Shown in test output.</param>
public sealed record RequestMatch(string? Method, Func<string, bool> Path, string Description)
{
    /// <summary>Every request.</summary>
    public static RequestMatch Any { get; } = new(null, static _ => true, "any request");

    /// <summary>GET of a manifest (<c>/v2/NAME/manifests/REF</c>).</summary>
    public static RequestMatch ManifestGet { get; } = For("GET", static p => p.Contains("/manifests/", StringComparison.Ordinal), "GET of a manifest");

    /// <summary>GET of a blob (<c>/v2/NAME/blobs/DIGEST</c>, not an upload session).</summary>
    public static RequestMatch BlobGet { get; } = For("GET", IsBlob, "GET of a blob");

    /// <summary>PATCH to an upload session.</summary>
    public static RequestMatch UploadPatch { get; } = For("PATCH", IsUpload, "PATCH of an upload");

    /// <summary>PUT that completes an upload session.</summary>
    public static RequestMatch UploadPut { get; } = For("PUT", IsUpload, "PUT of an upload");

    /// <summary>A request with <paramref name="method"/> whose path satisfies <paramref name="path"/> (any path when null).</summary>
    public static RequestMatch For(string method, Func<string, bool>? path = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return new(method, path ?? (static _ => true), description ?? method);
    }

    /// <summary>Whether a request with this method and path is one of these.</summary>
    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && Path(path);

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static bool IsBlob(string path) =>
        path.Contains("/blobs/", StringComparison.Ordinal) && !IsUpload(path);

    private static bool IsUpload(string path) => path.Contains("/blobs/uploads/", StringComparison.Ordinal);
}
