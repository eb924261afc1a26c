namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// What a directory destination (an OCI layout, a <c>dir:</c> directory) adds before its image is committed, so that
/// a copy that ends without committing (it failed or was cancelled) can take it back: the topmost directory it
/// created (the destination or a parent), which goes whole, and in directories that were there, the files and
/// subdirectories it added.
/// </summary>
internal sealed class UncommittedWrites(string root)
{
    private readonly Lock _lock = new();
    private readonly List<string> _files = [];
    private readonly List<string> _directories = [];
    private bool _started;

    /// <summary>Gets the destination directory.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Gets the topmost directory this destination created, or <see langword="null"/> when <see cref="Root"/> was there.</summary>
    public string? CreatedDirectory { get; private set; }

    /// <summary>Gets whether the image was committed: from then on what was written stays.</summary>
    public bool IsCommitted { get; private set; }

    /// <summary>Gets whether anything was written that a roll-back would take back.</summary>
    public bool HasWritten
    {
        get
        {
            lock (_lock)
            {
                return !IsCommitted && _started;
            }
        }
    }

    /// <summary>Gets the files added to directories that were there (none when <see cref="CreatedDirectory"/> is set).</summary>
    public IReadOnlyList<string> AddedFiles
    {
        get
        {
            lock (_lock)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>Gets the subdirectories added below <see cref="Root"/>, parents first.</summary>
    public IReadOnlyList<string> AddedDirectories
    {
        get
        {
            lock (_lock)
            {
                return [.. _directories];
            }
        }
    }

    /// <summary>Notes, before the first write, whether <see cref="Root"/> (or a parent) has to be created.</summary>
    public void Starting()
    {
        lock (_lock)
        {
            if (_started || IsCommitted)
            {
                return;
            }

            _started = true;
            for (var missing = Root; !Directory.Exists(missing) && !File.Exists(missing);)
            {
                CreatedDirectory = missing;
                var parent = Path.GetDirectoryName(missing);
                if (parent is null)
                {
                    break;
                }

                missing = parent;
            }
        }
    }

    /// <summary>Notes, before it is written, a file under <see cref="Root"/> and the directories that will be created for it.</summary>
    /// <param name="path">The file about to be written.</param>
    /// <returns><paramref name="path"/>.</returns>
    public string Adding(string path)
    {
        Starting();
        lock (_lock)
        {
            if (IsCommitted || CreatedDirectory is not null)
            {
                return path;
            }

            var full = Path.GetFullPath(path);
            var missing = new List<string>();
            for (var directory = Path.GetDirectoryName(full); directory is not null && directory.Length > Root.Length && !Directory.Exists(directory); directory = Path.GetDirectoryName(directory))
            {
                missing.Add(directory);
            }

            missing.Reverse();
            _directories.AddRange(missing.Where(d => !_directories.Contains(d)));
            if (!File.Exists(full) && !_files.Contains(full))
            {
                _files.Add(full);
            }
        }

        return path;
    }

    /// <summary>Marks the image committed: nothing is taken back after this.</summary>
    public void Commit()
    {
        lock (_lock)
        {
            IsCommitted = true;
            _files.Clear();
            _directories.Clear();
        }
    }

    /// <summary>Deletes <see cref="CreatedDirectory"/> with everything in it, ignoring a failure (this runs after another error).</summary>
    public void DeleteCreatedDirectory()
    {
        if (CreatedDirectory is { } created)
        {
            try
            {
                Directory.Delete(created, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Deletes the added subdirectories that are empty, deepest first.</summary>
    public void DeleteEmptyAddedDirectories()
    {
        foreach (var directory in AddedDirectories.Reverse())
        {
            try
            {
                if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
