namespace OciRegistry.Client;

/// <summary>
/// A single forward scan of the distribution reference grammar with Docker Hub normalisation (what
/// <c>ParseNormalizedNamed</c> does in github.com/distribution/reference). Hand-written rather than a regex so that a
/// failure can name the offending character and its position, and so that a valid canonical input is not copied.
/// </summary>
internal static class ImageReferenceParser
{
    internal const int MaxRepositoryLength = 255;
    internal const int MaxTagLength = 128;

    internal const string LibraryPrefix = "library/";
    private const string LegacyDockerHubRegistry = "index.docker.io";

    // Transports containers/image knows besides docker://; a reference that fails to parse and starts with
    // one of these followed by ':' was almost certainly a transport-qualified name handed to the wrong parser.
    private static readonly string[] TransportNames =
    [
        "oci", "oci-archive", "docker-archive", "docker-daemon", "dir", "containers-storage", "sif", "ostree", "tarball",
    ];

    public static ReferenceError TryParse(string s, out ImageReference? result)
    {
        var error = Scan(s, out result);
        if (!error.IsError)
        {
            return error;
        }

        // Neither "://" nor a transport name before a ':' that fails to parse can be part of a valid reference, so
        // these are looked for only after a failure, to replace a puzzling message with the actual mistake.
        if (s.Contains("://", StringComparison.Ordinal))
        {
            return new ReferenceError(ReferenceErrorKind.UrlScheme, 0);
        }

        return StartsWithTransport(s) ? new ReferenceError(ReferenceErrorKind.TransportPrefix, 0) : error;
    }

    /// <summary>Checks a tag on its own, for <see cref="ImageReference.WithTag"/>.</summary>
    public static ReferenceError ValidateTag(string tag)
    {
        var end = ScanTag(tag, 0, out var error);
        return error.IsError ? error
            : end != tag.Length ? new ReferenceError(ReferenceErrorKind.InvalidTagCharacter, end)
            : default;
    }

    private static ReferenceError Scan(string s, out ImageReference? result)
    {
        result = null;
        var n = s.Length;
        if (n == 0)
        {
            return new ReferenceError(ReferenceErrorKind.Empty, 0);
        }

        if (n == 64 && IsLowerHex(s))
        {
            return new ReferenceError(ReferenceErrorKind.ImageId, 0);
        }

        // Docker's rule: the text before the first '/' is a registry only if it looks like one; otherwise the whole
        // name is a Docker Hub repository. A tag or digest never contains '/', so the first '/' is inside the name.
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        bool isDockerHub;
        int pathStart;
        var inputHasRegistry = false;
        if (slash >= 0 && LooksLikeDomain(s.AsSpan(0, slash)))
        {
            var domainError = ScanDomain(s, slash);
            if (domainError.IsError)
            {
                return domainError;
            }

            pathStart = slash + 1;
            var domain = s.AsSpan(0, slash);
            var legacy = domain.SequenceEqual(LegacyDockerHubRegistry);
            isDockerHub = legacy || domain.SequenceEqual(ImageReference.DockerHubRegistry);
            inputHasRegistry = !legacy;
        }
        else
        {
            isDockerHub = true;
            pathStart = 0;
        }

        var pathEnd = ScanPath(s, pathStart, out var hasSlash, out var pathError);
        if (pathError.IsError)
        {
            return pathError;
        }

        // Docker Hub's official images live under library/, so a one-component Hub name means library/<name>.
        var addLibrary = !hasSlash && isDockerHub;
        var prefixLength = addLibrary ? LibraryPrefix.Length : 0;
        if (pathEnd - pathStart + prefixLength > MaxRepositoryLength)
        {
            return new ReferenceError(ReferenceErrorKind.NameTooLong, pathStart + MaxRepositoryLength - prefixLength);
        }

        var p = pathEnd;
        var tagEnd = pathEnd;
        if (p < n && s[p] == ':')
        {
            tagEnd = ScanTag(s, p + 1, out var tagError);
            if (tagError.IsError)
            {
                return tagError;
            }

            if (tagEnd < n && s[tagEnd] != '@')
            {
                return new ReferenceError(ReferenceErrorKind.InvalidTagCharacter, tagEnd);
            }

            p = tagEnd;
        }

        Digest? digest = null;
        if (p < n)
        {
            // Only '@' can be left: the path stops at ':' or '@', and the tag at '@'. The digest is the one part
            // whose check allocates, as Digest parses from a string.
            var digestStart = p + 1;
            if (digestStart == n)
            {
                return new ReferenceError(ReferenceErrorKind.EmptyDigest, digestStart);
            }

            if (!Digest.TryParse(s[digestStart..], out digest))
            {
                return new ReferenceError(ReferenceErrorKind.InvalidDigest, digestStart);
            }

            // A reference is something to pull or push, and a digest we cannot verify is one we cannot trust.
            if (!digest.IsVerifiable)
            {
                return new ReferenceError(ReferenceErrorKind.UnsupportedDigestAlgorithm, digestStart);
            }
        }

        // Strings are only cut out once everything is valid, so that rejecting bad input produces no garbage.
        var registry = isDockerHub ? ImageReference.DockerHubRegistry : s[..slash];
        var tag = tagEnd > pathEnd ? s[(pathEnd + 1)..tagEnd] : null;
        var path = s.AsSpan(pathStart, pathEnd - pathStart);
        var repository = addLibrary ? string.Concat(LibraryPrefix, path) : path.ToString();
        var canonical = inputHasRegistry && !addLibrary
            ? s
            : string.Concat(registry, "/", addLibrary ? LibraryPrefix : string.Empty, s.AsSpan(pathStart));
        result = new ImageReference(registry, repository, tag, digest, canonical);
        return default;
    }

    internal static bool LooksLikeDomain(ReadOnlySpan<char> first)
    {
        if (first.SequenceEqual("localhost") || first.ContainsAny('.', ':'))
        {
            return true;
        }

        // Repository names are lowercase, so a first component with an uppercase letter can only be a host name.
        foreach (var c in first)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    // host := domain-name | "[" ipv6 "]"; domain := host (":" port)?; the domain ends at the first '/' (index end).
    private static ReferenceError ScanDomain(string s, int end)
    {
        var i = 0;
        if (s[0] == '[')
        {
            i = 1;
            while (i < end && (char.IsAsciiHexDigit(s[i]) || s[i] == ':'))
            {
                i++;
            }

            if (i < end && s[i] != ']')
            {
                return new ReferenceError(ReferenceErrorKind.InvalidIPv6Character, i);
            }

            if (i == end)
            {
                return new ReferenceError(ReferenceErrorKind.UnclosedIPv6Address, i);
            }

            if (i == 1)
            {
                return new ReferenceError(ReferenceErrorKind.EmptyIPv6Address, i);
            }

            i++;
        }
        else
        {
            while (true)
            {
                var start = i;
                while (i < end && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '-'))
                {
                    i++;
                }

                if (i == start)
                {
                    return i < end && s[i] is not ('.' or ':')
                        ? new ReferenceError(ReferenceErrorKind.InvalidDomainCharacter, i)
                        : new ReferenceError(ReferenceErrorKind.EmptyDomainLabel, i);
                }

                if (s[start] == '-')
                {
                    return new ReferenceError(ReferenceErrorKind.DomainLabelHyphen, start);
                }

                if (s[i - 1] == '-')
                {
                    return new ReferenceError(ReferenceErrorKind.DomainLabelHyphen, i - 1);
                }

                if (i < end && s[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        if (i < end && s[i] == ':')
        {
            var portStart = ++i;
            while (i < end && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == portStart)
            {
                return i < end
                    ? new ReferenceError(ReferenceErrorKind.InvalidPortCharacter, i)
                    : new ReferenceError(ReferenceErrorKind.EmptyPort, i);
            }
        }

        return i < end ? new ReferenceError(ReferenceErrorKind.InvalidDomainCharacter, i) : default;
    }

    // path := component ("/" component)*; component := [a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*.
    // Returns the index where the path stops: the end, or the ':' or '@' that follows it.
    private static int ScanPath(string s, int start, out bool hasSlash, out ReferenceError error)
    {
        hasSlash = false;
        error = default;
        var n = s.Length;
        var p = start;
        var componentStart = start;
        while (p < n)
        {
            var c = s[p];
            if (IsLowerAlphanumeric(c))
            {
                p++;
            }
            else if (c is '.' or '_' or '-')
            {
                if (p == componentStart)
                {
                    error = new ReferenceError(ReferenceErrorKind.SeparatorAtStart, p);
                    return p;
                }

                var separatorStart = p;
                p++;
                if (c == '_' && p < n && s[p] == '_')
                {
                    p++;
                }
                else if (c == '-')
                {
                    while (p < n && s[p] == '-')
                    {
                        p++;
                    }
                }

                if (p < n && IsLowerAlphanumeric(s[p]))
                {
                    continue;
                }

                error = p < n && s[p] is '.' or '_' or '-'
                    ? new ReferenceError(ReferenceErrorKind.InvalidSeparator, separatorStart)
                    : p < n && char.IsAsciiLetterUpper(s[p])
                        ? new ReferenceError(ReferenceErrorKind.Uppercase, p)
                        : new ReferenceError(ReferenceErrorKind.SeparatorAtEnd, p - 1);
                return p;
            }
            else if (c == '/')
            {
                if (p == componentStart)
                {
                    error = EmptyComponent(start, p);
                    return p;
                }

                hasSlash = true;
                componentStart = ++p;
            }
            else if (c is ':' or '@')
            {
                break;
            }
            else
            {
                error = new ReferenceError(
                    char.IsAsciiLetterUpper(c) ? ReferenceErrorKind.Uppercase : ReferenceErrorKind.InvalidPathCharacter, p);
                return p;
            }
        }

        if (p == componentStart)
        {
            error = EmptyComponent(start, p);
        }

        return p;
    }

    private static ReferenceError EmptyComponent(int pathStart, int position) => new(
        position == pathStart ? ReferenceErrorKind.MissingRepository : ReferenceErrorKind.EmptyPathComponent, position);

    // tag := [\w][\w.-]{0,127}, \w being ASCII letters, digits and '_'. Returns where the tag characters stop.
    private static int ScanTag(string s, int start, out ReferenceError error)
    {
        error = default;
        var n = s.Length;
        if (start == n || s[start] == '@')
        {
            error = new ReferenceError(ReferenceErrorKind.EmptyTag, start);
            return start;
        }

        if (!IsWordCharacter(s[start]))
        {
            error = new ReferenceError(ReferenceErrorKind.InvalidTagStart, start);
            return start;
        }

        var p = start + 1;
        while (p < n && (IsWordCharacter(s[p]) || s[p] is '.' or '-'))
        {
            p++;
        }

        if (p - start > MaxTagLength)
        {
            error = new ReferenceError(ReferenceErrorKind.TagTooLong, start + MaxTagLength);
        }

        return p;
    }

    private static bool StartsWithTransport(string s)
    {
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var head = s.AsSpan(0, colon);
        foreach (var name in TransportNames)
        {
            if (head.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    internal static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
