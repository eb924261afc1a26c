namespace OciRegistry.Client.Tests.References;

public sealed class ImageReferenceParseTests
{
    private static readonly Dictionary<string, ValidReferenceCase> ValidByInput =
        ReferenceCases.Valid.ToDictionary(c => c.Input, StringComparer.Ordinal);

    private static readonly Dictionary<string, InvalidReferenceCase> InvalidByInput =
        ReferenceCases.Invalid.ToDictionary(c => c.Input, StringComparer.Ordinal);

    // Only the input goes through xunit, so each case shows up as its own test under a readable name.
    public static TheoryData<string> ValidInputs => new(ReferenceCases.Valid.Select(c => c.Input));

    public static TheoryData<string> InvalidInputs => new(ReferenceCases.Invalid.Select(c => c.Input));

    [Fact]
    public void The_table_has_at_least_80_cases_and_no_input_is_both_valid_and_invalid()
    {
        Assert.True(ReferenceCases.Valid.Count + ReferenceCases.Invalid.Count >= 80);
        Assert.Empty(ValidByInput.Keys.Intersect(InvalidByInput.Keys));
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Parses_valid_reference(string input)
    {
        var expected = ValidByInput[input];

        var reference = ImageReference.Parse(input);

        Assert.Equal(expected.Registry, reference.Registry);
        Assert.Equal(expected.Repository, reference.Repository);
        Assert.Equal(expected.Tag, reference.Tag);
        Assert.Equal(expected.Digest, reference.Digest?.ToString());
        Assert.Equal($"{expected.Registry}/{expected.Repository}", reference.Name);
        Assert.Equal(expected.Canonical, reference.ToString());
        Assert.Equal(expected.Familiar, reference.ToFamiliarString());
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Canonical_and_familiar_forms_parse_back_to_an_equal_reference(string input)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
        Assert.Equal(reference, ImageReference.Parse(reference.ToFamiliarString()));
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void TryParse_agrees_with_Parse_on_valid_input(string input)
    {
        Assert.True(ImageReference.TryParse(input, out var reference));
        Assert.Equal(ImageReference.Parse(input), reference);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Rejects_invalid_reference_saying_what_and_where(string input)
    {
        var expected = InvalidByInput[input];

        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));

        Assert.Equal(input, e.Reference);
        Assert.Equal(expected.Position, e.Position);
        Assert.NotNull(e.Reason);
        Assert.Contains(expected.ReasonContains, e.Reason, StringComparison.Ordinal);
        Assert.Contains(e.Reason, e.Message, StringComparison.Ordinal);
        Assert.Contains($"position {expected.Position}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void TryParse_returns_false_without_throwing(string input)
    {
        Assert.False(ImageReference.TryParse(input, out var reference));
        Assert.Null(reference);
        Assert.False(ImageReference.TryParse(input, provider: null, out _));
    }

    [Fact]
    public void TryParse_of_null_returns_false()
    {
        Assert.False(ImageReference.TryParse(null, out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void Parse_of_null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ImageReference.Parse(null!));
    }

    [Fact]
    public void Works_through_IParsable()
    {
        static T ParseAs<T>(string s) where T : IParsable<T> => T.Parse(s, provider: null);

        Assert.Equal("docker.io/library/nginx:1.27", ParseAs<ImageReference>("nginx:1.27").ToString());
    }

    [Theory]
    [InlineData("docker://nginx")]
    [InlineData("docker://localhost:5000/foo:tag")]
    [InlineData("oci:/srv/layout:latest")]
    [InlineData("docker-archive:/tmp/image.tar")]
    [InlineData("containers-storage:[overlay@/var/lib/containers]nginx")]
    public void Rejects_transport_prefixes_naming_them(string input)
    {
        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));

        Assert.Equal(0, e.Position);
        Assert.Contains(input[..(input.IndexOf(':', StringComparison.Ordinal) + 1)], e.Reason, StringComparison.Ordinal);
        Assert.Contains("prefix", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_of_255_characters_is_accepted_and_256_rejected_whatever_the_registry_length()
    {
        var longRegistry = new string('r', 60) + ".example.com";

        Assert.Equal(255, ImageReference.Parse($"{longRegistry}/{new string('a', 255)}").Repository.Length);
        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse($"{longRegistry}/{new string('a', 256)}"));
        Assert.Equal(longRegistry.Length + 1 + 255, e.Position);
        Assert.Contains("255", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_prefix_counts_towards_the_255_characters()
    {
        Assert.Equal(255, ImageReference.Parse(new string('a', 247)).Repository.Length);
        Assert.False(ImageReference.TryParse(new string('a', 248), out _));
        Assert.True(ImageReference.TryParse("docker.io/x/" + new string('a', 253), out _));
    }

    [Fact]
    public void Tag_of_128_characters_is_accepted_and_129_rejected()
    {
        var tag128 = "v" + new string('1', 127);

        Assert.Equal(tag128, ImageReference.Parse($"ghcr.io/a/b:{tag128}").Tag);
        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse($"ghcr.io/a/b:{tag128}9"));
        Assert.Equal("ghcr.io/a/b:".Length + 128, e.Position);
        Assert.Contains("128", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_digest_message_carries_the_digest_parser_reason()
    {
        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse("nginx@sha256:123"));

        Assert.Equal(6, e.Position);
        Assert.Contains("digest", e.Reason, StringComparison.Ordinal);
        Assert.Contains("64", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad/Name")]
    [InlineData("example.com/foo:-tag")]
    [InlineData("nginx:tag:more")]
    [InlineData("docker://nginx")]
    [InlineData("localhost:5000/Foo")]
    public void TryParse_allocates_nothing_when_rejecting_a_name_or_tag(string input)
    {
        ImageReference.TryParse(input, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 100; i++)
        {
            ImageReference.TryParse(input, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
