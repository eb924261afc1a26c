namespace OciRegistry.Client.Copy.Transports;

/// <summary>Validates and normalizes the names of entries inside an archive or a directory image.</summary>
internal static class EntryNames
{
    /// <summary>
    /// Normalizes an entry name to slash-separated components without <c>.</c> or empty components, refusing
    /// absolute names and any <c>..</c> component (even one that would stay inside).
    /// </summary>
    /// <param name="container">The archive or directory, for the error message.</param>
    /// <param name="name">The entry's name as stored.</param>
    /// <returns>The normalized name; empty for the root itself.</returns>
    /// <exception cref="UnsafePathException">The name is absolute or has a <c>..</c> component.</exception>
    public static string Normalize(string container, string name)
    {
        if (name.StartsWith('/') || name.StartsWith('\\') || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            throw new UnsafePathException(container, name, "is an absolute path");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new UnsafePathException(container, name, "contains a NUL character");
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/', '\\'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw new UnsafePathException(container, name, "has a '..' component (path traversal)");
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>
    /// Resolves a link target relative to the directory of the link, refusing one that leaves the container.
    /// </summary>
    /// <param name="container">The archive, for the error message.</param>
    /// <param name="linkName">The normalized name of the link entry.</param>
    /// <param name="target">The link's target as stored.</param>
    /// <param name="relativeToLink"><see langword="true"/> for symbolic links (relative to the link's directory);
    /// <see langword="false"/> for hard links (relative to the archive root).</param>
    /// <returns>The normalized name of the target inside the container.</returns>
    /// <exception cref="UnsafePathException">The target is absolute or escapes the container.</exception>
    public static string ResolveLink(string container, string linkName, string target, bool relativeToLink)
    {
        if (target.StartsWith('/') || target.StartsWith('\\'))
        {
            throw new UnsafePathException(container, linkName, $"is a link to the absolute path \"{target}\", outside the archive");
        }

        var parts = new List<string>();
        if (relativeToLink)
        {
            var slash = linkName.LastIndexOf('/');
            if (slash > 0)
            {
                parts.AddRange(linkName[..slash].Split('/'));
            }
        }

        foreach (var part in target.Split('/', '\\'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new UnsafePathException(container, linkName, $"is a link to \"{target}\", which escapes the archive");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }
}
