using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Templates;

namespace FollowUp.Tests.Templates;

public sealed class DataLinkTests
{
    private readonly TemplateRenderer renderer = new();

    private string Render(string template, string url, string? email = null) => renderer.Render(
        template,
        TemplateModel.Create(new Contact("c1", email ?? "ann@example.com", null, "Ann", null, null), JsonSerializer.SerializeToElement(new { url })),
        html: true);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("  javascript:alert(1)")]
    [InlineData("\u0001\u0008 javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("java\nscript:alert(1)")]
    [InlineData("javascript&#58;alert(1)")]
    [InlineData("&#106;avascript:alert(1)")]
    [InlineData("javascript&colon;alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("DATA:image/svg+xml,<svg onload=alert(1)>")]
    [InlineData("//evil.example/phish")]
    [InlineData("evil.example")]
    [InlineData("tel:+14155550123")]
    public void Render_HrefFromData_OtherSchemes_AreDropped(string url)
    {
        var html = Render("""<a href="{{ data.url }}">Claim</a>""", url);

        Assert.Equal("""<a href="">Claim</a>""", html);
    }

    [Theory]
    [InlineData("""<a href="{{ data.url }}">x</a>""", """<a href="">x</a>""")]
    [InlineData("""<a href='{{ data.url }}'>x</a>""", """<a href=''>x</a>""")]
    [InlineData("""<a href={{ data.url }}>x</a>""", """<a href=>x</a>""")]
    [InlineData("""<A HREF=" {{ data.url }}">x</A>""", """<A HREF=" ">x</A>""")]
    [InlineData("""<img src="{{ data.url }}" alt="{{ data.url }}">""", """<img src="" alt="javascript:alert(1)">""")]
    [InlineData("""<form action="{{ data.url }}"><button formaction="{{ data.url }}">x</button></form>""", """<form action=""><button formaction="">x</button></form>""")]
    [InlineData("""<svg><a xlink:href="{{ data.url }}">x</a></svg>""", """<svg><a xlink:href="">x</a></svg>""")]
    [InlineData("""<a href="java{{ data.url | remove_first: 'java' }}">x</a>""", """<a href="java">x</a>""")]
    [InlineData("""<a href="{{ data.url | slice: 0, 4 }}{{ data.url | remove_first: 'java' }}">x</a>""", """<a href="">x</a>""")]
    [InlineData("""<a href="{{ data.url | escape }}">x</a>""", """<a href="">x</a>""")]
    [InlineData("""<a href="{{ data.url | upcase }}">x</a>""", """<a href="">x</a>""")]
    public void Render_UrlAttributes_DropJavascriptWhateverTheMarkup(string template, string expected) =>
        Assert.Equal(expected, Render(template, "javascript:alert(1)"));

    [Theory]
    [InlineData("http://shop.example/cart?id=1&x=2", "http://shop.example/cart?id=1&amp;x=2")]
    [InlineData("https://shop.example/cart", "https://shop.example/cart")]
    [InlineData("HTTPS://shop.example/", "HTTPS://shop.example/")]
    [InlineData(" https://shop.example/", " https://shop.example/")]
    [InlineData("mailto:ann@example.com?subject=Hi", "mailto:ann@example.com?subject=Hi")]
    public void Render_HrefFromData_HttpHttpsAndMailto_Survive(string url, string expected) =>
        Assert.Equal($"""<a href="{expected}">Open</a>""", Render("""<a href="{{ data.url }}">Open</a>""", url));

    [Theory]
    [InlineData("""<a href="https://shop.example/track?to={{ data.url }}">x</a>""", """<a href="https://shop.example/track?to=javascript:alert(1)">x</a>""")]
    [InlineData("""<a href="/orders/{{ data.url }}">x</a>""", """<a href="/orders/javascript:alert(1)">x</a>""")]
    [InlineData("""<a href="mailto:{{ contact.email }}">x</a>""", """<a href="mailto:javascript:alert(1)">x</a>""")]
    [InlineData("""<p title="{{ data.url }}">{{ data.url }}</p>""", """<p title="javascript:alert(1)">javascript:alert(1)</p>""")]
    public void Render_ValuesAfterASchemeTheTemplateFixed_AreKept(string template, string expected) =>
        Assert.Equal(expected, Render(template, "javascript:alert(1)", email: "javascript:alert(1)"));

    [Fact]
    public void Render_ForgedMarksInData_AreRemovedAndCannotSmuggleAScheme()
    {
        var html = Render("""<a href="{{ data.url }}">x</a><a href="https://ok.example/">y</a>""", "\uE0000\uE001javascript:alert(1)\uE002");

        Assert.Equal("""<a href="">x</a><a href="https://ok.example/">y</a>""", html);
    }

    [Fact]
    public void Render_Text_LeavesDataAsIs()
    {
        var text = renderer.Render("Open {{ data.url }}", TemplateModel.Create(new Contact("c1", null, null, null, null, null), JsonSerializer.SerializeToElement(new { url = "javascript:alert(1)" })), html: false);

        Assert.Equal("Open javascript:alert(1)", text);
    }

    [Theory]
    [InlineData("<p>{{ data.url | escape }}</p>", "<p>&lt;b&gt; &amp;amp; &#x2B;</p>")]
    [InlineData("<p>{{ data.url | h }}</p>", "<p>&lt;b&gt; &amp;amp; &#x2B;</p>")]
    [InlineData("<p>{{ data.url | escape_once }}</p>", "<p>&lt;b&gt; &amp; &#x2B;</p>")]
    public void Render_EscapeFilters_StillEscapeOnce(string template, string expected) =>
        Assert.Equal(expected, Render(template, "<b> &amp; +"));
}
