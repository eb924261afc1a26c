using System.Text.Json;

namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// Turns an image config document into the values a <see cref="GoTemplate"/> reads, with the Go field names skopeo's
/// templates see (its OCI <c>v1.Image</c> type: <c>{{.Architecture}}</c>, <c>{{.OS}}</c>, <c>{{.RootFS.DiffIDs}}</c>,
/// <c>{{.Config.Env}}</c>); members it does not know keep their JSON names.
/// </summary>
internal static class GoJsonValues
{
    private static readonly Dictionary<string, string> GoNames = new(StringComparer.Ordinal)
    {
        ["created"] = "Created",
        ["author"] = "Author",
        ["architecture"] = "Architecture",
        ["variant"] = "Variant",
        ["os"] = "OS",
        ["os.version"] = "OSVersion",
        ["os.features"] = "OSFeatures",
        ["config"] = "Config",
        ["rootfs"] = "RootFS",
        ["history"] = "History",
        ["type"] = "Type",
        ["diff_ids"] = "DiffIDs",
        ["created_by"] = "CreatedBy",
        ["comment"] = "Comment",
        ["empty_layer"] = "EmptyLayer",
    };

    /// <summary>Converts a JSON element.</summary>
    /// <param name="element">The element.</param>
    /// <returns>A <see cref="GoStruct"/>, list, string, long, bool, or <see langword="null"/>; other numbers as their text.</returns>
    public static object? From(JsonElement element) => From(element, mapNames: true);

    private static object? From(JsonElement element, bool mapNames) => element.ValueKind switch
    {
        // Labels, ExposedPorts and Volumes are maps: their keys are data, not field names.
        JsonValueKind.Object => element.EnumerateObject().Aggregate(
            new GoStruct(),
            (s, p) => s.Add(
                mapNames && GoNames.TryGetValue(p.Name, out var name) ? name : p.Name,
                From(p.Value, mapNames && p.Name is not ("Labels" or "ExposedPorts" or "Volumes")))),
        JsonValueKind.Array => element.EnumerateArray().Select(e => From(e, mapNames)).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var number) ? number : element.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
