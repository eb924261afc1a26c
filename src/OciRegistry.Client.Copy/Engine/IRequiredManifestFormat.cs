namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// A destination that can hold manifests of one format only. When no <see cref="CopyOptions.Format"/> is asked for,
/// the engine converts to it (as skopeo does), unless digests are to be preserved, in which case it refuses.
/// </summary>
internal interface IRequiredManifestFormat
{
    /// <summary>Gets the only manifest format the destination holds.</summary>
    ManifestFormat RequiredFormat { get; }

    /// <summary>Gets why, in words for an error message (for example "an OCI layout, which skopeo reads OCI manifests only from").</summary>
    string RequiredFormatReason { get; }
}
