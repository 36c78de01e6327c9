using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using PhoneNumbers;

namespace FollowUp.Tests.Contacts;

/// <summary>FollowUp.Local for a business that texts the US only.</summary>
public sealed class UsOnlyAppFixture : LocalAppFixture
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["FollowUp:Sms:AllowedCountries"] = "US";
}

public sealed class SmsCountriesApiTests(UsOnlyAppFixture local) : IClassFixture<UsOnlyAppFixture>
{
    private static readonly string Satellite = PhoneNumberUtil.GetInstance().Format(
        PhoneNumberUtil.GetInstance().GetExampleNumberForNonGeoEntity(881), PhoneNumberFormat.E164);

    private async Task<string> SmsSequenceAsync()
    {
        var id = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Text", true, SequenceJson.Sms("hi", "P1D", "claim now http://evil.example")))).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task AssertRefusesThePhoneAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["contact.phone"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    private async Task AssertNoContactAsync(string phone) =>
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(phone)}")).StatusCode);

    [Theory]
    [InlineData("+447911123456")]
    [InlineData("+33612345678")]
    [InlineData("+16135550123")]
    public async Task Enroll_PhoneOutsideTheAllowedCountries_Is400AndStoresNothing(string phone)
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = await SmsSequenceAsync(), contact = new { phone } });

        await AssertRefusesThePhoneAsync(response);
        await AssertNoContactAsync(phone);
    }

    [Fact]
    public async Task Enroll_PhoneOfAnAllowedCountry_Is201()
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = await SmsSequenceAsync(), contact = new { phone = "+14155550123" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task FormSubmission_SatelliteNumber_Is400NamingThePhoneAndStoresNothing()
    {
        var source = TestData.Id("form");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new { kind = "form", on = new { submit = new { enroll = await SmsSequenceAsync() } } })).EnsureSuccessStatusCode();

        var response = await local.Http.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = Satellite, ["url"] = "http://evil.example" }));

        await AssertRefusesThePhoneAsync(response);
        await AssertNoContactAsync(Satellite);
    }

    [Fact]
    public async Task FormSubmission_EventOnlyFormWithForeignPhone_Is400BeforeAnyConfirmationText()
    {
        var source = TestData.Id("form");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new { kind = "form", on = new { submit = new { @event = "lead" } } })).EnsureSuccessStatusCode();

        var response = await local.Http.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = "+447911123456" }));

        await AssertRefusesThePhoneAsync(response);
    }

    [Fact]
    public async Task SignedDelivery_EmailAndForeignPhone_EnrollsByEmailWithoutThePhone()
    {
        var source = TestData.Id("crm");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new { kind = "webhook", secretSetting = LocalAppFixture.WebhookSecretSetting, on = new Dictionary<string, object> { ["lead.created"] = new { enroll = await SmsSequenceAsync() } } })).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var body = JsonSerializer.Serialize(new { type = "lead.created", contact = new { email, phone = "+447911123456" }, data = new { } });
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/deliveries") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", "msg_foreign_phone");
        request.Headers.Add("webhook-timestamp", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sources.WebhookSigning.Sign(LocalAppFixture.WebhookSecret, "msg_foreign_phone", at, body));

        var response = await local.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var contact = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/contacts/{Uri.EscapeDataString(email)}"));
        Assert.False(contact.RootElement.TryGetProperty("phone", out var phone) && phone.ValueKind != JsonValueKind.Null, "the foreign phone was kept");
        Assert.Single(contact.RootElement.GetProperty("enrollments").EnumerateArray());
        await AssertNoContactAsync("+447911123456");
    }
}
