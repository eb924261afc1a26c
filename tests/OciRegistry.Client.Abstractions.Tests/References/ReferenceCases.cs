namespace OciRegistry.Client.Tests.References;

/// <summary>A reference that must parse, with what it must parse to.</summary>
public sealed record ValidReferenceCase(
    string Input, string Registry, string Repository, string? Tag, string? Digest, string Familiar, string Source)
{
    public string Canonical =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";
}

/// <summary>A reference that must be rejected, where, and a word the reason must contain.</summary>
public sealed record InvalidReferenceCase(string Input, int Position, string ReasonContains, string Source);

/// <summary>
/// The test vectors. Those marked <c>reference_test.go</c> and <c>normalize_test.go</c> are the published cases of
/// github.com/distribution/reference, with the expectations its <c>ParseNormalizedNamed</c> gives (the
/// <c>reference_test.go</c> ones were written for the un-normalised <c>Parse</c>, so their registry and repository
/// here are the normalised ones). Where this SDK deliberately differs, the source says so.
/// </summary>
public static class ReferenceCases
{
    private const string RefTest = "reference_test.go";
    private const string NormTest = "normalize_test.go";
    private const string Ours = "ours";

    public static readonly string F64 = new('f', 64);
    public static readonly string Sha256F = "sha256:" + F64;
    private const string Dbcc = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Busybox = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    private const string Busybox2 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    private const string Named = "sha256:1234567890098765432112345667890098765432112345667890098765432112";
    private const string Hex64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    private const string Song = "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev";
    private const string LongNamespaceSegment = "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255";
    private const string Hub = "docker.io";

    private static ValidReferenceCase V(string input, string registry, string repository, string? tag, string? digest, string familiar, string source) =>
        new(input, registry, repository, tag, digest, familiar, source);

    private static InvalidReferenceCase X(string input, int position, string reason, string source) =>
        new(input, position, reason, source);

    public static IReadOnlyList<ValidReferenceCase> Valid { get; } =
    [
        // reference_test.go, TestReferenceParse (normalised)
        V("test_com", Hub, "library/test_com", null, null, "test_com", RefTest),
        V("test.com:tag", Hub, "library/test.com", "tag", null, "test.com:tag", RefTest),
        V("test.com:5000", Hub, "library/test.com", "5000", null, "test.com:5000", RefTest),
        V("test.com/repo:tag", "test.com", "repo", "tag", null, "test.com/repo:tag", RefTest),
        V("test:5000/repo", "test:5000", "repo", null, null, "test:5000/repo", RefTest),
        V("test:5000/repo:tag", "test:5000", "repo", "tag", null, "test:5000/repo:tag", RefTest),
        V("test:5000/repo@" + Sha256F, "test:5000", "repo", null, Sha256F, "test:5000/repo@" + Sha256F, RefTest),
        V("test:5000/repo:tag@" + Sha256F, "test:5000", "repo", "tag", Sha256F, "test:5000/repo:tag@" + Sha256F, RefTest),
        V("lowercase:Uppercase", Hub, "library/lowercase", "Uppercase", null, "lowercase:Uppercase", RefTest),
        V(Repeat("a/", 127) + "a:tag-puts-this-over-max", Hub, Repeat("a/", 127) + "a", "tag-puts-this-over-max", null,
            Repeat("a/", 127) + "a:tag-puts-this-over-max", RefTest),
        V("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null, "sub-dom1.foo.com/bar/baz/quux", RefTest),
        V("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null,
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag", RefTest),
        V("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null,
            "b.gcr.io/test.example.com/my-app:test.example.com", RefTest),
        V("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null, "xn--n3h.com/myimage:xn--n3h.com", RefTest),
        V("xn--7o8h.com/myimage:xn--7o8h.com@" + Sha256F, "xn--7o8h.com", "myimage", "xn--7o8h.com", Sha256F,
            "xn--7o8h.com/myimage:xn--7o8h.com@" + Sha256F, RefTest),
        V("foo_bar.com:8080", Hub, "library/foo_bar.com", "8080", null, "foo_bar.com:8080", RefTest),
        V("foo/foo_bar.com:8080", Hub, "foo/foo_bar.com", "8080", null, "foo/foo_bar.com:8080", RefTest),
        V("192.168.1.1", Hub, "library/192.168.1.1", null, null, "192.168.1.1", RefTest),
        V("192.168.1.1:tag", Hub, "library/192.168.1.1", "tag", null, "192.168.1.1:tag", RefTest),
        V("192.168.1.1:5000", Hub, "library/192.168.1.1", "5000", null, "192.168.1.1:5000", RefTest),
        V("192.168.1.1/repo", "192.168.1.1", "repo", null, null, "192.168.1.1/repo", RefTest),
        V("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null, "192.168.1.1:5000/repo", RefTest),
        V("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null, "192.168.1.1:5000/repo:5050", RefTest),
        V("[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null, "[2001:db8::1]/repo", RefTest),
        V("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null, "[2001:db8:1:2:3:4:5:6]/repo:tag", RefTest),
        V("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null, "[2001:db8::1]:5000/repo", RefTest),
        V("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null, "[2001:db8::1]:5000/repo:tag", RefTest),
        V("[2001:db8::1]:5000/repo@" + Sha256F, "[2001:db8::1]:5000", "repo", null, Sha256F, "[2001:db8::1]:5000/repo@" + Sha256F, RefTest),
        V("[2001:db8::1]:5000/repo:tag@" + Sha256F, "[2001:db8::1]:5000", "repo", "tag", Sha256F,
            "[2001:db8::1]:5000/repo:tag@" + Sha256F, RefTest),
        V("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null, "[2001:db8::]:5000/repo", RefTest),
        V("[::1]:5000/repo", "[::1]:5000", "repo", null, null, "[::1]:5000/repo", RefTest),
        V("example.com/" + Repeat("a", 255) + ":tag", "example.com", Repeat("a", 255), "tag", null,
            "example.com/" + Repeat("a", 255) + ":tag", RefTest),
        // distribution rejects sha512 only because its test binary does not register it; sha512 is supported here.
        V("validname@sha512:" + Repeat("f", 128), Hub, "library/validname", null, "sha512:" + Repeat("f", 128),
            "validname@sha512:" + Repeat("f", 128), RefTest + " (sha512 accepted here)"),

        // reference_test.go, TestDomainAndPath / TestSerialization / TestParseNamed
        V("test.com/foo", "test.com", "foo", null, null, "test.com/foo", RefTest),
        V("test_com/foo", Hub, "test_com/foo", null, null, "test_com/foo", RefTest),
        V("test:8080/foo", "test:8080", "foo", null, null, "test:8080/foo", RefTest),
        V("test.com:8080/foo", "test.com:8080", "foo", null, null, "test.com:8080/foo", RefTest),
        V("test-com:8080/foo", "test-com:8080", "foo", null, null, "test-com:8080/foo", RefTest),
        V("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", null, null, "xn--n3h.com:18080/foo", RefTest),
        V("example.com:8000/named", "example.com:8000", "named", null, null, "example.com:8000/named", RefTest),
        V("example.com:8000/named:tagged", "example.com:8000", "named", "tagged", null, "example.com:8000/named:tagged", RefTest),
        V("other.com/named@" + Named, "other.com", "named", null, Named, "other.com/named@" + Named, RefTest),
        V("test.com", Hub, "library/test.com", null, null, "test.com", RefTest),
        V("foo", Hub, "library/foo", null, null, "foo", RefTest),
        V("library/foo", Hub, "library/foo", null, null, "foo", RefTest),
        V("docker.io/library/foo", Hub, "library/foo", null, null, "foo", RefTest),
        V("docker.io/foo", Hub, "library/foo", null, null, "foo", RefTest),

        // normalize_test.go, TestValidateReferenceName
        V("docker/docker", Hub, "docker/docker", null, null, "docker/docker", NormTest),
        V("library/debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("localhost/library/debian", "localhost", "library/debian", null, null, "localhost/library/debian", NormTest),
        V("localhost/debian", "localhost", "debian", null, null, "localhost/debian", NormTest),
        V("LOCALDOMAIN/library/debian", "LOCALDOMAIN", "library/debian", null, null, "LOCALDOMAIN/library/debian", NormTest),
        V("LOCALDOMAIN/debian", "LOCALDOMAIN", "debian", null, null, "LOCALDOMAIN/debian", NormTest),
        V("docker.io/docker/docker", Hub, "docker/docker", null, null, "docker/docker", NormTest),
        V("docker.io/library/debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("docker.io/debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("index.docker.io/docker/docker", Hub, "docker/docker", null, null, "docker/docker", NormTest),
        V("index.docker.io/library/debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("index.docker.io/debian", Hub, "library/debian", null, null, "debian", NormTest),
        V("127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", null, null, "127.0.0.1:5000/docker/docker", NormTest),
        V("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", null, null, "127.0.0.1:5000/library/debian", NormTest),
        V("127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", null, null, "127.0.0.1:5000/debian", NormTest),
        V("192.168.0.1", Hub, "library/192.168.0.1", null, null, "192.168.0.1", NormTest),
        V("192.168.0.1:80", Hub, "library/192.168.0.1", "80", null, "192.168.0.1:80", NormTest),
        V("192.168.0.1:8/debian", "192.168.0.1:8", "debian", null, null, "192.168.0.1:8/debian", NormTest),
        V("192.168.0.2:25000/debian", "192.168.0.2:25000", "debian", null, null, "192.168.0.2:25000/debian", NormTest),
        V(Song, Hub, "library/" + Song, null, null, Song, NormTest),
        V("[fc00::1]:5000/docker", "[fc00::1]:5000", "docker", null, null, "[fc00::1]:5000/docker", NormTest),
        V("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", null, null, "[fc00::1]:5000/docker/docker", NormTest),
        V("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", null, null,
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian", NormTest),
        // The familiar form keeps library/ here: a bare 64-hex string would parse back as an image ID.
        V("docker.io/" + Hex64, Hub, "library/" + Hex64, null, null, "library/" + Hex64, NormTest + " (familiar form ours)"),
        V("Docker/docker", "Docker", "docker", null, null, "Docker/docker", NormTest),
        V("DOCKER/docker", "DOCKER", "docker", null, null, "DOCKER/docker", NormTest),

        // normalize_test.go, TestValidateRemoteName
        V("docker-rules/docker", Hub, "docker-rules/docker", null, null, "docker-rules/docker", NormTest),
        V("docker---rules/docker", Hub, "docker---rules/docker", null, null, "docker---rules/docker", NormTest),
        V("doc/docker", Hub, "doc/docker", null, null, "doc/docker", NormTest),
        V("d/docker", Hub, "d/docker", null, null, "d/docker", NormTest),
        V("jess/t", Hub, "jess/t", null, null, "jess/t", NormTest),
        V("dock__er/docker", Hub, "dock__er/docker", null, null, "dock__er/docker", NormTest),

        // normalize_test.go, TestParseRepositoryInfo (familiar, full and ambiguous spellings of each name)
        V("localhost/fooo", "localhost", "fooo", null, null, "localhost/fooo", NormTest),
        V("localhost/fooo/bar", "localhost", "fooo/bar", null, null, "localhost/fooo/bar", NormTest),
        V("LOCALDOMAIN/fooo", "LOCALDOMAIN", "fooo", null, null, "LOCALDOMAIN/fooo", NormTest),
        V("LOCALDOMAIN/fooo/bar", "LOCALDOMAIN", "fooo/bar", null, null, "LOCALDOMAIN/fooo/bar", NormTest),
        V("fooo/bar", Hub, "fooo/bar", null, null, "fooo/bar", NormTest),
        V("docker.io/fooo/bar", Hub, "fooo/bar", null, null, "fooo/bar", NormTest),
        V("index.docker.io/fooo/bar", Hub, "fooo/bar", null, null, "fooo/bar", NormTest),
        V("ubuntu", Hub, "library/ubuntu", null, null, "ubuntu", NormTest),
        V("docker.io/library/ubuntu", Hub, "library/ubuntu", null, null, "ubuntu", NormTest),
        V("library/ubuntu", Hub, "library/ubuntu", null, null, "ubuntu", NormTest),
        V("nonlibrary/ubuntu", Hub, "nonlibrary/ubuntu", null, null, "nonlibrary/ubuntu", NormTest),
        V("docker.io/nonlibrary/ubuntu", Hub, "nonlibrary/ubuntu", null, null, "nonlibrary/ubuntu", NormTest),
        V("other/library", Hub, "other/library", null, null, "other/library", NormTest),
        V("docker.io/other/library", Hub, "other/library", null, null, "other/library", NormTest),
        V("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase", null, null, "127.0.0.1:8000/private/moonbase", NormTest),
        V("127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase", null, null, "127.0.0.1:8000/privatebase", NormTest),
        V("example.com/private/moonbase", "example.com", "private/moonbase", null, null, "example.com/private/moonbase", NormTest),
        V("example.com/privatebase", "example.com", "privatebase", null, null, "example.com/privatebase", NormTest),
        V("example.com:8000/private/moonbase", "example.com:8000", "private/moonbase", null, null, "example.com:8000/private/moonbase", NormTest),
        V("example.com:8000/privatebasee", "example.com:8000", "privatebasee", null, null, "example.com:8000/privatebasee", NormTest),
        V("ubuntu-12.04-base", Hub, "library/ubuntu-12.04-base", null, null, "ubuntu-12.04-base", NormTest),
        V("docker.io/library/ubuntu-12.04-base", Hub, "library/ubuntu-12.04-base", null, null, "ubuntu-12.04-base", NormTest),
        V("index.docker.io/library/ubuntu-12.04-base", Hub, "library/ubuntu-12.04-base", null, null, "ubuntu-12.04-base", NormTest),
        V("library/foo/bar", Hub, "library/foo/bar", null, null, "library/foo/bar", NormTest),
        V("docker.io/library/foo/bar", Hub, "library/foo/bar", null, null, "library/foo/bar", NormTest),
        V("store/foo/bar", Hub, "store/foo/bar", null, null, "store/foo/bar", NormTest),
        V("docker.io/store/foo/bar", Hub, "store/foo/bar", null, null, "store/foo/bar", NormTest),
        V("Foo/bar", "Foo", "bar", null, null, "Foo/bar", NormTest),
        V("FOO/bar", "FOO", "bar", null, null, "FOO/bar", NormTest),

        // normalize_test.go, TestParseReferenceWithTagAndDigest / TestParseAnyReference / TestNormalizedSplitHostname
        V("busybox:latest@" + Busybox, Hub, "library/busybox", "latest", Busybox, "busybox:latest@" + Busybox, NormTest),
        V("redis", Hub, "library/redis", null, null, "redis", NormTest),
        V("redis:latest", Hub, "library/redis", "latest", null, "redis:latest", NormTest),
        V("docker.io/library/redis:latest", Hub, "library/redis", "latest", null, "redis:latest", NormTest),
        V("redis@" + Dbcc, Hub, "library/redis", null, Dbcc, "redis@" + Dbcc, NormTest),
        V("docker.io/library/redis@" + Dbcc, Hub, "library/redis", null, Dbcc, "redis@" + Dbcc, NormTest),
        V("dmcgowan/myapp", Hub, "dmcgowan/myapp", null, null, "dmcgowan/myapp", NormTest),
        V("dmcgowan/myapp:latest", Hub, "dmcgowan/myapp", "latest", null, "dmcgowan/myapp:latest", NormTest),
        V("docker.io/mcgowan/myapp:latest", Hub, "mcgowan/myapp", "latest", null, "mcgowan/myapp:latest", NormTest),
        V("dmcgowan/myapp@" + Dbcc, Hub, "dmcgowan/myapp", null, Dbcc, "dmcgowan/myapp@" + Dbcc, NormTest),
        V("docker.io/dmcgowan/myapp@" + Dbcc, Hub, "dmcgowan/myapp", null, Dbcc, "dmcgowan/myapp@" + Dbcc, NormTest),
        V("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", Hub,
            "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", null, null,
            "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", NormTest),
        V("dbcc1", Hub, "library/dbcc1", null, null, "dbcc1", NormTest),
        // A bare digest is not a name: by the grammar it is the repository "sha256" with a 64-character tag.
        V(Dbcc, Hub, "library/sha256", Dbcc[7..], null, Dbcc, NormTest + " (as a name, not ParseAnyReference's digest)"),
        V("docker/migrator", Hub, "docker/migrator", null, null, "docker/migrator", NormTest),
        V("xn--n3h.com/foo", "xn--n3h.com", "foo", null, null, "xn--n3h.com/foo", NormTest),
        V("busybox@" + Busybox2, Hub, "library/busybox", null, Busybox2, "busybox@" + Busybox2, NormTest),
        V("gcr.io/library/busybox:latest@" + Busybox2, "gcr.io", "library/busybox", "latest", Busybox2,
            "gcr.io/library/busybox:latest@" + Busybox2, NormTest),

        // Ours: boundaries and the registries this SDK meets in tests
        V("localhost:5000/foo", "localhost:5000", "foo", null, null, "localhost:5000/foo", Ours),
        V("localhost:5000/foo/bar:1.0", "localhost:5000", "foo/bar", "1.0", null, "localhost:5000/foo/bar:1.0", Ours),
        V("[::1]:5000/foo:tag", "[::1]:5000", "foo", "tag", null, "[::1]:5000/foo:tag", Ours),
        V("[::1]/foo", "[::1]", "foo", null, null, "[::1]/foo", Ours),
        V("[FC00::1]:443/a", "[FC00::1]:443", "a", null, null, "[FC00::1]:443/a", Ours),
        V("ghcr.io/org/app:v1.2.3", "ghcr.io", "org/app", "v1.2.3", null, "ghcr.io/org/app:v1.2.3", Ours),
        V("registry-1.docker.io/library/nginx", "registry-1.docker.io", "library/nginx", null, null, "registry-1.docker.io/library/nginx", Ours),
        V("localhost", Hub, "library/localhost", null, null, "localhost", Ours + " (distribution's FIXME: a bare localhost is a name)"),
        V("localhost:5000", Hub, "library/localhost", "5000", null, "localhost:5000", Ours),
        V("oci:latest", Hub, "library/oci", "latest", null, "oci:latest", Ours + " (a valid name, not a transport)"),
        V(Repeat("a", 247), Hub, "library/" + Repeat("a", 247), null, null, Repeat("a", 247), Ours + " (255 with library/)"),
        V("example.com/" + Repeat("a", 255), "example.com", Repeat("a", 255), null, null, "example.com/" + Repeat("a", 255), Ours),
        V("docker.io/" + Repeat("ab/", 84) + "abc", Hub, Repeat("ab/", 84) + "abc", null, null, Repeat("ab/", 84) + "abc", Ours + " (255)"),
        V("nginx:" + Repeat("t", 128), Hub, "library/nginx", Repeat("t", 128), null, "nginx:" + Repeat("t", 128), Ours),
        V("nginx:_", Hub, "library/nginx", "_", null, "nginx:_", Ours),
        V("nginx:A-Z.a_z", Hub, "library/nginx", "A-Z.a_z", null, "nginx:A-Z.a_z", Ours),
        // docker.io/ stays in the familiar form when dropping it would turn the first component into a registry.
        V("docker.io/foo.com/bar", Hub, "foo.com/bar", null, null, "docker.io/foo.com/bar", Ours),
        V("docker.io/localhost/foo", Hub, "localhost/foo", null, null, "docker.io/localhost/foo", Ours),
        V("index.docker.io/library/foo.com", Hub, "library/foo.com", null, null, "foo.com", Ours),
        V("a0-b1__c2/d3.e4_f--g", Hub, "a0-b1__c2/d3.e4_f--g", null, null, "a0-b1__c2/d3.e4_f--g", Ours),
    ];

    public static IReadOnlyList<InvalidReferenceCase> Invalid { get; } =
    [
        // reference_test.go, TestReferenceParse
        X("", 0, "empty", RefTest),
        X(":justtag", 0, "repository name is missing", RefTest),
        X("@" + Sha256F, 0, "repository name is missing", RefTest),
        X("repo@sha256:" + Repeat("f", 34), 5, "64 hex characters", RefTest),
        X("validname@invaliddigest:" + F64, 10, "'invaliddigest' is not supported", RefTest),
        X("Uppercase:tag", 0, "must be lowercase", RefTest),
        X("test:5000/Uppercase/lowercase:tag", 10, "must be lowercase", RefTest),
        X("domain/" + Repeat("a", 256) + ":tag", 255, "longer than 255", RefTest),
        X("aa/asdf$$^/aa", 7, "'$' is not allowed", RefTest),
        X("[2001:db8::1]", 0, "'[' is not allowed", RefTest),
        X("[2001:db8::1]:5000", 0, "'[' is not allowed", RefTest),
        X("[2001:db8::1]:tag", 0, "'[' is not allowed", RefTest),
        X("[fe80::1%eth0]:5000/repo", 8, "'%' is not allowed in a bracketed IPv6", RefTest),
        X("[fe80::1%@invalidzone]:5000/repo", 8, "'%' is not allowed in a bracketed IPv6", RefTest),
        // reference_test.go, TestWithNameFailure
        X("example.com/" + Repeat("a", 256), 12 + 255, "longer than 255", RefTest),

        // normalize_test.go, TestValidateReferenceName
        X("https://github.com/docker/docker", 0, "write 'github.com/docker/docker'", NormTest),
        X("docker/Docker", 7, "must be lowercase", NormTest),
        X("-docker", 0, "must start with a lowercase letter or digit", NormTest),
        X("-docker/docker", 0, "must start with a lowercase letter or digit", NormTest),
        X("-docker.io/docker/docker", 0, "cannot start or end with '-'", NormTest),
        X("docker///docker", 7, "empty path component", NormTest),
        X("docker.io/docker/Docker", 17, "must be lowercase", NormTest),
        X("docker.io/docker///docker", 17, "empty path component", NormTest),
        X("[fc00::1]", 0, "'[' is not allowed", NormTest),
        X("[fc00::1]:5000", 0, "'[' is not allowed", NormTest),
        X("fc00::1:5000/debian", 5, "port must be decimal digits", NormTest),
        X("[fe80::1%eth0]:5000/debian", 8, "'%' is not allowed", NormTest),
        X("[2001:db8:3:4::192.0.2.33]:5000/debian", 18, "'.' is not allowed in a bracketed IPv6", NormTest),
        X(Hex64, 0, "image ID", NormTest),

        // normalize_test.go, TestValidateRemoteName
        X("____/____", 0, "must start with a lowercase letter or digit", NormTest),
        X("_docker/_docker", 0, "must start with a lowercase letter or digit", NormTest),
        // A '.' in the first component makes it a registry host (Docker's rule), so these fail as host names.
        X("dock..er/docker", 5, "empty label", NormTest),
        X("dock_.er/docker", 4, "'_' is not allowed in a registry host", NormTest),
        X("dock-.er/docker", 4, "cannot start or end with '-'", NormTest),
        X("docker/", 7, "empty path component", NormTest),
        X("docker-/docker", 6, "must end with a lowercase letter or digit", NormTest),
        X("-docker-/docker", 0, "must start with a lowercase letter or digit", NormTest),
        X(string.Join('_', Enumerable.Repeat(LongNamespaceSegment, 4)) + "/docker", 255, "longer than 255", NormTest),
        // normalize_test.go, TestInvalidReferenceComponents
        X("-foo", 0, "must start with a lowercase letter or digit", NormTest),

        // Ours: transports, boundaries and the other places a reference can go wrong
        X("docker://nginx:latest", 0, "write 'nginx:latest'", Ours),
        X("docker://docker.io/library/nginx", 0, "'docker://' is a transport or URL prefix", Ours),
        X("oci:/tmp/layout:tag", 0, "'oci:' is a transport prefix", Ours),
        X("oci-archive:/tmp/image.tar", 0, "'oci-archive:' is a transport prefix", Ours),
        X("dir:/var/tmp/image", 0, "'dir:' is a transport prefix", Ours),
        X(Repeat("a", 248), 247, "longer than 255", Ours + " (256 with library/)"),
        X("docker.io/" + Repeat("ab/", 84) + "abcd", 10 + 255, "longer than 255", Ours + " (256)"),
        X("nginx:" + Repeat("t", 129), 6 + 128, "longer than 128", Ours),
        X("nginx:", 6, "tag after ':' is empty", Ours),
        X("nginx:@" + Sha256F, 6, "tag after ':' is empty", Ours),
        X("nginx:-x", 6, "must start with a letter, digit or '_'", Ours),
        X("nginx:.x", 6, "must start with a letter, digit or '_'", Ours),
        X("nginx:a:b", 7, "':' is not allowed in a tag", Ours),
        // A ':' before the first '/' makes the first component a registry, so this reads as a bad port.
        X("nginx:a/b", 6, "port must be decimal digits", Ours),
        X("nginx@", 6, "digest after '@' is empty", Ours),
        X("nginx@sha256:abc", 6, "64 hex characters", Ours),
        X("nginx@sha256:" + F64.ToUpperInvariant(), 6, "lowercase hex", Ours),
        X("nginx@md5:" + Repeat("f", 32), 6, "'md5' is not supported", Ours),
        X("nginx:tag@", 10, "digest after '@' is empty", Ours),
        X(" nginx", 0, "' ' is not allowed in a repository name", Ours),
        X("nginx ", 5, "' ' is not allowed in a repository name", Ours),
        X("ngin\u00e9x", 4, "'\u00e9' is not allowed in a repository name", Ours),
        X("example.com:/foo", 12, "port after ':' is empty", Ours),
        X("example.com:80a/foo", 14, "'a' is not allowed in a registry host", Ours),
        X("example.com:80:90/foo", 14, "':' is not allowed in a registry host", Ours),
        X("exa_mple.com/foo", 3, "'_' is not allowed in a registry host", Ours),
        X("example-.com/foo", 7, "cannot start or end with '-'", Ours),
        X("example..com/foo", 8, "empty label", Ours),
        X(".example.com/foo", 0, "empty label", Ours),
        X("[]:5000/foo", 1, "IPv6 address of the registry is empty", Ours),
        X("[::1/foo", 4, "no closing ']'", Ours),
        X("[::1]x/foo", 5, "'x' is not allowed in a registry host", Ours),
        X("/foo", 0, "repository name is missing", Ours),
        X("example.com/", 12, "repository name is missing", Ours),
        X("example.com/foo//bar", 16, "empty path component", Ours),
        X("dock/dock..er", 9, "'..' is not a valid separator", Ours),
        X("dock/dock_.er", 9, "'_.' is not a valid separator", Ours),
        X("dock/dock-.er", 9, "'-.' is not a valid separator", Ours),
        // distribution accepts these as names with no registry at all, which nothing could pull; rejected here.
        X("foo_bar.com/x", 3, "'_' is not allowed in a registry host", Ours),
        X("a0-b1.c2__d3/e4", 8, "'_' is not allowed in a registry host", Ours),
        X("foo___bar", 3, "'___' is not a valid separator", Ours),
        X("foo.-bar", 3, "'.-' is not a valid separator", Ours),
        X("foo.", 3, "must end with a lowercase letter or digit", Ours),
        X("foo-:tag", 3, "must end with a lowercase letter or digit", Ours),
        X("foo-Bar", 4, "must be lowercase", Ours),
        X("library/Nginx", 8, "must be lowercase", Ours),
    ];

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));
}
