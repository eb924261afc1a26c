namespace OciRegistry.Client.Content;

/// <summary>
/// Tells which registry and repository a store is. The copy engine asks it of both sides of a copy: when they are
/// different repositories of the same registry, it asks the destination (an <see cref="IBlobMounter"/>) to mount
/// blobs from the source's repository instead of transferring their bytes. Stores that are not repositories of a
/// registry (a directory, an archive, memory) do not implement it.
/// </summary>
public interface IRepositoryLocation
{
    /// <summary>Gets the registry, as written in image references (for example <c>docker.io</c> or <c>127.0.0.1:5000</c>).</summary>
    string Registry { get; }

    /// <summary>Gets the repository path within the registry (for example <c>library/nginx</c>).</summary>
    string Repository { get; }
}
