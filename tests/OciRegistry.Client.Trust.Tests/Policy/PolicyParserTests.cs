using System.Text;
using OciRegistry.Client.Trust.Policy;

namespace OciRegistry.Client.Trust.Tests.Policy;

public sealed class PolicyParserTests
{
    private static TrustPolicy Parse(string json) => PolicyParser.Parse(Encoding.UTF8.GetBytes(json), "policy.json");

    private static string Refused(string json) => Assert.Throws<TrustPolicyException>(() => Parse(json)).Message;

    [Fact]
    public void Every_requirement_type_and_identity_form_is_read()
    {
        var policy = Parse("""
            {
              "default": [{"type": "reject"}],
              "transports": {
                "docker": {
                  "example.com/a": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k.gpg", "signedIdentity": {"type": "matchExact"}}],
                  "example.com/b": [{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["/1", "/2"], "signedIdentity": {"type": "matchRepository"}}],
                  "example.com/c": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "AAEC", "signedIdentity": {"type": "exactReference", "dockerReference": "example.com/x:1"}}],
                  "example.com/d": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k", "signedIdentity": {"type": "exactRepository", "dockerRepository": "example.com/x"}}],
                  "example.com/e": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k", "signedIdentity": {"type": "remapIdentity", "prefix": "mirror.example.com", "signedPrefix": "example.com/ns"}}],
                  "*.example.org": [{"type": "sigstoreSigned", "fulcio": {"caData": "AAEC", "oidcIssuer": "https://issuer", "subjectEmail": "a@b"}, "rekorPublicKeyData": "AAEC"}],
                  "example.net": [{"type": "sigstoreSigned", "keyDatas": ["AAEC", "AwQF"], "signedIdentity": {"type": "matchRepoDigestOrExact"}}]
                },
                "oci": {"": [{"type": "insecureAcceptAnything"}]}
              }
            }
            """);

        var docker = policy.Transports["docker"];
        Assert.IsType<MatchExact>(Assert.IsType<SignedByRequirement>(docker["example.com/a"][0]).SignedIdentity);
        Assert.Equal(["/1", "/2"], Assert.IsType<SignedByRequirement>(docker["example.com/b"][0]).KeyPaths);
        Assert.Equal(new byte[] { 0, 1, 2 }, Assert.IsType<SignedByRequirement>(docker["example.com/c"][0]).KeyData.ToArray());
        Assert.IsType<ExactRepository>(Assert.IsType<SignedByRequirement>(docker["example.com/d"][0]).SignedIdentity);
        Assert.Equal(new RemapIdentity("mirror.example.com", "example.com/ns"), Assert.IsType<SignedByRequirement>(docker["example.com/e"][0]).SignedIdentity);
        var fulcio = Assert.IsType<SigstoreSignedRequirement>(docker["*.example.org"][0]);
        Assert.Equal("https://issuer", fulcio.Fulcio!.OidcIssuer);
        Assert.True(fulcio.HasRekorKey);
        Assert.Equal(2, Assert.IsType<SigstoreSignedRequirement>(docker["example.net"][0]).KeyDatas.Count);
        Assert.IsType<InsecureAcceptAnythingRequirement>(policy.Transports["oci"][""][0]);
    }

    [Fact]
    public void The_pki_form_of_sigstoreSigned_is_read()
    {
        var policy = Parse("""
            {
              "default": [{"type": "reject"}],
              "transports": {
                "docker": {
                  "example.com/a": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/roots.pem", "caIntermediatesPath": "/intermediates.pem", "subjectEmail": "a@example.com", "subjectHostname": "build.example.com"}}],
                  "example.com/b": [{"type": "sigstoreSigned", "pki": {"caRootsData": "AAEC", "caIntermediatesData": "AwQF", "subjectHostname": "build.example.com"}, "signedIdentity": {"type": "matchRepository"}}]
                }
              }
            }
            """);

        var docker = policy.Transports["docker"];
        var a = Assert.IsType<SigstoreSignedRequirement>(docker["example.com/a"][0]);
        Assert.Equal(new PkiRequirement("/roots.pem", default, "/intermediates.pem", default, "a@example.com", "build.example.com"), a.Pki! with { CaRootsData = default, CaIntermediatesData = default });
        Assert.Null(a.Fulcio);
        Assert.False(a.HasRekorKey);
        Assert.IsType<MatchRepoDigestOrExact>(a.SignedIdentity);
        var b = Assert.IsType<SigstoreSignedRequirement>(docker["example.com/b"][0]).Pki!;
        Assert.Equal(new byte[] { 0, 1, 2 }, b.CaRootsData.ToArray());
        Assert.Equal(new byte[] { 3, 4, 5 }, b.CaIntermediatesData.ToArray());
        Assert.Null(b.SubjectEmail);
        Assert.Null(b.CaRootsPath);
    }

    [Fact]
    public void Malformed_json_names_the_file_and_the_line()
    {
        var message = Refused("{\n  \"default\": [\n");

        Assert.StartsWith("trust policy policy.json: invalid JSON at line", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void An_unknown_requirement_type_is_refused_with_its_json_path()
    {
        var message = Refused("""{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": {"example.com": [{"type": "signedByAnyone"}]}}}""");

        Assert.Equal("trust policy policy.json: at $.transports[\"docker\"][\"example.com\"][0].type: unknown policy requirement type \"signedByAnyone\"", message);
    }

    [Theory]
    [InlineData("""{"transports": {}}""", "$: the \"default\" requirements are missing")]
    [InlineData("""{"default": []}""", "$.default: no requirements")]
    [InlineData("""{"default": [{"type": "reject", "extra": 1}]}""", "$.default[0].extra: unknown field")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "GPGKeys"}]}""", "$.default[0]: exactly one of keyPath, keyPaths and keyData")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "keyData": "AA=="}]}""", "$.default[0]: exactly one of keyPath, keyPaths and keyData")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "PGP", "keyPath": "/a"}]}""", "$.default[0].keyType: unknown key type")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "not base64!"}]}""", "$.default[0].keyData: not valid base64")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "signedIdentity": {"type": "matchSomething"}}]}""", "$.default[0].signedIdentity.type: unknown signedIdentity type")]
    [InlineData("""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "signedIdentity": {"type": "exactReference", "dockerReference": "example.com/x"}}]}""", "has neither a tag nor a digest")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "fulcio": {"caPath": "/ca", "oidcIssuer": "i", "subjectEmail": "e"}}]}""", "fulcio needs one of rekorPublicKeyPath")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "keyPath": "/k", "keyData": "AA=="}]}""", "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "keyPath": "/k", "pki": {"caRootsPath": "/r", "subjectEmail": "e"}}]}""", "$.default[0]: exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "fulcio": {"caPath": "/ca", "oidcIssuer": "i", "subjectEmail": "e"}, "rekorPublicKeyPath": "/r", "pki": {"caRootsPath": "/r", "subjectEmail": "e"}}]}""", "$.default[0]: exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectEmail": "e"}, "rekorPublicKeyPath": "/k"}]}""", "$.default[0]: rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas are not supported with pki")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"subjectEmail": "e"}}]}""", "$.default[0].pki: exactly one of caRootsPath and caRootsData")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "caRootsData": "AA==", "subjectEmail": "e"}}]}""", "$.default[0].pki: exactly one of caRootsPath and caRootsData")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "", "subjectEmail": "e"}}]}""", "$.default[0].pki.caRootsPath: an empty path")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "caIntermediatesPath": "/i", "caIntermediatesData": "AA==", "subjectEmail": "e"}}]}""", "$.default[0].pki: caIntermediatesPath and caIntermediatesData cannot be used together")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r"}}]}""", "$.default[0].pki: at least one of subjectEmail and subjectHostname")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectEmail": "", "subjectHostname": ""}}]}""", "$.default[0].pki: at least one of subjectEmail and subjectHostname")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectEmail": "e", "oidcIssuer": "i"}}]}""", "$.default[0].pki.oidcIssuer: unknown field")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsData": "not base64!", "subjectEmail": "e"}}]}""", "$.default[0].pki.caRootsData: not valid base64")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectHostname": 7}}]}""", "$.default[0].pki.subjectHostname: expected a string")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "pki": ["/r"]}]}""", "$.default[0].pki: expected an object")]
    [InlineData("""{"default": [{"type": "sigstoreSigned", "fulcio": {"oidcIssuer": "i", "subjectEmail": "e"}, "rekorPublicKeyPath": "/r"}]}""", "$.default[0].fulcio: exactly one of caPath and caData")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": {"oci": {"relative/path": [{"type": "reject"}]}}}""", "must be an absolute path")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": {"dir": {"/": [{"type": "reject"}]}}}""", "use the transport's default scope")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": {"docker-archive": {"/a.tar": [{"type": "reject"}]}}}""", "does not support any scopes")]
    [InlineData("""{"default": [{"type": "reject"}], "transports": {"docker": {"ex*ample.com": [{"type": "reject"}]}}}""", "a wildcard is only allowed as a leading *.")]
    [InlineData("""{"default": [{"type": "reject"}], "default": [{"type": "reject"}]}""", "duplicate key")]
    public void Invalid_policies_are_refused_saying_where(string json, string expected)
    {
        var message = Refused(json);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.StartsWith("trust policy policy.json: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var message = Assert.Throws<TrustPolicyException>(() => PolicyParser.Load("/nonexistent/policy.json")).Message;

        Assert.Equal("trust policy /nonexistent/policy.json: the file does not exist", message);
    }
}
