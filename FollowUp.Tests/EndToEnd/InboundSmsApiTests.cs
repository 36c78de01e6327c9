using System.Net;
using System.Net.Http.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local with Twilio's incoming-message webhook configured and SMS going to the outbox: a texted STOP stops the next SMS step.</summary>
public sealed class InboundSmsApiTests : IAsyncLifetime
{
    private const string AuthToken = "twilio-inbound-token-e2e";
    private const string PublicBaseUrl = "https://followup.acme.example";
    private ConfiguredLocalApp app = null!;

    private HttpClient Http => app.Http;

    public async Task InitializeAsync() => app = await ConfiguredLocalApp.StartAsync(settings =>
    {
        settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
        settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
        settings["FollowUp:Twilio:AuthToken"] = AuthToken;
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    /// <summary>Posts an incoming SMS to the webhook, signed as Twilio signs it for <paramref name="signedUrl"/>.</summary>
    private Task<HttpResponseMessage> TextAsync(string from, string body, string signedUrl) =>
        PostSignedAsync(TwilioRequests.IncomingMessage(from, body), signedUrl);

    /// <summary>Posts <paramref name="form"/> to the webhook, signed as Twilio signs it for <paramref name="signedUrl"/>.</summary>
    private Task<HttpResponseMessage> PostSignedAsync(Dictionary<string, string> form, string signedUrl = PublicBaseUrl + "/api/inbound/twilio")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, signedUrl, form));
        return Http.SendAsync(request);
    }

    [Fact]
    public async Task TextedStop_SkipsTheNextSmsStepWithTheReasonAndWritesNoOutboxFile()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Texts", true,
            SequenceJson.Sms("hello", "PT0S", text: "Hi {{ contact.firstName }}, thanks for asking."),
            SequenceJson.Sms("nudge", "PT8S", text: "Still keen?")))).EnsureSuccessStatusCode();
        var phone = TestData.Phone();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments",
            new { sequenceId, contact = new { phone, firstName = "Ann" } }));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(created.EnrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(20), "the first text is sent");

        var hostSigned = await TextAsync(phone, "STOP", new Uri(Http.BaseAddress!, "/api/inbound/twilio").AbsoluteUri);
        Assert.Equal(HttpStatusCode.Forbidden, hostSigned.StatusCode);
        Assert.Equal("application/problem+json", hostSigned.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain((await GetAsync(created.EnrollmentId)).Timeline, e => e.Kind == TimelineEventKind.OptedOut);

        var stop = await TextAsync(phone, "STOP", PublicBaseUrl + "/api/inbound/twilio");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("text/xml", stop.Content.Headers.ContentType?.MediaType);
        var twiml = System.Xml.Linq.XDocument.Parse(await stop.Content.ReadAsStringAsync());
        Assert.Equal("Response", twiml.Root!.Name.LocalName);
        Assert.Empty(twiml.Root.Nodes());

        // The timeline entry is written just after the enrollment is recorded, so wait for both.
        await LocalAppFixture.EventuallyAsync(
            async () => await GetAsync(created.EnrollmentId) is { Status: EnrollmentStatus.Completed } done && done.Timeline.Any(e => e.Kind == TimelineEventKind.Skipped),
            TimeSpan.FromSeconds(30), "the second step is done");
        var view = await GetAsync(created.EnrollmentId);
        Assert.Equal(StepStatus.Sent, view.Steps[0].Status);
        Assert.Equal(StepStatus.Skipped, view.Steps[1].Status);
        Assert.Equal("The phone number has opted out.", view.Steps[1].Detail);
        var kinds = view.Timeline.Select(e => e.Kind).ToList();
        Assert.True(kinds.IndexOf(TimelineEventKind.OptedOut) >= 0 && kinds.IndexOf(TimelineEventKind.OptedOut) < kinds.LastIndexOf(TimelineEventKind.Skipped), string.Join(", ", kinds));
        Assert.True(File.Exists(Path.Combine(app.Outbox.Path, $"{created.EnrollmentId}_hello.json")));
        Assert.False(File.Exists(Path.Combine(app.Outbox.Path, $"{created.EnrollmentId}_nudge.json")));
    }

    [Fact]
    public async Task ReplayedStop_AfterStart_AnswersTheSameAndLeavesThePhoneSubscribed()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Texts", true, SequenceJson.Sms("later", "P1D", text: "Hi")))).EnsureSuccessStatusCode();
        var phone = TestData.Phone();
        (await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { phone, firstName = "Ann" } })).EnsureSuccessStatusCode();
        var stop = TwilioRequests.IncomingMessage(phone, "STOP");
        var first = await PostSignedAsync(stop);
        Assert.Equal("optedOut", (await PhoneConsentAsync(phone)).State);
        (await TextAsync(phone, "START", PublicBaseUrl + "/api/inbound/twilio")).EnsureSuccessStatusCode();

        var replayed = await PostSignedAsync(stop);

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replayed.Content.ReadAsStringAsync());
        Assert.Equal("subscribed", (await PhoneConsentAsync(phone)).State);
    }

    [Fact]
    public async Task ReplyAskingToStopInWords_OptsThePhoneOut_SoALaterEnrollmentsTextIsSkipped()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Texts", true, SequenceJson.Sms("later", "P1D", text: "Hi")))).EnsureSuccessStatusCode();
        var phone = TestData.Phone();
        var first = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { phone, firstName = "Ann" } }));

        (await TextAsync(phone, "Please remove me from your list", PublicBaseUrl + "/api/inbound/twilio")).EnsureSuccessStatusCode();

        var view = await GetAsync(first.EnrollmentId);
        Assert.Equal(EnrollmentStatus.Halted, view.Status);
        Assert.Equal("Asked by text to stop (\"remove me from your list\"): no more text messages to this phone.", Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.OptedOut).Detail);
        var consent = await PhoneConsentAsync(phone);
        Assert.Equal(("optedOut", "reply"), (consent.State, consent.Source));

        var nowId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{nowId}", SequenceJson.Sequence("Now", true, SequenceJson.Sms("now", "PT0S", text: "Hi")))).EnsureSuccessStatusCode();
        var later = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = nowId, contact = new { phone } }));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(later.EnrollmentId)).Status != EnrollmentStatus.Active, TimeSpan.FromSeconds(20), "the later enrollment is done");
        var step = (await GetAsync(later.EnrollmentId)).Steps[0];
        Assert.Equal((StepStatus.Skipped, "The phone number has opted out."), (step.Status, step.Detail));
        Assert.False(File.Exists(Path.Combine(app.Outbox.Path, $"{later.EnrollmentId}_now.json")));
    }

    private async Task<ConsentView> PhoneConsentAsync(string phone) =>
        (await LocalAppFixture.ReadAsync<ContactView>(await Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(phone)}"))).PhoneConsent!;
}
