using System.CommandLine;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg list-referrers [--artifact-type T]... [--format json] IMAGE</c>: the tree of what refers to an image
/// (signatures, SBOMs, attestations, and what refers to those), as the referrers API, the referrers tag schema and
/// cosign's tags give it.
/// </summary>
internal static class ListReferrersCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = new Argument<string>("IMAGE-NAME") { Description = "the image whose referrers to list, docker://REGISTRY/REPOSITORY:TAG or @DIGEST" };
        var artifactTypes = new Option<string[]>("--artifact-type") { Description = "list only referrers of this artifact type (repeatable); their own referrers are listed whatever their type", HelpName = "type" };
        var format = new Option<string>("--format") { Description = "output format: tree (default) or json", HelpName = "string" };
        var retryTimes = new Option<int?>("--retry-times") { Description = "the number of times to possibly retry", HelpName = "int" };
        var access = new ImageOptions(string.Empty);
        var command = new Command("list-referrers", "List the referrers of IMAGE-NAME (signatures, SBOMs, attestations) as a tree") { image, artifactTypes, format, retryTimes };
        access.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            return context.RunAsync(
                result,
                () => $"listing the referrers of {text}",
                async ct =>
                {
                    var location = ImageArgument.Parse(text);
                    var json = result.GetValue(format) switch
                    {
                        null or "tree" => false,
                        "json" => true,
                        var other => throw new CliUsageException($"Unknown --format \"{other}\": use tree or json"),
                    };
                    var types = result.GetValue(artifactTypes) ?? [];
                    if (types.Any(string.IsNullOrWhiteSpace))
                    {
                        throw new CliUsageException("--artifact-type needs a media type, for example application/spdx+json");
                    }

                    var services = CliServices.Create(context.Console, context.Debug(result), [(location, access.Read(result, context.Console))], result.GetValue(retryTimes));
                    await using (services.ConfigureAwait(false))
                    {
                        var source = await services.Opener.OpenSourceAsync(location, ct).ConfigureAwait(false);
                        await using var release = source.ConfigureAwait(false);
                        var lister = source.Source.Description.Referrers
                            ?? throw new CliUsageException($"{text} is not in a registry: only registries keep referrers");
                        var subject = await source.Source.ResolveAsync(source.Reference, ct).ConfigureAwait(false);
                        var tree = await ReferrerTree.ReadAsync(lister, subject.Digest, new ReferrerFilter { ArtifactTypes = types }, ct).ConfigureAwait(false);
                        var name = location.RegistryReference?.Name ?? text;
                        var output = json ? Json(name, subject, tree) : Tree(name, subject, tree);
                        await context.Console.Out.WriteLineAsync(output).ConfigureAwait(false);
                        return ExitCodes.Success;
                    }
                },
                cancellationToken);
        });
        return command;
    }

    /// <summary>Renders the tree as text, one referrer a line: digest, artifact type, and the tag of a cosign attachment.</summary>
    internal static string Tree(string name, Descriptor subject, IReadOnlyList<ReferrerNode> tree)
    {
        var text = new StringBuilder().Append(name).Append('@').Append(subject.Digest.ToString());
        Append(text, tree, string.Empty);
        return text.ToString();
    }

    /// <summary>Renders the tree as JSON: the subject and its referrers, each with its own.</summary>
    internal static string Json(string name, Descriptor subject, IReadOnlyList<ReferrerNode> tree)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("mediaType", subject.MediaType);
            writer.WriteString("digest", subject.Digest.ToString());
            writer.WriteNumber("size", subject.Size);
            WriteReferrers(writer, tree);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Append(StringBuilder text, IReadOnlyList<ReferrerNode> nodes, string indent)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var last = i == nodes.Count - 1;
            var referrer = nodes[i].Referrer;
            text.AppendLine().Append(indent).Append(last ? "└── " : "├── ")
                .Append(referrer.Descriptor.Digest.ToString())
                .Append("  ").Append(referrer.Descriptor.ArtifactType ?? referrer.Descriptor.MediaType);
            if (referrer.Tag is { } tag)
            {
                text.Append("  (tag ").Append(tag).Append(')');
            }

            Append(text, nodes[i].Referrers, indent + (last ? "    " : "│   "));
        }
    }

    private static void WriteReferrers(Utf8JsonWriter writer, IReadOnlyList<ReferrerNode> nodes)
    {
        writer.WriteStartArray("referrers");
        foreach (var node in nodes)
        {
            var descriptor = node.Referrer.Descriptor;
            writer.WriteStartObject();
            writer.WriteString("mediaType", descriptor.MediaType);
            writer.WriteString("digest", descriptor.Digest.ToString());
            writer.WriteNumber("size", descriptor.Size);
            if (descriptor.ArtifactType is { } artifactType)
            {
                writer.WriteString("artifactType", artifactType);
            }

            if (descriptor.Annotations is { Count: > 0 } annotations)
            {
                writer.WriteStartObject("annotations");
                foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            if (node.Referrer.Tag is { } tag)
            {
                writer.WriteString("tag", tag);
            }

            WriteReferrers(writer, node.Referrers);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
