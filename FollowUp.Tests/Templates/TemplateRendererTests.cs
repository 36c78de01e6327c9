using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Templates;

namespace FollowUp.Tests.Templates;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer renderer = new();

    private static TemplateModel Model(string data) =>
        TemplateModel.Create(new Contact("c1", "ann@example.com", "+14155550123", "Ann", "Lee", "Europe/Paris"), JsonElement.Parse(data));

    [Fact]
    public void Render_ContactAndNestedData_AreSubstituted()
    {
        var text = renderer.Render(
            "Hi {{ contact.firstName }}, your {{ data.order.items[1].name }} ({{ data.order.total }}) {% if data.vip %}ships first{% endif %}",
            Model("""{"order":{"total":42.5,"items":[{"name":"mug"},{"name":"kettle"}]},"vip":true}"""),
            html: false);

        Assert.Equal("Hi Ann, your kettle (42.5) ships first", text);
    }

    [Fact]
    public void Render_Html_EscapesValues()
    {
        var html = renderer.Render("<p>{{ data.note }}</p>", Model("""{"note":"<script>alert('x')</script> & co"}"""), html: true);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.StartsWith("<p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Text_DoesNotEscape()
    {
        Assert.Equal("Tom & Jerry <3", renderer.Render("{{ data.note }}", Model("""{"note":"Tom & Jerry <3"}"""), html: false));
    }

    [Fact]
    public void Render_MissingValueWithDefault_UsesDefault()
    {
        Assert.Equal("Hi there", renderer.Render("Hi {{ data.nickname | default: 'there' }}", Model("{}"), html: false));
    }

    [Theory]
    [InlineData("{{ contact.firstName")]
    [InlineData("{% for x in data.items %}")]
    [InlineData("{% nosuchtag %}")]
    public void Check_BrokenTemplate_ExplainsWhy(string source)
    {
        Assert.False(string.IsNullOrWhiteSpace(renderer.Check(source)));
    }

    [Fact]
    public void Check_ValidTemplate_ReturnsNull()
    {
        Assert.Null(renderer.Check("Hi {{ contact.firstName | upcase }}"));
    }
}
