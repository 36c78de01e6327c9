using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sequences;

/// <summary>Templates through the API: one that fails when rendered is refused on save, and one that fails for a contact's data is reported by the preview.</summary>
public sealed class SequenceTemplateApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    [Theory]
    [InlineData("{{ 1 | divided_by: 0 }}", "divides by zero")]
    [InlineData("{% for i in (1..9999999) %}x{% endfor %}", "range has 9999999 items")]
    [InlineData("{% render 'x' %}", "render tag is not supported")]
    [InlineData("{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "characters of values")]
    public async Task Put_TemplateThatFailsWhenRendered_Returns422NamingStepAndFieldAndStoresNothing(string html, string reason)
    {
        var id = TestData.Id("hostile");

        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Hostile", true,
            SequenceJson.Email("thanks", "PT1H"), SequenceJson.Email("second", "P1D", html: html)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var messages = problem.RootElement.GetProperty("errors").GetProperty("steps[1].html");
        Assert.Contains(reason, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Preview_TemplateFailsForTheGivenData_ReportsTheStepsFailure()
    {
        var id = TestData.Id("share");
        var put = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Share", true,
            SequenceJson.Email("split", "PT1H", text: "{% if data.parts %}{{ 100 | divided_by: data.parts }} each{% endif %}"),
            SequenceJson.Sms("nudge", "P1D", "Hi {{ contact.firstName }}")));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{id}/preview", new
        {
            contact = new { email = TestData.Email(), phone = TestData.Phone(), firstName = "Ann" },
            data = new { parts = 0 },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await LocalAppFixture.ReadAsync<PreviewAnswer>(response);
        Assert.Equal("The text template failed for this contact: The template divides by zero.", preview.Steps[0].Failure);
        Assert.Null(preview.Steps[0].Text);
        Assert.Null(preview.Steps[1].Failure);
        Assert.Equal("Hi Ann", preview.Steps[1].Text);
    }
}
