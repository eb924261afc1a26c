using System.Globalization;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy.IntegrationTests.Support;

/// <summary>
/// A repository's whole referrer trees as text, for comparing two registries node by node: for the manifest and, when
/// it is an index, every manifest it lists, each referrer (recursively) with its kind, media type, digest, size,
/// artifact type and every annotation, siblings in digest order (registries list them in orders of their own).
/// </summary>
internal static class ReferrerTrees
{
    public static async Task<string> DescribeAsync(RegistryRepository repository, string reference)
    {
        var manifest = await repository.FetchManifestAsync(reference);
        var subjects = new List<Digest> { manifest.Digest };
        if (manifest.MediaType is MediaTypes.OciIndex or MediaTypes.DockerManifestList)
        {
            using var index = JsonDocument.Parse(manifest.Content);
            subjects.AddRange(index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => Digest.Parse(m.GetProperty("digest").GetString()!)));
        }

        var text = new StringBuilder();
        foreach (var subject in subjects)
        {
            text.Append(subject.ToString()).AppendLine();
            Append(text, await ReferrerTree.ReadAsync(repository, subject, ReferrerFilter.All), "  ");
        }

        return text.ToString();
    }

    /// <summary>How many referrers the description lists, at every depth.</summary>
    public static int CountReferrers(string description) =>
        description.Split('\n').Count(line => line.StartsWith("  ", StringComparison.Ordinal));

    private static void Append(StringBuilder text, IReadOnlyList<ReferrerNode> nodes, string indent)
    {
        foreach (var node in nodes.OrderBy(n => n.Referrer.Descriptor.Digest.ToString(), StringComparer.Ordinal))
        {
            var d = node.Referrer.Descriptor;
            text.Append(indent).Append(CultureInfo.InvariantCulture, $"{node.Referrer.Kind} {d.MediaType} {d.Digest} {d.Size} artifactType={d.ArtifactType ?? "-"} tag={node.Referrer.Tag ?? "-"}");
            foreach (var (key, value) in (d.Annotations ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
            }

            text.AppendLine();
            Append(text, node.Referrers, indent + "  ");
        }
    }
}
