using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.EndToEnd;

/// <summary>
/// Issue 15's check through FollowUp.Local: a contact's reply by the parse route, by the business's own Dovecot mailbox and by text
/// each reaches the business's notification address once, with the contact as Reply-To, whatever is redelivered or restarted.
/// </summary>
public sealed class RepliesReachAPersonTests : IAsyncLifetime
{
    private const string NotifyAddress = "sales@acme.example";
    private const string AuthToken = "twilio-inbound-token-replies";
    private const string PublicBaseUrl = "https://followup.acme.example";
    private readonly string user = $"owner-{Guid.NewGuid():N}"[..20] + "@acme.example";
    private DovecotServer dovecot = null!;
    private ConfiguredLocalApp local = null!;

    public async Task InitializeAsync()
    {
        dovecot = await DovecotServer.StartAsync(user);
        local = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
            settings["FollowUp:Notify:Email"] = "Sales <" + NotifyAddress + ">";
            settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
            settings["FollowUp:Twilio:AuthToken"] = AuthToken;
            settings["FOLLOWUP_IMAP_SCHEDULE"] = "* * * * * *";
            settings["FollowUp:Imap:Host"] = "127.0.0.1";
            settings["FollowUp:Imap:Port"] = dovecot.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["FollowUp:Imap:Security"] = "none";
            settings["FollowUp:Imap:User"] = user;
            settings["FollowUp:Imap:Password"] = dovecot.Password;
            settings["FollowUp:Imap:PlusAddressing"] = "true";
        });
    }

    public async Task DisposeAsync()
    {
        await local.DisposeAsync();
        await dovecot.DisposeAsync();
    }

    /// <summary>Enrolls a new contact (email and phone) in a sequence that stops on reply, waits for its first email, and returns the enrollment, the contact's addresses and the Reply-To of that email.</summary>
    private async Task<(string EnrollmentId, string Email, string Phone, string ReplyTo, string Subject)> EnrollAndSendAsync()
    {
        var sequenceId = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Quotes", true, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P1D")))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var phone = TestData.Phone();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Ann" } }));
        await LocalAppFixture.EventuallyAsync(async () => local.Outbox.Files($"{created.EnrollmentId}_first.eml").Any(), TimeSpan.FromSeconds(30), "the first email is in the outbox");
        var sent = await MimeMessage.LoadAsync(Assert.Single(local.Outbox.Files($"{created.EnrollmentId}_first.eml")));
        return (created.EnrollmentId, email, phone, Assert.Single(sent.ReplyTo.Mailboxes).Address, sent.Subject ?? "");
    }

    /// <summary>The notification emails in the outbox addressed to the business whose text quotes <paramref name="marker"/>.</summary>
    private List<MimeMessage> NotificationsQuoting(string marker) =>
        [.. Directory.EnumerateFiles(local.Outbox.Path, "notify-*.eml")
            .Select(file => MimeMessage.Load(file))
            .Where(message => message.To.Mailboxes.Any(to => to.Address == NotifyAddress) && (message.TextBody ?? "").Contains(marker, StringComparison.Ordinal))];

    private Task WaitForNotificationAsync(string marker, string what) =>
        LocalAppFixture.EventuallyAsync(async () => NotificationsQuoting(marker).Count > 0, TimeSpan.FromSeconds(60), what);

    private Task<HttpResponseMessage> PostEmailAsync(string raw) =>
        local.Http.PostAsync("/api/inbound/email", new StringContent(raw, Encoding.UTF8, "message/rfc822"));

    private Task<HttpResponseMessage> TextAsync(Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, PublicBaseUrl + "/api/inbound/twilio", form));
        return local.Http.SendAsync(request);
    }

    private Task AppendAsync(string raw) => dovecot.AppendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))));

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private async Task<ConsentView> EmailConsentAsync(string email) =>
        (await LocalAppFixture.ReadAsync<ContactView>(await local.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"))).EmailConsent!;

    /// <summary>The one notification quoting <paramref name="marker"/>, checked to answer the contact when Reply is pressed.</summary>
    private MimeMessage AssertOneNotificationTo(string marker, string contactEmail)
    {
        var notification = Assert.Single(NotificationsQuoting(marker));
        Assert.Equal(contactEmail, Assert.Single(notification.ReplyTo.Mailboxes).Address);
        return notification;
    }

    [Fact]
    public async Task ParseRoute_ReplyRedeliveredAndHostRestarted_NotifiesOnceWithTheContactAsReplyTo()
    {
        var (enrollmentId, email, _, replyTo, subject) = await EnrollAndSendAsync();
        var marker = $"Yes, can you come Tuesday? {Guid.NewGuid():N}";
        var reply = InboundPayloads.RawReply(email, replyTo, "Re: " + subject, text: marker);

        var first = await PostEmailAsync(reply);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await WaitForNotificationAsync(marker, "the reply is notified");
        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(reply)).StatusCode);
        await local.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(reply)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var notification = AssertOneNotificationTo(marker, email);
        Assert.Contains(enrollmentId, notification.TextBody, StringComparison.Ordinal);
        Assert.Contains(notification.Attachments, part => part is MessagePart);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(enrollmentId)).Status);
    }

    [Fact]
    public async Task ImapMailbox_ReplyThenHostRestarted_NotifiesOnceWithTheContactAsReplyTo()
    {
        var (enrollmentId, email, _, replyTo, subject) = await EnrollAndSendAsync();
        var marker = $"Tuesday works, thanks. {Guid.NewGuid():N}";
        await AppendAsync(InboundPayloads.RawReply(email, replyTo, "Re: " + subject, text: marker));
        await WaitForNotificationAsync(marker, "the IMAP loop notifies the reply");

        await local.RestartAsync();
        // A later message the restarted loop forwards shows that it has read the mailbox since the restart.
        var later = $"Who are you? {Guid.NewGuid():N}";
        var stranger = TestData.Email();
        await AppendAsync(InboundPayloads.RawReply(stranger, user, "A question", text: later));
        await WaitForNotificationAsync(later, "the restarted IMAP loop forwards the unmatched message");

        Assert.Equal(stranger, Assert.Single(Assert.Single(NotificationsQuoting(later)).ReplyTo.Mailboxes).Address);
        Assert.Contains(enrollmentId, AssertOneNotificationTo(marker, email).TextBody, StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(enrollmentId)).Status);
    }

    [Fact]
    public async Task TwilioRoute_TextedReplyRedeliveredAndHostRestarted_NotifiesOnceWithTheContactAsReplyTo()
    {
        var (enrollmentId, email, phone, _, _) = await EnrollAndSendAsync();
        var marker = $"Can you call me back? {Guid.NewGuid():N}";
        var text = TwilioRequests.IncomingMessage(phone, marker);

        Assert.Equal(HttpStatusCode.OK, (await TextAsync(text)).StatusCode);
        await WaitForNotificationAsync(marker, "the texted reply is notified");
        Assert.Equal(HttpStatusCode.OK, (await TextAsync(text)).StatusCode);
        await local.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await TextAsync(text)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var notification = AssertOneNotificationTo(marker, email);
        Assert.Contains(phone, notification.TextBody, StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(enrollmentId)).Status);
    }

    [Fact]
    public async Task ParseRouteAndImapMailbox_PleaseRemoveMeFromYourList_OptsTheAddressOut()
    {
        var (_, byRoute, _, routeReplyTo, routeSubject) = await EnrollAndSendAsync();
        var (_, byMailbox, _, mailboxReplyTo, mailboxSubject) = await EnrollAndSendAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(InboundPayloads.RawReply(byRoute, routeReplyTo, "Re: " + routeSubject, text: "Please remove me from your list."))).StatusCode);
        await AppendAsync(InboundPayloads.RawReply(byMailbox, mailboxReplyTo, "Re: " + mailboxSubject, text: "Please remove me from your list."));

        Assert.Equal("optedOut", (await EmailConsentAsync(byRoute)).State);
        await LocalAppFixture.EventuallyAsync(async () => (await EmailConsentAsync(byMailbox)).State == "optedOut", TimeSpan.FromSeconds(60), "the IMAP loop opts the address out");
    }

    [Fact]
    public async Task ParseRouteAndImapMailbox_OutOfOffice_NotifiesNobody()
    {
        var (enrollmentId, email, _, replyTo, subject) = await EnrollAndSendAsync();
        var marker = $"I am away until Monday. {Guid.NewGuid():N}";
        var outOfOffice = InboundPayloads.RawReply(email, replyTo, "Out of office: " + subject, "Auto-Submitted: auto-replied\r\n", marker);

        var answer = await PostEmailAsync(outOfOffice);
        await AppendAsync(InboundPayloads.RawReply(email, replyTo, "Automatic reply: " + subject, "X-Autoreply: yes\r\n", marker));
        // A real reply appended after it shows the loop has read past the automatic one.
        var real = $"Back now, yes please. {Guid.NewGuid():N}";
        await AppendAsync(InboundPayloads.RawReply(email, replyTo, "Re: " + subject, text: real));
        await WaitForNotificationAsync(real, "the IMAP loop notifies the real reply after the automatic one");

        Assert.Contains("autoReply", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(NotificationsQuoting(marker));
        AssertOneNotificationTo(real, email);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(enrollmentId)).Status);
    }

    [Fact]
    public async Task ImapMailbox_MessageThePipelineKeepsFailingOn_IsPassedOverForwardedAndShownInHealthDetail()
    {
        var (broken, brokenEmail, _, brokenReplyTo, subject) = await EnrollAndSendAsync();
        var (fine, fineEmail, _, fineReplyTo, _) = await EnrollAndSendAsync();
        // A row this version cannot read, as a newer version that knows another status would leave it after a rollback.
        Assert.True(EnrollmentId.TryGetContactId(broken, out var contactId));
        await local.Services.GetRequiredService<FollowUpStorage>().Table(StorageNames.EnrollmentsTable).UpdateEntityAsync(
            new TableEntity(contactId, broken) { ["Status"] = "Paused" }, Azure.ETag.All, TableUpdateMode.Merge);
        var marker = $"Tuesday is fine. {Guid.NewGuid():N}";
        await AppendAsync(InboundPayloads.RawReply(brokenEmail, brokenReplyTo, "Re: " + subject, text: marker));
        var after = $"Thursday works too. {Guid.NewGuid():N}";
        await AppendAsync(InboundPayloads.RawReply(fineEmail, fineReplyTo, "Re: " + subject, text: after));

        await WaitForNotificationAsync(after, "the IMAP loop reads past the message it keeps failing on");
        await WaitForNotificationAsync(marker, "the message passed over is forwarded");

        var forwarded = AssertOneNotificationTo(marker, brokenEmail);
        Assert.StartsWith("Not handled by FollowUp", forwarded.Subject, StringComparison.Ordinal);
        AssertOneNotificationTo(after, fineEmail);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(fine)).Status);
        var body = await local.Http.GetStringAsync("/api/health/detail");
        var imap = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("imap");
        Assert.Equal(1, imap.GetProperty("skippedMessages").GetInt64());
        Assert.Equal(1u, imap.GetProperty("lastSkipped").GetProperty("uid").GetUInt32());
        Assert.DoesNotContain(brokenEmail, body, StringComparison.OrdinalIgnoreCase);
    }
}
