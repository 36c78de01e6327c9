using System.Net;
using System.Net.Http.Json;
using System.Text;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local configured for ACS Email and Twilio, both played by loopback fakes, driven through the HTTP API.</summary>
public sealed class ProviderDeliveryTests : IAsyncLifetime
{
    private const string AuthToken = "twilio-auth-token-e2e";
    private const string PublicBaseUrl = "https://followup.acme.example";
    private LoopbackHttpServer acs = null!;
    private LoopbackHttpServer twilio = null!;
    private ConfiguredLocalApp app = null!;

    private HttpClient Http => app.Http;

    public async Task InitializeAsync()
    {
        acs = await LoopbackHttpServer.StartAsync();
        twilio = await LoopbackHttpServer.StartAsync();
        acs.Handler = _ => Results.Json(new { error = new { code = "InvalidRecipient", message = "The recipient address is not valid." } }, statusCode: 400);
        twilio.Handler = request => request.Method == "POST"
            ? Results.Json(new { sid = "SM0123456789abcdef0123456789abcdef", status = "queued" }, statusCode: 201)
            : Results.Json(new { messages = Array.Empty<object>() });
        app = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
            settings["FollowUp:Email:Provider"] = "acs";
            settings["FollowUp:Acs:Endpoint"] = acs.BaseUrl.ToString();
            settings["FollowUp:Acs:AccessKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("acs-access-key-e2e"));
            settings["FollowUp:Sms:Provider"] = "twilio";
            settings["FollowUp:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef";
            settings["FollowUp:Twilio:AuthToken"] = AuthToken;
            settings["FollowUp:Twilio:From"] = "+15550100001";
            settings["FollowUp:Twilio:BaseUrl"] = twilio.BaseUrl.ToString();
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await acs.DisposeAsync();
        await twilio.DisposeAsync();
    }

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    [Fact]
    public async Task RefusedEmailAndDeliveredSms_AreShownOnTheEnrollment()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Test", true,
            SequenceJson.Email("thanks", "PT0S", subject: "Thanks {{ contact.firstName }}"),
            SequenceJson.Sms("nudge", "PT1S", text: "Still keen?")))).EnsureSuccessStatusCode();
        var response = await Http.PostAsJsonAsync("/api/enrollments",
            new { sequenceId, contact = new { email = TestData.Email(), phone = TestData.Phone(), firstName = "Ann" } });
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(response);

        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(created.EnrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(20), "both steps are done");

        var view = await GetAsync(created.EnrollmentId);
        Assert.Equal(StepStatus.Failed, view.Steps[0].Status);
        Assert.Contains("InvalidRecipient", view.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Contains("The recipient address is not valid.", view.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Equal(StepStatus.Sent, view.Steps[1].Status);
        Assert.Equal("SM0123456789abcdef0123456789abcdef", view.Steps[1].ProviderMessageId);
        var post = Assert.Single(twilio.Requests, r => r.Method == "POST");
        Assert.Contains("StatusCallback=" + Uri.EscapeDataString($"{PublicBaseUrl}/api/twilio/status?"), post.Body, StringComparison.Ordinal);

        var query = $"?enrollment={Uri.EscapeDataString(created.EnrollmentId)}&step=nudge";
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
            ["MessageStatus"] = "delivered",
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        };
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/twilio/status" + query) { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(new byte[20]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.SendAsync(forged)).StatusCode);
        Assert.Null((await GetAsync(created.EnrollmentId)).Steps[1].Delivery);

        var signed = new HttpRequestMessage(HttpMethod.Post, "/api/twilio/status" + query) { Content = new FormUrlEncodedContent(form) };
        signed.Headers.Add("X-Twilio-Signature", TwilioSignature($"{PublicBaseUrl}/api/twilio/status{query}", form));
        Assert.True((await Http.SendAsync(signed)).IsSuccessStatusCode);

        Assert.Equal("delivered", (await GetAsync(created.EnrollmentId)).Steps[1].Delivery);
    }

    private static string TwilioSignature(string url, IDictionary<string, string> form) => TwilioRequests.Sign(AuthToken, url, form);
}
