using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Templates;

namespace FollowUp.Tests.Templates;

public sealed class TemplateLimitsTests
{
    private readonly TemplateRenderer renderer = new();

    private static TemplateModel Model(string data = "{}") =>
        TemplateModel.Create(new Contact("c1", "ann@example.com", "+14155550123", "Ann", "Lee", "Europe/Paris"), JsonElement.Parse(data));

    [Theory]
    [InlineData("{{ 1 | divided_by: 0 }}", "divides by zero")]
    [InlineData("{{ 5 | modulo: 0 }}", "divides by zero")]
    [InlineData("{{ 'x' | slice: 99999999999 }}", "out of range")]
    [InlineData("{{ 99999999999 | times: 99999999999 | times: 99999999999 | times: 99999999999 }}", "out of range")]
    [InlineData("{% for i in (1..9999999) %}x{% endfor %}", "range has 9999999 items")]
    [InlineData("{% assign r = (1..99999999) %}{{ r | size }}", "range has 99999999 items")]
    [InlineData("{% for i in (1..100) %}{% for j in (1..100) %}{% endfor %}{% endfor %}", "10000 steps")]
    [InlineData("{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}", "characters of values")]
    [InlineData("{% assign a = 'x' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}", "characters of values")]
    [InlineData("{% assign s = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' %}{% for i in (1..3) %}{% assign s = s | replace: 'x', s %}{% endfor %}", "characters of values")]
    [InlineData("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}", "characters of values")]
    [InlineData("{% capture s %}{% for i in (1..2000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endcapture %}", "characters of values")]
    [InlineData("{% assign s = 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' | append: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' %}{% for i in (1..5000) %}{{ s }}{% endfor %}", "longer than 100000")]
    [InlineData("{{ 1 | format_number: 'D999999999' }}", "width or precision")]
    [InlineData("{% include 'x' %}", "include")]
    public void Render_HostileTemplate_StopsWithAReason(string source, string reason)
    {
        var failure = Assert.Throws<TemplateRenderException>(() => renderer.Render(source, Model(), html: false));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% include 'footer' %}", "include")]
    [InlineData("{% if true %}{% render 'footer' %}{% endif %}", "render")]
    public void Try_IncludeOrRender_IsRefused(string source, string tag)
    {
        Assert.Contains($"The {tag} tag is not supported", renderer.Try(source, Model(), html: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FormatErrorOnContactData_DoesNotQuoteTheValue()
    {
        var failure = Assert.Throws<TemplateRenderException>(() =>
            renderer.Render("{{ 1 | divided_by: data.n }}", Model("""{"n":0}"""), html: true));

        Assert.DoesNotContain("ann@example.com", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OrdinaryLoopsCapturesAndFilters_StayWithinTheLimits()
    {
        var text = renderer.Render(
            "{% capture items %}{% for item in data.items %}{{ item.name | upcase | append: ', ' }}{% endfor %}{% endcapture %}{{ items | remove_last: ', ' }} for {{ data.total | times: 1.2 | round: 2 }}{% for i in (1..3) %}!{% endfor %}",
            Model("""{"items":[{"name":"mug"},{"name":"kettle"}],"total":10}"""),
            html: false);

        Assert.Equal("MUG, KETTLE for 12.0!!!", text);
    }
}
