namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Read access to the files of an on-disk image, whether a directory or a tar archive, by slash-separated names
/// that were validated (no absolute names, no <c>..</c>, no links leading outside).
/// </summary>
internal interface IImageFiles
{
    /// <summary>Gets the directory or archive path, for messages.</summary>
    string DisplayName { get; }

    /// <summary>Gets the size of a file, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="name">The file's name inside the image.</param>
    /// <returns>The size in bytes, or <see langword="null"/>.</returns>
    long? GetLength(string name);

    /// <summary>Opens a file for reading, or returns <see langword="null"/> when it does not exist.</summary>
    /// <param name="name">The file's name inside the image.</param>
    /// <returns>A seekable stream over the file, or <see langword="null"/>.</returns>
    Stream? OpenRead(string name);
}
