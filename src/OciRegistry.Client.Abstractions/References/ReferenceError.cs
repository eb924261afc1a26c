namespace OciRegistry.Client;

/// <summary>What the reference scanner found wrong; the message is only built when someone asks for it.</summary>
internal enum ReferenceErrorKind
{
    None = 0,
    Empty,
    UrlScheme,
    TransportPrefix,
    ImageId,
    EmptyDomainLabel,
    DomainLabelHyphen,
    InvalidDomainCharacter,
    EmptyIPv6Address,
    UnclosedIPv6Address,
    InvalidIPv6Character,
    EmptyPort,
    InvalidPortCharacter,
    MissingRepository,
    EmptyPathComponent,
    Uppercase,
    InvalidPathCharacter,
    SeparatorAtStart,
    SeparatorAtEnd,
    InvalidSeparator,
    NameTooLong,
    EmptyTag,
    InvalidTagStart,
    InvalidTagCharacter,
    TagTooLong,
    EmptyDigest,
    InvalidDigest,
    UnsupportedDigestAlgorithm,
}

/// <summary>
/// A parse failure as a kind and a position, so that <c>TryParse</c> allocates nothing on failure and
/// <c>Parse</c> can still say precisely what is wrong and where.
/// </summary>
internal readonly record struct ReferenceError(ReferenceErrorKind Kind, int Position)
{
    public bool IsError => Kind != ReferenceErrorKind.None;

    public string Describe(string input)
    {
        var p = Position;
        var at = p < input.Length ? input[p] : '\0';
        return Kind switch
        {
            ReferenceErrorKind.Empty => "the reference is empty",
            ReferenceErrorKind.UrlScheme => DescribeUrlScheme(input),
            ReferenceErrorKind.TransportPrefix =>
                $"'{input[..(input.IndexOf(':', StringComparison.Ordinal) + 1)]}' is a transport prefix, which is not part of an image reference; " +
                "choose the transport before parsing and pass only registry/repository[:tag][@digest]",
            ReferenceErrorKind.ImageId =>
                "a 64-character hexadecimal string is an image ID, not a repository name; to mean a repository of that name, write it with its registry (for example docker.io/…)",
            ReferenceErrorKind.EmptyDomainLabel =>
                "the registry host has an empty label (a '.' at the start or end, or two in a row)",
            ReferenceErrorKind.DomainLabelHyphen =>
                "a label of the registry host cannot start or end with '-'",
            ReferenceErrorKind.InvalidDomainCharacter =>
                $"'{at}' is not allowed in a registry host name (letters, digits, '-' and '.', then an optional ':port')",
            ReferenceErrorKind.EmptyIPv6Address => "the bracketed IPv6 address of the registry is empty",
            ReferenceErrorKind.UnclosedIPv6Address => "the bracketed IPv6 address of the registry has no closing ']'",
            ReferenceErrorKind.InvalidIPv6Character =>
                $"'{at}' is not allowed in a bracketed IPv6 address (hex digits and ':' only; zone IDs and embedded IPv4 are not supported)",
            ReferenceErrorKind.EmptyPort => "the registry port after ':' is empty",
            ReferenceErrorKind.InvalidPortCharacter => $"the registry port must be decimal digits, and '{at}' is not",
            ReferenceErrorKind.MissingRepository => "the repository name is missing",
            ReferenceErrorKind.EmptyPathComponent =>
                "the repository name has an empty path component (a '/' at the end, or two in a row)",
            ReferenceErrorKind.Uppercase => $"the repository name must be lowercase, and '{at}' is not",
            ReferenceErrorKind.InvalidPathCharacter =>
                $"'{at}' is not allowed in a repository name (lowercase letters, digits, separators '.', '_', '__', '-', and '/' between components)",
            ReferenceErrorKind.SeparatorAtStart =>
                $"a repository path component must start with a lowercase letter or digit, not '{at}'",
            ReferenceErrorKind.SeparatorAtEnd =>
                $"a repository path component must end with a lowercase letter or digit, not '{at}'",
            ReferenceErrorKind.InvalidSeparator =>
                $"'{SeparatorRun(input, p)}' is not a valid separator in a repository name; use one '.', one or two '_', or any number of '-'",
            ReferenceErrorKind.NameTooLong =>
                $"the repository name is longer than {ImageReferenceParser.MaxRepositoryLength} characters",
            ReferenceErrorKind.EmptyTag => "the tag after ':' is empty",
            ReferenceErrorKind.InvalidTagStart => $"a tag must start with a letter, digit or '_', not '{at}'",
            ReferenceErrorKind.InvalidTagCharacter =>
                $"'{at}' is not allowed in a tag (letters, digits, '_', '.' and '-')",
            ReferenceErrorKind.TagTooLong => $"the tag is longer than {ImageReferenceParser.MaxTagLength} characters",
            ReferenceErrorKind.EmptyDigest => "the digest after '@' is empty",
            ReferenceErrorKind.InvalidDigest => DescribeDigest(input[p..]),
            ReferenceErrorKind.UnsupportedDigestAlgorithm =>
                $"the digest algorithm '{input[p..input.IndexOf(':', p)]}' is not supported in a reference; use sha256 or sha512",
            _ => "the reference is invalid",
        };
    }

    private static string DescribeUrlScheme(string input)
    {
        var end = input.IndexOf("://", StringComparison.Ordinal) + 3;
        return $"'{input[..end]}' is a transport or URL prefix, which is not part of an image reference; write '{input[end..]}'";
    }

    private static string SeparatorRun(string input, int start)
    {
        var end = start;
        while (end < input.Length && input[end] is '.' or '_' or '-')
        {
            end++;
        }

        return input[start..end];
    }

    private static string DescribeDigest(string digest)
    {
        try
        {
            _ = Digest.Parse(digest);
        }
        catch (InvalidDigestException e) when (e.Reason is not null)
        {
            return "the digest is invalid: " + e.Reason;
        }

        return "the digest is invalid";
    }
}
