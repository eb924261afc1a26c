namespace OciRegistry.Client.Copy;

/// <summary>What to copy when the source reference names an index (a multi-platform image).</summary>
public enum MultiArchMode
{
    /// <summary>
    /// Copy only the instance for one platform: the running one, or <see cref="CopyOptions.SystemPlatform"/>. The
    /// destination gets that image manifest (its bytes unchanged), not the index.
    /// </summary>
    System = 0,

    /// <summary>
    /// Copy the index and every instance, digests preserved; or, when <see cref="CopyOptions.Platforms"/> is not
    /// empty, the instances for those platforms under a new index listing only them (its digest changes).
    /// </summary>
    All,

    /// <summary>
    /// Copy only the index's bytes, none of the instances it lists. A
    /// destination that checks references (a registry does) refuses the index unless the instances are already there.
    /// </summary>
    IndexOnly,
}
