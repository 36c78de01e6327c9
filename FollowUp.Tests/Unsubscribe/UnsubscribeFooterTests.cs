using FollowUp.Engine.Unsubscribe;

namespace FollowUp.Tests.Unsubscribe;

public sealed class UnsubscribeFooterTests
{
    private static readonly Uri Link = new("https://followup.acme.example/api/unsubscribe?t=YWJj.ZGVm");

    [Fact]
    public void AddToText_PartWithoutLink_EndsWithUnsubscribeLine()
    {
        Assert.Equal(
            "Hi Ann,\nthanks.\n\nUnsubscribe: https://followup.acme.example/api/unsubscribe?t=YWJj.ZGVm\n",
            UnsubscribeFooter.AddToText("Hi Ann,\nthanks.\n\n", Link));
    }

    [Fact]
    public void AddToText_PartShowingLinkOrNoLink_IsUnchanged()
    {
        var text = $"Stop these emails: {Link.AbsoluteUri}";

        Assert.Equal(text, UnsubscribeFooter.AddToText(text, Link));
        Assert.Equal("Hi Ann", UnsubscribeFooter.AddToText("Hi Ann", null));
    }

    [Fact]
    public void AddToHtml_Document_GetsParagraphBeforeBodyEnd()
    {
        var html = UnsubscribeFooter.AddToHtml("<html><body><p>Hi Ann</p></BODY></html>", Link);

        Assert.StartsWith("<html><body><p>Hi Ann</p><p ", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Link.AbsoluteUri}\">Unsubscribe</a>", html, StringComparison.Ordinal);
        Assert.EndsWith("</p></BODY></html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AddToHtml_Fragment_GetsParagraphAtEnd_WithLinkEscaped()
    {
        var link = new Uri("https://acme.example/a&b\"c/api/unsubscribe?t=YWJj.ZGVm");

        var html = UnsubscribeFooter.AddToHtml("<p>Hi</p>", link);

        Assert.StartsWith("<p>Hi</p><p ", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://acme.example/a&amp;b%22c/api/unsubscribe?t=YWJj.ZGVm\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("a&b", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AddToHtml_PartShowingEscapedLinkOrNoLink_IsUnchanged()
    {
        var link = new Uri("https://acme.example/a&b/api/unsubscribe?t=YWJj.ZGVm");
        var html = "<a href=\"https://acme.example/a&amp;b/api/unsubscribe?t=YWJj.ZGVm\">Stop</a>";

        Assert.Equal(html, UnsubscribeFooter.AddToHtml(html, link));
        Assert.Equal("<p>Hi</p>", UnsubscribeFooter.AddToHtml("<p>Hi</p>", null));
    }
}
