namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Opens files of a directory image (an OCI layout or a <c>dir:</c> directory) only when they, with every symbolic
/// link along their path resolved, stay inside the directory.
/// </summary>
internal static class ContainedFile
{
    private const int MaxLinkDepth = 40;

    /// <summary>Returns the path of <paramref name="relativePath"/> under <paramref name="root"/> after checking that it stays inside.</summary>
    /// <param name="root">The image directory.</param>
    /// <param name="relativePath">A slash-separated path inside it (already free of <c>..</c>).</param>
    /// <returns>The full path to open.</returns>
    /// <exception cref="UnsafePathException">A symbolic link on the way leads outside <paramref name="root"/>.</exception>
    public static string Resolve(string root, string relativePath)
    {
        var fullRoot = Path.GetFullPath(root);
        var path = Path.Combine(fullRoot, relativePath.Replace('/', Path.DirectorySeparatorChar));
        if (!HasLinkBelow(fullRoot, path))
        {
            return path;
        }

        var realRoot = RealPath(fullRoot, 0);
        var realPath = RealPath(path, 0);
        var prefix = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        if (!realPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new UnsafePathException(root, relativePath, $"is a symbolic link (or lies under one) that leads outside the directory, to \"{realPath}\"");
        }

        return path;
    }

    // Cheap test first: most layouts have no links at all, and only components below the root matter for the walk.
    private static bool HasLinkBelow(string fullRoot, string path)
    {
        var current = path;
        while (current.Length > fullRoot.Length)
        {
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                if (info.LinkTarget is not null)
                {
                    return true;
                }
            }
            else if (info.LinkTarget is not null)
            {
                // A dangling link still counts: its target must be checked.
                return true;
            }

            current = Path.GetDirectoryName(current) ?? string.Empty;
        }

        return false;
    }

    private static string RealPath(string path, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new IOException($"Too many levels of symbolic links resolving \"{path}\".");
        }

        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var result = root;
        foreach (var component in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(result, component);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is not null)
            {
                var combined = Path.IsPathRooted(target) ? target : Path.Combine(result, target);
                candidate = RealPath(combined, depth + 1);
            }

            result = candidate;
        }

        return result;
    }
}
