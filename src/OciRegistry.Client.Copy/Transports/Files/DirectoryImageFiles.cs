namespace OciRegistry.Client.Copy.Transports;

/// <summary>The files of a directory image; every open checks that symbolic links do not lead outside it.</summary>
internal sealed class DirectoryImageFiles(string root) : IImageFiles
{
    public string DisplayName => root;

    public long? GetLength(string name)
    {
        var info = new FileInfo(ContainedFile.Resolve(root, EntryNames.Normalize(root, name)));
        return info.Exists ? info.Length : null;
    }

    public Stream? OpenRead(string name)
    {
        var path = ContainedFile.Resolve(root, EntryNames.Normalize(root, name));
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
