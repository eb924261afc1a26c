namespace OciRegistry.Client.Http;

/// <summary>
/// What a caller means to do with a repository. Authorization tokens are requested for all of it at once, so a copy
/// that checks and pushes blobs needs one token for its destination, not one per kind of request.
/// </summary>
[Flags]
public enum RepositoryAccess
{
    /// <summary>Read manifests, blobs, tags and referrers.</summary>
    Pull = 1,

    /// <summary>Also write blobs and manifests.</summary>
    Push = 2,

    /// <summary>Also delete manifests and blobs.</summary>
    Delete = 4,

    /// <summary>Read and write: a copy's destination.</summary>
    PullPush = Pull | Push,
}
