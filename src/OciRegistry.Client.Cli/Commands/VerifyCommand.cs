using System.CommandLine;
using System.Text.Json;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Trust;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg verify [--format json] IMAGE</c>: judges an image against the trust policy in place, without copying it,
/// and prints each accepted signature's signer and identity. Exit 0 when trusted, 1 when rejected, 2 when the image
/// does not exist.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = new Argument<string>("IMAGE") { Description = "the image to verify" };
        var format = new Option<string>("--format") { Description = "output format: text or json", HelpName = "FORMAT" };
        var access = new ImageOptions(string.Empty);
        var command = new Command("verify", "Evaluate the trust policy against an image in place") { image, format };
        access.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var text = result.GetValue(image)!;
            return context.RunAsync(
                result,
                () => $"verifying {text}",
                async ct =>
                {
                    var json = result.GetValue(format) switch
                    {
                        null or "text" => false,
                        "json" => true,
                        var other => throw new CliUsageException($"unknown --format \"{other}\" (text or json)"),
                    };
                    var location = ImageArgument.Parse(text);
                    var services = CliServices.Create(context.Console, context.Debug(result), [(location, access.Read(result, context.Console))]);
                    await using (services.ConfigureAwait(false))
                    {
                        var policy = services.UseTrust(context.TrustOptions(result));
                        var verdict = await policy.EvaluateAsync(location, services.Opener, ct).ConfigureAwait(false);
                        await context.Console.Out.WriteAsync(json ? Json(verdict) : Text(verdict)).ConfigureAwait(false);
                        return verdict.IsTrusted ? ExitCodes.Success : ExitCodes.Failure;
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static string Text(TrustVerdict verdict)
    {
        using var writer = new StringWriter();
        writer.WriteLine($"{(verdict.IsTrusted ? "Trusted" : "Rejected")}: {verdict.Image}");
        writer.WriteLine($"Digest: {verdict.ManifestDigest}");
        writer.WriteLine($"Policy scope: {verdict.Scope}");
        foreach (var signature in verdict.Signatures)
        {
            writer.WriteLine($"Signature: {signature.Kind} signed by {signature.Signer} for {signature.Identity}");
        }

        foreach (var reason in verdict.Reasons)
        {
            writer.WriteLine($"Reason: {reason}");
        }

        return writer.ToString();
    }

    private static string Json(TrustVerdict verdict)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("image", verdict.Image);
            writer.WriteString("digest", verdict.ManifestDigest.ToString());
            writer.WriteBoolean("trusted", verdict.IsTrusted);
            writer.WriteString("scope", verdict.Scope);
            writer.WriteStartArray("signatures");
            foreach (var signature in verdict.Signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", signature.Kind);
                writer.WriteString("signer", signature.Signer);
                writer.WriteString("identity", signature.Identity);
                writer.WriteString("digest", signature.ManifestDigest.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("reasons");
            foreach (var reason in verdict.Reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }
}
