using System.Text;
using System.Text.Json;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void MembersAreSortedByUtf16CodeUnitsWithoutWhitespace()
    {
        // RFC 8785 section 3.2.3's sorting example.
        var json = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";

        var canonical = Canonical(json);

        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            canonical);
    }

    [Fact]
    public void StringsCarryOnlyTheEscapesJsonRequires()
    {
        Assert.Equal("[\"\\u000f\\n\\\"\\\\/<é\"]", Canonical("[\"\\u000F\\u000A\\\"\\\\\\/\\u003c\\u00e9\"]"));
    }

    [Theory]
    [InlineData("1674247893", "1674247893")]
    [InlineData("1.0", "1")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000000000000000000000000001", "1e-27")]
    [InlineData("1.5e300", "1.5e+300")]
    public void NumbersArePrintedAsEcmaScriptPrintsThem(string input, string expected)
    {
        Assert.Equal(expected, Canonical(input));
    }

    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(CanonicalJson.Transform(document.RootElement));
    }
}
