namespace OciRegistry.Client.Copy.Transports;

/// <summary>What a path names, as far as reading an image file is concerned.</summary>
internal enum FileKind
{
    /// <summary>Nothing (or a dangling symbolic link).</summary>
    Missing,

    /// <summary>A regular file: the only kind an image's files are read from.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A FIFO (named pipe), or a pipe such as <c>/dev/stdin</c> of a pipeline.</summary>
    Fifo,

    /// <summary>A character device such as <c>/dev/zero</c> or a terminal.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Anything else.</summary>
    Other,
}
