namespace OciRegistry.Client;

/// <summary>The registry operation that an error happened in.</summary>
public enum RegistryOperation
{
    /// <summary>Not known or not specific to one operation.</summary>
    Unspecified = 0,

    /// <summary>Checking the registry's <c>/v2/</c> endpoint.</summary>
    Ping,

    /// <summary>Resolving a tag or digest to a manifest descriptor (HEAD).</summary>
    ResolveManifest,

    /// <summary>Fetching a manifest.</summary>
    FetchManifest,

    /// <summary>Pushing a manifest.</summary>
    PushManifest,

    /// <summary>Deleting a manifest.</summary>
    DeleteManifest,

    /// <summary>Fetching a blob.</summary>
    FetchBlob,

    /// <summary>Checking whether a blob exists.</summary>
    BlobExists,

    /// <summary>Uploading a blob.</summary>
    PushBlob,

    /// <summary>Mounting a blob from another repository.</summary>
    MountBlob,

    /// <summary>Deleting a blob.</summary>
    DeleteBlob,

    /// <summary>Listing tags.</summary>
    ListTags,

    /// <summary>Listing the registry's catalog.</summary>
    ListCatalog,

    /// <summary>Listing the referrers of a manifest.</summary>
    ListReferrers,

    /// <summary>Obtaining credentials or a token.</summary>
    Authenticate,
}
