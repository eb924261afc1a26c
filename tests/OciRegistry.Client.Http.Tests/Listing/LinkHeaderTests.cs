using OciRegistry.Client.Http.Paging;

namespace OciRegistry.Client.Http.Tests.Listing;

public sealed class LinkHeaderTests
{
    [Theory]
    [InlineData("</v2/_catalog?last=b&n=2>; rel=\"next\"", "/v2/_catalog?last=b&n=2")]
    [InlineData("</v2/_catalog?last=b&n=2>; rel=next", "/v2/_catalog?last=b&n=2")]
    [InlineData("<https://r.example/v2/a/tags/list?n=2&last=x>;rel=\"next\"", "https://r.example/v2/a/tags/list?n=2&last=x")]
    [InlineData("<page2> ; REL = \"Next\"", "page2")]
    [InlineData("</first>; rel=\"first\", </next>; rel=\"next\"", "/next")]
    [InlineData("</prev>; rel=\"prev\",</next>; title=\"a, b; c\"; rel=\"next\"", "/next")]
    [InlineData("</both>; rel=\"prev next\"", "/both")]
    [InlineData("</esc>; title=\"say \\\"hi\\\", rel=next\"; rel=\"next\"", "/esc")]
    [InlineData("garbage; rel=next, </after-garbage>; rel=\"next\"", "/after-garbage")]
    public void Finds_the_next_link(string header, string expected) =>
        Assert.Equal(expected, LinkHeader.FindNext(header));

    [Theory]
    [InlineData("")]
    [InlineData("</prev>; rel=\"prev\"")]
    [InlineData("</nothing>")]
    [InlineData("</next-only-in-title>; title=\"rel=next\"")]
    [InlineData("</second-rel-ignored>; rel=\"prev\"; rel=\"next\"")]
    [InlineData("</unterminated; rel=\"next\"")]
    [InlineData("</nextish>; rel=\"nextpage\"")]
    public void Finds_no_next_link(string header) =>
        Assert.Null(LinkHeader.FindNext(header));

    [Fact]
    public void Looks_through_every_header_value() =>
        Assert.Equal("/two", LinkHeader.FindNext(["</one>; rel=\"last\"", "</two>; rel=\"next\""]));
}
