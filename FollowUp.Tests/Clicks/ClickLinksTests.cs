using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using FollowUp.Engine;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Signing;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Unsubscribe;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Clicks;

/// <summary>Rewriting the links of rendered email parts to signed redirects, and reading the redirects' tokens back.</summary>
public sealed partial class ClickLinksTests
{
    private const string PublicBaseUrl = PublicLocalAppFixture.PublicBaseUrl;
    private const string EnrollmentId = "abcdefghijkl-0123456789";
    private const string Unsubscribe = PublicBaseUrl + "/api/unsubscribe?t=abc.def";

    private static ClickLinks Links(string? publicBaseUrl = PublicBaseUrl, string signingKey = UnsubscribeTokens.SigningKey, params string[] previousKeys)
    {
        var options = Options.Create(new FollowUpOptions
        {
            PublicBaseUrl = publicBaseUrl is null ? null : new Uri(publicBaseUrl),
            SigningKey = signingKey,
            PreviousSigningKeys = [.. previousKeys],
        });
        return new ClickLinks(options, new TokenSigner(options, NullLogger<TokenSigner>.Instance));
    }

    private static List<string> Hrefs(string html) =>
        [.. new HtmlParser().ParseDocument(html).QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "")];

    private static ClickLink Read(ClickLinks links, string redirect)
    {
        Assert.StartsWith(PublicBaseUrl + "/api/r/", redirect, StringComparison.Ordinal);
        Assert.True(links.TryRead(redirect[(PublicBaseUrl.Length + "/api/r/".Length)..], out var link), $"{redirect} does not read back");
        return link;
    }

    [Fact]
    public void RewriteHtml_AbsoluteLinks_BecomeRedirectsThatReadBackToTheOriginals()
    {
        var links = Links();
        var html = "<p>See <a href=\"https://shop.example/sale?utm_source=mail&amp;id=7\">the sale</a> and <A HREF='http://blog.example/post'>the post</A>.</p>";

        var rewritten = links.RewriteHtml(html, EnrollmentId, "welcome");

        var hrefs = Hrefs(rewritten);
        Assert.Equal(2, hrefs.Count);
        var first = Read(links, hrefs[0]);
        Assert.Equal(new ClickLink(EnrollmentId, "welcome", "h1", new Uri("https://shop.example/sale?utm_source=mail&id=7")), first);
        Assert.Equal(new ClickLink(EnrollmentId, "welcome", "h2", new Uri("http://blog.example/post")), Read(links, hrefs[1]));
        Assert.Contains(">the sale</a> and <a href=", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("shop.example", rewritten, StringComparison.Ordinal);
        Assert.Equal(2, links.CountTracked(html, null));
    }

    [Theory]
    [InlineData(Unsubscribe)]
    [InlineData(PublicBaseUrl + "/api/confirm?t=abc.def")]
    [InlineData("/orders/7")]
    [InlineData("orders/7")]
    [InlineData("#top")]
    [InlineData("mailto:help@shop.example")]
    [InlineData("tel:+15555550100")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example/a")]
    public void RewriteHtml_LinkThatIsNotTracked_IsLeftAsItIs(string href)
    {
        var html = $"<p><a href=\"{href}\">x</a> <a href=\"https://shop.example/\">y</a></p>";

        var rewritten = Links().RewriteHtml(html, EnrollmentId, "welcome");

        var hrefs = Hrefs(rewritten);
        Assert.Equal(href, hrefs[0]);
        Assert.StartsWith(PublicBaseUrl + "/api/r/", hrefs[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteHtml_WholeDocument_KeepsItsHeadAndStyle()
    {
        const string Html = "<!DOCTYPE html><html><head><style>p{color:red}</style></head><body><p><a href=\"https://shop.example/\">Shop</a></p></body></html>";

        var rewritten = Links().RewriteHtml(Html, EnrollmentId, "welcome");

        Assert.StartsWith("<!DOCTYPE html><html><head><style>p{color:red}</style></head><body><p><a href=\"" + PublicBaseUrl + "/api/r/", rewritten, StringComparison.Ordinal);
        Assert.EndsWith("\">Shop</a></p></body></html>", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteHtml_NoTrackableLink_ReturnsThePartUnchanged()
    {
        const string Html = "<p>Hi <b>Ann</b>,<br>reply to <a href=\"mailto:a@shop.example\">us</a>&nbsp;</p>";

        Assert.Same(Html, Links().RewriteHtml(Html, EnrollmentId, "welcome"));
    }

    [Fact]
    public void RewriteHtml_AttributeInjectionAttempt_RewritesOnlyTheRealHref_AndAddsNoAttribute()
    {
        const string Html = "<a title='x\" href=\"https://evil.example/\"' href=\"https://shop.example/?q=&quot; onmouseover=&quot;alert(1)\">Shop</a>";

        var rewritten = Links().RewriteHtml(Html, EnrollmentId, "welcome");

        var anchor = new HtmlParser().ParseDocument(rewritten).QuerySelector("a")!;
        Assert.Equal(["title", "href"], anchor.Attributes.Select(a => a.Name));
        Assert.Equal("x\" href=\"https://evil.example/\"", anchor.GetAttribute("title"));
        var link = Read(Links(), anchor.GetAttribute("href")!);
        Assert.Equal("shop.example", link.Url.Host);
        Assert.Equal("?q=%22%20onmouseover=%22alert(1)", link.Url.Query);
    }

    [Fact]
    public void RewriteText_Addresses_BecomeRedirects_WithTheirSentencePunctuationKept()
    {
        var links = Links();
        const string Text = "Shop: https://shop.example/sale?id=7. Or (see https://blog.example/a_(b)) and <http://x.example/>!\nWrite to mailto:a@shop.example or " + Unsubscribe;

        var rewritten = links.RewriteText(Text, EnrollmentId, "welcome");

        var redirects = RedirectPattern().Matches(rewritten).Select(m => m.Value).ToList();
        Assert.Equal(3, redirects.Count);
        Assert.Equal(["https://shop.example/sale?id=7", "https://blog.example/a_(b)", "http://x.example/"], redirects.Select(r => Read(links, r).Url.AbsoluteUri));
        Assert.Equal(["t1", "t2", "t3"], redirects.Select(r => Read(links, r).Position));
        Assert.Equal(Text, RedirectPattern().Replace(rewritten, m => Read(links, m.Value).Url.AbsoluteUri));
        Assert.EndsWith("Write to mailto:a@shop.example or " + Unsubscribe, rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_WithoutPublicBaseUrl_LeavesBothPartsUnchanged()
    {
        var links = Links(publicBaseUrl: null);

        Assert.Equal("Go https://shop.example/", links.RewriteText("Go https://shop.example/", EnrollmentId, "welcome"));
        Assert.Equal("<a href=\"https://shop.example/\">Go</a>", links.RewriteHtml("<a href=\"https://shop.example/\">Go</a>", EnrollmentId, "welcome"));
    }

    [Fact]
    public void RewriteText_AddressLongerThanTheLimit_IsLeftAsItIs()
    {
        var text = "https://shop.example/" + new string('a', ClickLinks.MaxUrlLength);

        Assert.Equal(text, Links().RewriteText(text, EnrollmentId, "welcome"));
    }

    /// <summary>A token for https://shop.example/ that must not be read: <paramref name="tampering"/> says how it was made.</summary>
    [Theory]
    [InlineData("destination changed")]
    [InlineData("signature changed")]
    [InlineData("signed with another key")]
    [InlineData("an unsubscribe token")]
    [InlineData("no signature")]
    [InlineData("empty")]
    public void TryRead_AlteredOrForgedToken_IsRefused(string tampering)
    {
        var links = Links();
        var value = $"{EnrollmentId} welcome h1 https://shop.example/";
        var genuine = UnsubscribeTokens.Sign(value, purpose: ClickLinks.Purpose);
        var token = tampering switch
        {
            "destination changed" => UnsubscribeTokens.Sign($"{EnrollmentId} welcome h1 https://evil.example/", purpose: ClickLinks.Purpose).Split('.')[0] + "." + genuine.Split('.')[1],
            "signature changed" => genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'),
            "signed with another key" => UnsubscribeTokens.Sign(value, purpose: ClickLinks.Purpose, key: UnsubscribeTokens.OtherKey),
            "an unsubscribe token" => UnsubscribeTokens.Sign(value),
            "no signature" => genuine.Split('.')[0],
            _ => "",
        };

        Assert.True(links.TryRead(genuine, out _));
        Assert.False(links.TryRead(token, out _));
    }

    [Fact]
    public void TryRead_TokenSignedWithAPreviousKey_IsReadAfterARotation()
    {
        var before = Links();
        var redirect = Hrefs(before.RewriteHtml("<a href=\"https://shop.example/\">Shop</a>", EnrollmentId, "welcome"))[0];

        var rotated = Links(signingKey: RotatedKeyAppFixture.NewSigningKey, previousKeys: UnsubscribeTokens.SigningKey);
        var dropped = Links(signingKey: RotatedKeyAppFixture.NewSigningKey);

        Assert.Equal("https://shop.example/", Read(rotated, redirect).Url.AbsoluteUri);
        Assert.False(dropped.TryRead(redirect[(PublicBaseUrl.Length + "/api/r/".Length)..], out _));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("),")]
    public void TryRead_TokenFollowedBySentencePunctuation_IsRead(string punctuation)
    {
        var token = UnsubscribeTokens.Sign($"{EnrollmentId} welcome t1 https://shop.example/", purpose: ClickLinks.Purpose);

        Assert.True(Links().TryRead(token + punctuation, out var link));
        Assert.Equal("https://shop.example/", link.Url.AbsoluteUri);
    }

    [GeneratedRegex(@"https://followup\.acme\.example/hooks/api/r/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}")]
    private static partial Regex RedirectPattern();
}
