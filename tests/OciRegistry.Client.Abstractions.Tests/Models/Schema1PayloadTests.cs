using System.Text;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Abstractions.Tests.Models;

public sealed class Schema1PayloadTests
{
    // Served by Distribution 2.8 (schema 1 compatibility on) for an image skopeo pushed with --format v2s1, with the
    // Docker-Content-Digest it answered with.
    private const string Signed = """
{"name":"s1/app","tag":"v1","architecture":"amd64","fsLayers":[{"blobSum":"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"},{"blobSum":"sha256:0037812136c393869362c9c505663f2236f623f14816f9adc2a75d38f0956679"},{"blobSum":"sha256:09fa607b6d364ad4e4f6ffe4ff9ddad95866bf0a46bf635941fc2ebb4994e607"}],"history":[{"v1Compatibility":"{\"architecture\":\"amd64\",\"config\":{\"Env\":[\"A=1\"],\"Cmd\":[\"/bin/sh\"]},\"created\":\"2026-11-26T19:46:53.215294302Z\",\"id\":\"f7239e5e91c2903ea4305e529642df6ad519e2c5e7fb2ab06c9540e9f3438206\",\"os\":\"linux\",\"parent\":\"2c1fe4b7e784d297199126291bd380a3584808e2e724da63ca6352697e875f89\",\"throwaway\":true}"},{"v1Compatibility":"{\"id\":\"2c1fe4b7e784d297199126291bd380a3584808e2e724da63ca6352697e875f89\",\"parent\":\"fe7674248350f62f51804ba65dc35d2a133e320ec00ff014d93e4f06a8865b0c\",\"created\":\"2026-11-26T19:46:53.271625244Z\",\"container_config\":{\"Cmd\":[\"umoci insert\"]}}"},{"v1Compatibility":"{\"id\":\"fe7674248350f62f51804ba65dc35d2a133e320ec00ff014d93e4f06a8865b0c\",\"created\":\"2026-11-26T19:46:53.237249307Z\",\"container_config\":{\"Cmd\":[\"umoci insert\"]}}"}],"schemaVersion":1,"signatures":[{"header":{"jwk":{"crv":"P-256","kid":"PSO3:DJAQ:STA5:T2NF:WW24:Z3XT:H7DU:75YP:4IPQ:LZ2P:LUJ2:TDBU","kty":"EC","x":"lNNvqwaOV10B8DEr2wH4Vv5XYb1barknMMyuZLt09UI","y":"L_wssrp3dsTRXEnh282VhZfZzJ3P9mvM7mCEeCxTXoA"},"alg":"ES256"},"signature":"zOEso5qU4070XsYAYcDt6plzsl3acUvtJ9eFeqrzkEpwNbkRxg-KTtzlL9fOHNw0pC1g0U_3v4PA-xH457a6qw","protected":"eyJmb3JtYXRMZW5ndGgiOjExNjgsImZvcm1hdFRhaWwiOiJmUSIsInRpbWUiOiIyMDI2LTExLTI2VDIwOjA3OjM4WiJ9"}]}
""";

    private const string RegistryDigest = "sha256:921d6f3b07050467843623d01a20ceb7db024e82e548145088269b5c1dd0ff89";

    [Theory]
    [InlineData(MediaTypes.DockerSchema1SignedManifest)]
    [InlineData(null)]
    public void A_signed_schema_1_manifest_is_identified_by_its_payload_as_the_registry_identifies_it(string? contentType)
    {
        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(Signed), contentType);

        Assert.Equal(RegistryDigest, manifest.Digest.ToString());
        Assert.Equal(Signed, Encoding.UTF8.GetString(manifest.Content.Span));
        Assert.NotEqual(RegistryDigest, Digest.Compute(manifest.Content.Span).ToString());
    }

    [Fact]
    public void Fetched_by_its_digest_it_verifies()
    {
        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(Signed), MediaTypes.DockerSchema1SignedManifest, Digest.Parse(RegistryDigest));

        Assert.Equal(ManifestKind.Schema1, manifest.Kind);
    }

    [Fact]
    public void A_signature_whose_header_does_not_decode_leaves_the_whole_body_as_the_identity()
    {
        var broken = Signed.Replace("\"protected\":\"", "\"protected\":\"!!", StringComparison.Ordinal);

        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(broken), MediaTypes.DockerSchema1SignedManifest);

        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(broken)), manifest.Digest);
    }
}
