using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

public sealed class EventApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<string> SequenceAsync(object body)
    {
        var id = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", body)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> EnrollAsync(string sequenceId, string email)
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email } });
        return (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
    }

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    [Fact]
    public async Task Event_HaltsOnlyTheContactsEnrollmentsWhoseSequenceStopsOnIt()
    {
        var cart = await SequenceAsync(SequenceJson.StoppingOn(["order_placed"], SequenceJson.Email("nudge", "P1D")));
        var newsletter = await SequenceAsync(SequenceJson.StoppingOn(["unsubscribed"], SequenceJson.Email("tips", "P1D")));
        var email = TestData.Email();
        var cartEnrollment = await EnrollAsync(cart, email);
        var newsletterEnrollment = await EnrollAsync(newsletter, email);
        var otherContact = await EnrollAsync(cart, TestData.Email());

        var response = await local.Http.PostAsJsonAsync("/api/events", new { name = "order_placed", contact = new { email = email.ToUpperInvariant() }, data = new { total = 42 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([cartEnrollment], answer.RootElement.GetProperty("halted").EnumerateArray().Select(e => e.GetString()));
        var halted = await GetAsync(cartEnrollment);
        Assert.Equal(EnrollmentStatus.Halted, halted.Status);
        Assert.Equal("event:order_placed", halted.HaltReason);
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(newsletterEnrollment)).Status);
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(otherContact)).Status);
    }

    [Fact]
    public async Task Event_ForUnknownContact_HaltsNothing()
    {
        var response = await local.Http.PostAsJsonAsync("/api/events", new { name = "order_placed", contact = new { phone = "+14155550199" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(answer.RootElement.GetProperty("halted").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"name":"Order Placed","contact":{"email":"a@example.com"}}""", "name")]
    [InlineData("""{"name":"order_placed"}""", "contact")]
    [InlineData("""{"name":"order_placed","contact":{"email":"not-an-email"}}""", "contact.email")]
    [InlineData("""{"name":"order_placed","contact":{"email":"a@example.com"},"extra":1}""", "extra")]
    public async Task Event_Invalid_Returns400NamingTheField(string body, string field)
    {
        var response = await local.Http.PostAsync("/api/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(field, problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
