using System.IO.Pipelines;
using System.Text;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy.IntegrationTests.Support;

/// <summary>
/// Supply-chain evidence attached to an image the way the tools that make it do: an SPDX SBOM and an in-toto
/// provenance statement as OCI 1.1 referrers (ORAS, BuildKit, syft), a signature of the SBOM (a referrer of a
/// referrer), and a cosign signature under its <c>sha256-HEX.sig</c> tag.
/// </summary>
internal static class Attachments
{
    public const string Spdx = "application/spdx+json";
    public const string InToto = "application/vnd.in-toto+json";
    public const string Signature = "application/vnd.example.signature.v1";

    public static async Task<Manifest> AttachAsync(RegistryRepository repository, Descriptor subject, string artifactType, string payloadType, string payload, string? tag = null)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var layer = Descriptor.FromContent(payloadType, bytes) with
        {
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "payload.json" },
        };
        await PushBlobAsync(repository, layer, bytes);
        await PushBlobAsync(repository, Descriptor.Empty, "{}"u8.ToArray());
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = tag is null ? artifactType : null,
            Config = tag is null ? Descriptor.Empty with { Data = null } : Descriptor.Empty with { Data = null, MediaType = MediaTypes.OciConfig },
            Layers = [layer],
            Subject = tag is null ? subject with { Platform = null, Annotations = null, ArtifactType = null } : null,
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2024-05-01T10:00:00Z" },
        });
        await repository.PushManifestAsync(manifest, tag);
        return manifest;
    }

    /// <summary>Attaches an SBOM, a provenance attestation, a signature of the SBOM, and a cosign signature tag.</summary>
    public static async Task<(Manifest Sbom, Manifest Provenance, Manifest SbomSignature, Manifest Cosign)> AttachAllAsync(RegistryRepository repository, Descriptor subject)
    {
        var sbom = await AttachAsync(repository, subject, Spdx, Spdx, SpdxDocument(subject.Digest));
        var provenance = await AttachAsync(repository, subject, InToto, "application/vnd.in-toto+json", InTotoStatement(subject.Digest));
        var signature = await AttachAsync(repository, sbom.Descriptor, Signature, "application/vnd.example.signature.v1+json", $$"""{"signed":"{{sbom.Digest}}"}""");
        var cosign = await AttachAsync(
            repository, subject, Signature, "application/vnd.dev.cosign.simplesigning.v1+json",
            $$"""{"critical":{"identity":{"docker-reference":"example"},"image":{"docker-manifest-digest":"{{subject.Digest}}"},"type":"cosign container image signature"},"optional":null}""",
            ReferrerTags.ForCosign(subject.Digest, ReferrerTags.CosignSignatureSuffix));
        return (sbom, provenance, signature, cosign);
    }

    // An SPDX 2.3 document in the shape syft writes (fields per the SPDX 2.3 JSON schema).
    public static string SpdxDocument(Digest subject) => $$"""
        {"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"image",
         "documentNamespace":"https://example.invalid/spdx/{{subject.Encoded}}",
         "creationInfo":{"created":"2024-05-01T10:00:00Z","creators":["Tool: syft-1.4.1"]},
         "packages":[{"name":"busybox","SPDXID":"SPDXRef-Package-busybox","versionInfo":"1.36.1","downloadLocation":"NOASSERTION","licenseConcluded":"GPL-2.0-only"}],
         "relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relatedSpdxElement":"SPDXRef-Package-busybox","relationshipType":"DESCRIBES"}]}
        """;

    // An in-toto v1 statement with a SLSA provenance v1 predicate, as BuildKit attaches it.
    public static string InTotoStatement(Digest subject) => $$$"""
        {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"image","digest":{"sha256":"{{{subject.Encoded}}}"}}],
         "predicateType":"https://slsa.dev/provenance/v1",
         "predicate":{"buildDefinition":{"buildType":"https://mobyproject.org/buildkit@v1","externalParameters":{}},"runDetails":{"builder":{"id":""} } } }
        """;

    private static async Task PushBlobAsync(RegistryRepository repository, Descriptor blob, byte[] content)
    {
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(blob, PipeReader.Create(stream));
    }
}
