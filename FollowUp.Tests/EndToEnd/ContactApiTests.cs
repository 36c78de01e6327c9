using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.EndToEnd;

public sealed class ContactApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<string> EnrollAsync(string email, string phone)
    {
        var sequenceId = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("S", true, SequenceJson.Email("a", "P1D")))).EnsureSuccessStatusCode();
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Ann" } });
        return (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
    }

    [Fact]
    public async Task Get_ByEmailOrPhone_ShowsConsentAndEnrollments()
    {
        var email = TestData.Email();
        var phone = TestData.Phone();
        var first = await EnrollAsync(email, phone);
        var second = await EnrollAsync(email, phone);
        var optOuts = local.Services.GetRequiredService<OptOutStore>();
        await optOuts.AddAsync(AddressKey.Phone(phone), "sms:STOP", DateTimeOffset.UtcNow, CancellationToken.None);

        var byEmail = await LocalAppFixture.ReadAsync<ContactView>(await local.Http.GetAsync($"/api/contacts/{email.ToUpperInvariant()}"));
        var byPhone = await LocalAppFixture.ReadAsync<ContactView>(await local.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(phone)}"));

        Assert.Equal(byEmail.ContactId, byPhone.ContactId);
        Assert.Equal([first, second], byEmail.Enrollments.Select(e => e.EnrollmentId));
        Assert.Equal("subscribed", byEmail.EmailConsent!.State);
        Assert.Equal("optedOut", byEmail.PhoneConsent!.State);
        Assert.Equal("sms:STOP", byEmail.PhoneConsent.Source);
    }

    [Theory]
    [InlineData("nobody@example.com", HttpStatusCode.NotFound)]
    [InlineData("not-an-address", HttpStatusCode.BadRequest)]
    public async Task Get_UnknownOrInvalid_IsAProblem(string address, HttpStatusCode expected)
    {
        var response = await local.Http.GetAsync($"/api/contacts/{address}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("address", out _));
        }
    }
}
