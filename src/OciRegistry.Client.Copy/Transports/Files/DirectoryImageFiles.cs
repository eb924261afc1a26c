namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The files of a directory image; every open checks that symbolic links do not lead outside it and that what it
/// opens is a regular file.
/// </summary>
internal sealed class DirectoryImageFiles(string root) : IImageFiles
{
    public string DisplayName => root;

    public long? GetLength(string name)
    {
        var info = new FileInfo(ContainedFile.Resolve(root, EntryNames.Normalize(root, name)));
        return info.Exists ? info.Length : null;
    }

    public Stream? OpenRead(string name) =>
        RegularFile.TryOpenRead(ContainedFile.Resolve(root, EntryNames.Normalize(root, name)));
}
