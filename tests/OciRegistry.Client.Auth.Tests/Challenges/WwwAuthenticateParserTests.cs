using OciRegistry.Client.Auth.Challenges;

namespace OciRegistry.Client.Auth.Tests.Challenges;

public sealed class WwwAuthenticateParserTests
{
    /// <summary>
    /// Header value → expected challenges, each written <c>Scheme{name=value|name=value}</c> or <c>Scheme[token68]</c>,
    /// joined by <c> ; </c>. Parameter names are shown lower-cased; the usual ones in header order, others alphabetically.
    /// Includes the cases published by distribution's and go-containerregistry's/regclient's challenge tests.
    /// </summary>
    public static TheoryData<string, string> Cases => new()
    {
        // distribution: registry/client/auth/challenge tests.
        { "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",other=fun,slashed=\"he\\\"\\l\\lo\"",
          "Bearer{realm=https://auth.example.com/token|service=registry.example.com|other=fun|slashed=he\"llo}" },
        { "Basic realm=\"https://auth.example.com/token\", Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\"",
          "Basic{realm=https://auth.example.com/token} ; Bearer{realm=https://auth.example.com/token|service=registry.example.com}" },
        // distribution: TestAuthChallengeNormalization's headers (mixed-case host, non-ASCII host, explicit port).
        { "Bearer realm=\"https://reg.EXAMPLE.com/token\",service=\"registry.example.com\"",
          "Bearer{realm=https://reg.EXAMPLE.com/token|service=registry.example.com}" },
        { "Bearer realm=\"https://bɿɒʜɔiɿ-ɿɘƚƨim-ƚol-ɒ-ƨʞnɒʜƚ.com/token\",service=\"registry.example.com\"",
          "Bearer{realm=https://bɿɒʜɔiɿ-ɿɘƚƨim-ƚol-ɒ-ƨʞnɒʜƚ.com/token|service=registry.example.com}" },
        { "Bearer realm=\"https://reg.example.com:80/token\",service=\"registry.example.com\"",
          "Bearer{realm=https://reg.example.com:80/token|service=registry.example.com}" },

        // go-containerregistry: TestChallengeParsing's parameter lists (after the scheme), and the ping tests' headers.
        { "Bearer foo=\"bar\"", "Bearer{foo=bar}" },
        { "Bearer foo", "Bearer[foo]" },
        { "Bearer foo=\"bar\",baz=\"blah\"", "Bearer{baz=blah|foo=bar}" },
        { "Bearer baz=\"blah\", foo=\"bar\"", "Bearer{baz=blah|foo=bar}" },
        { "BASIC", "BASIC{}" },
        { "Bearer realm=\"http://auth.example.com/token\"", "Bearer{realm=http://auth.example.com/token}" },
        { "Bearer realm=\"http://auth.example.com/token", "Bearer{realm=http://auth.example.com/token}" },

        // regclient / go-containerregistry style cases.
        { "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:docker/docker:pull\"",
          "Bearer{realm=https://auth.docker.io/token|service=registry.docker.io|scope=repository:docker/docker:pull}" },
        { "Basic realm=\"GitHub Package Registry\"", "Basic{realm=GitHub Package Registry}" },
        { "BaSiC ReAlM=\"Case insensitive key\"", "BaSiC{realm=Case insensitive key}" },
        { "Basic realm=unquoted", "Basic{realm=unquoted}" },
        { "Basic realm=/", "Basic{realm=/}" },
        { "Bearer realm=\"https://gcr.io/v2/token\", service=\"gcr.io\", scope=\"repository:foo/bar:pull\"",
          "Bearer{realm=https://gcr.io/v2/token|service=gcr.io|scope=repository:foo/bar:pull}" },
        { "Bearer realm=https://ghcr.io/token,service=ghcr.io,scope=repository:user/image:pull",
          "Bearer{realm=https://ghcr.io/token|service=ghcr.io|scope=repository:user/image:pull}" },
        { "Basic", "Basic{}" },
        { "Bearer", "Bearer{}" },
        { "basic realm=\"x\"", "basic{realm=x}" },
        { "BEARER REALM=\"x\"", "BEARER{realm=x}" },

        // Quoted strings: commas, spaces, escapes, empty values.
        { "Bearer realm=\"https://a.test/token?x=1,2\",service=\"s\"", "Bearer{realm=https://a.test/token?x=1,2|service=s}" },
        { "Basic realm=\"a, b, c\"", "Basic{realm=a, b, c}" },
        { "Basic realm=\"quote \\\" inside\"", "Basic{realm=quote \" inside}" },
        { "Basic realm=\"back\\\\slash\"", "Basic{realm=back\\slash}" },
        { "Basic realm=\"\"", "Basic{realm=}" },
        { "Basic realm=\"Bearer realm=inner\"", "Basic{realm=Bearer realm=inner}" },
        { "Basic realm=\"unterminated", "Basic{realm=unterminated}" },
        { "Basic realm=\"ends in escape\\", "Basic{realm=ends in escape\\}" },

        // Whitespace around '=' and separators (BWS, OWS) and empty list elements.
        { "Bearer realm = \"x\" , service = y", "Bearer{realm=x|service=y}" },
        { "Bearer\trealm=\"x\"", "Bearer{realm=x}" },
        { "  Bearer realm=\"x\"  ", "Bearer{realm=x}" },
        { ", , Bearer realm=\"x\",, service=\"y\" ,", "Bearer{realm=x|service=y}" },
        { "", "" },
        { "   ", "" },
        { ",", "" },

        // Several challenges in one value.
        { "Bearer realm=\"a\", Basic realm=\"b\"", "Bearer{realm=a} ; Basic{realm=b}" },
        { "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"",
          "Newauth{realm=apps|type=1|title=Login to \"apps\"} ; Basic{realm=simple}" },
        { "Negotiate, Basic realm=\"x\"", "Negotiate{} ; Basic{realm=x}" },
        { "Basic realm=\"a\",Bearer realm=\"b\",service=\"c\"", "Basic{realm=a} ; Bearer{realm=b|service=c}" },
        { "Negotiate, NTLM", "Negotiate{} ; NTLM{}" },

        // token68.
        { "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag", "Negotiate[YIIGhgYGKwYBBQUCoIIGejCCBnag]" },
        { "Basic dXNlcjpwYXNz==", "Basic[dXNlcjpwYXNz==]" },
        { "Custom a+b/c=", "Custom[a+b/c=]" },
        { "Custom abc==, Basic realm=\"x\"", "Custom[abc==] ; Basic{realm=x}" },

        // Docker token parameters: several scopes, host:port names, errors.
        { "Bearer realm=\"https://auth.test/token\",service=\"reg\",scope=\"repository:a:pull repository:b:pull,push\"",
          "Bearer{realm=https://auth.test/token|service=reg|scope=repository:a:pull repository:b:pull,push}" },
        { "Bearer realm=\"https://auth.test/token\",scope=\"repository:localhost:5000/team/app:pull\"",
          "Bearer{realm=https://auth.test/token|scope=repository:localhost:5000/team/app:pull}" },
        { "Bearer realm=\"https://auth.test/token\",service=\"reg\",scope=\"repository:a:pull,push\",error=\"insufficient_scope\"",
          "Bearer{realm=https://auth.test/token|service=reg|scope=repository:a:pull,push|error=insufficient_scope}" },
        { "Bearer realm=\"https://auth.test/token\",error=\"invalid_token\",error_description=\"The access token expired\"",
          "Bearer{realm=https://auth.test/token|error=invalid_token|error_description=The access token expired}" },
        { "Bearer realm=\"https://auth.test/token\",scope=\"registry:catalog:*\"",
          "Bearer{realm=https://auth.test/token|scope=registry:catalog:*}" },

        // Duplicate parameters: the first wins; names compare without case.
        { "Basic realm=\"first\", realm=\"second\"", "Basic{realm=first}" },
        { "Basic Realm=\"first\", REALM=\"second\"", "Basic{realm=first}" },

        // Garbage is skipped without losing the challenges around it.
        { "=oops, Basic realm=\"x\"", "Basic{realm=x}" },
        { "\"quoted\", Basic realm=\"x\"", "Basic{realm=x}" },
        { "Bearer realm=\"x\", =broken, service=\"y\"", "Bearer{realm=x|service=y}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_the_challenge_table(string header, string expected)
    {
        var challenges = WwwAuthenticateParser.Parse(header);

        Assert.Equal(expected, Describe(challenges));
    }

    [Fact]
    public void Has_at_least_forty_cases() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    [Fact]
    public void Reads_challenges_from_several_headers_in_order()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"one\"");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.test/token\",service=\"two\", Negotiate");

        var challenges = WwwAuthenticateParser.Parse(response);

        Assert.Equal("Basic{realm=one} ; Bearer{realm=https://auth.test/token|service=two} ; Negotiate{}", Describe(challenges));
    }

    [Fact]
    public void Exposes_realm_service_scopes_and_errors()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse(
            "Bearer realm=\"https://auth.test/token\",service=\"reg.test\",scope=\"repository:localhost:5000/a/b:pull,push registry:catalog:* bogus\",error=\"insufficient_scope\""));

        Assert.True(challenge.IsBearer);
        Assert.False(challenge.IsBasic);
        Assert.Equal("https://auth.test/token", challenge.Realm);
        Assert.Equal("reg.test", challenge.Service);
        Assert.True(challenge.IsInsufficientScope);
        Assert.False(challenge.IsInvalidToken);
        Assert.Equal(["repository:localhost:5000/a/b:pull,push", "registry:catalog:*"], challenge.Scopes.Select(s => s.ToString()));
        Assert.Equal("localhost:5000/a/b", challenge.Scopes[0].ResourceName);
    }

    [Fact]
    public void Does_not_show_parameters_in_ToString()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse("Bearer realm=\"https://auth.test/token\",error_description=\"token abc.def.ghi\""));

        Assert.DoesNotContain("abc.def.ghi", challenge.ToString(), StringComparison.Ordinal);
    }

    private static string Describe(IReadOnlyList<AuthenticationChallenge> challenges) =>
        string.Join(" ; ", challenges.Select(c => c.Token68 is not null
            ? $"{c.Scheme}[{c.Token68}]"
            : $"{c.Scheme}{{{string.Join('|', c.Parameters.OrderBy(p => Order(c, p.Key)).ThenBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal).Select(p => $"{p.Key.ToLowerInvariant()}={p.Value}"))}}}"));

    // ImmutableDictionary has no order: known names sort in the order headers carry them, the rest by name.
    private static int Order(AuthenticationChallenge challenge, string name) =>
        Array.IndexOf(["realm", "type", "title", "service", "other", "slashed", "scope", "error", "error_description"], name.ToLowerInvariant()) is var i and >= 0 ? i : 100;
}
