using System.Text.Json;
using OciRegistry.Client.Cli.Output;

namespace OciRegistry.Client.Cli.Tests.Output;

public sealed class GoJsonSerializerTests
{
    [Fact]
    public void Indents_with_four_spaces_as_json_MarshalIndent()
    {
        var value = new GoStruct()
            .Add("Repository", "r")
            .Add("Tags", new List<object?> { "a", "b" })
            .Add("Empty", new List<object?>())
            .Add("Nil", GoNull.List)
            .Add("Map", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2" });
        Assert.Equal(
            "{\n    \"Repository\": \"r\",\n    \"Tags\": [\n        \"a\",\n        \"b\"\n    ],\n    \"Empty\": [],\n    \"Nil\": null,\n    \"Map\": {\n        \"a\": \"2\",\n        \"z\": \"1\"\n    }\n}",
            GoJsonSerializer.Serialize(value, indent: true));
    }

    [Fact]
    public void Omit_empty_fields_are_left_out()
    {
        var value = new GoStruct().Add("Name", string.Empty, omitEmpty: true).Add("Variant", "v8", omitEmpty: true).Add("Os", string.Empty);
        Assert.Equal("{\"Variant\":\"v8\",\"Os\":\"\"}", GoJsonSerializer.Serialize(value, indent: false));
    }

    [Fact]
    public void Strings_are_escaped_as_go_escapes_them()
    {
        Assert.Equal("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001é\"", GoJsonSerializer.Serialize("a<b>&\"\\\n\t\u0001é", indent: false));
    }

    [Fact]
    public void Json_documents_keep_their_member_order()
    {
        using var document = JsonDocument.Parse("{\"created\":\"x\",\"architecture\":\"amd64\",\"config\":{\"Env\":[\"A=1\"]},\"n\":1.50}");
        Assert.Equal(
            "{\n    \"created\": \"x\",\n    \"architecture\": \"amd64\",\n    \"config\": {\n        \"Env\": [\n            \"A=1\"\n        ]\n    },\n    \"n\": 1.50\n}",
            GoJsonSerializer.Serialize(document.RootElement, indent: true));
    }
}
