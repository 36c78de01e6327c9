using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.Storage;
using FollowUp.Local;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.Notifications;

/// <summary>FollowUp.Local on Azurite with <c>FollowUp:Notify</c> set: replies by email (the parse route) and by text reach the business once, through the outbox.</summary>
public sealed class ReplyNotificationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string PublicBaseUrl = "https://followup.example.com";
    private const string AuthToken = "notify-auth-token-5b2d";
    private const string Owner = "owner@acme.example";
    private const string OwnerPhone = "+447911012345";
    private readonly TempFolder outbox = new();
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        outbox.Dispose();
    }

    private Dictionary<string, string?> Settings(Action<Dictionary<string, string?>>? change)
    {
        var settings = LocalAppFixture.Settings(azurite, outbox);
        settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
        settings["FollowUp:Twilio:AuthToken"] = AuthToken;
        settings["FollowUp:Email:From"] = "Acme <followup@acme.example>";
        settings["FollowUp:Email:ReplyTo"] = "Acme Replies <replies@acme.example>";
        settings["FollowUp:Notify:Email"] = $"Owner <{Owner}>";
        settings["FollowUp:Notify:Sms"] = OwnerPhone;
        settings["FollowUp:Inbound:AuthServId"] = "mx.acme.example";
        change?.Invoke(settings);
        return settings;
    }

    private async Task StartAsync(Action<Dictionary<string, string?>>? change = null)
    {
        var (started, address) = await LocalHost.StartOnLoopbackAsync(Settings(change), CancellationToken.None);
        app = started;
        http = new HttpClient { BaseAddress = address };
    }

    private async Task StopAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Saves a sequence and enrolls a new contact with an email and a phone; waits for the first email and returns the enrollment, the contact's address and phone, and the email.</summary>
    private async Task<(string EnrollmentId, string Email, string Phone, MimeMessage Sent)> EnrollAndSendAsync(object? notify = null)
    {
        var sequenceId = TestData.Id("seq");
        object[] steps = [SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P1D")];
        var body = notify is null
            ? SequenceJson.Sequence("Quote follow-up", true, steps)
            : new { name = "Quote follow-up", steps, stopOn = new { reply = true }, notify };
        (await http.PutAsJsonAsync($"/api/sequences/{sequenceId}", body)).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var phone = TestData.Phone();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(
            await http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Ann", lastName = "Lee" } }));
        await LocalAppFixture.EventuallyAsync(
            async () => outbox.Files($"{created.EnrollmentId}_first.eml").Any(), TimeSpan.FromSeconds(20), "the first email is in the outbox");
        await LocalAppFixture.EventuallyAsync(
            async () => (await LocalAppFixture.ReadAsync<EnrollmentView>(await http.GetAsync($"/api/enrollments/{created.EnrollmentId}"))).Steps[0].Status == StepStatus.Sent,
            TimeSpan.FromSeconds(10), "the first step is recorded as sent");
        return (created.EnrollmentId, email, phone, await MimeMessage.LoadAsync(Assert.Single(outbox.Files($"{created.EnrollmentId}_first.eml"))));
    }

    /// <summary>The notification emails in the outbox whose Reply-To is <paramref name="replyTo"/>.</summary>
    private List<(string Path, MimeMessage Message)> NotificationsReplyingTo(string replyTo) =>
        [.. outbox.Files("notify-*_email-*.eml")
            .Select(path => (path, MimeMessage.Load(path)))
            .Where(n => n.Item2.ReplyTo.Mailboxes.Any(m => string.Equals(m.Address, replyTo, StringComparison.OrdinalIgnoreCase)))];

    private async Task<JsonElement> PostEmailAsync(string raw)
    {
        var response = await http.PostAsync("/api/inbound/email", new StringContent(raw, Encoding.UTF8, "message/rfc822"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task PostTextAsync(Dictionary<string, string> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, PublicBaseUrl + "/api/inbound/twilio", parameters));
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string ReplyAddressOf(MimeMessage sent) => Assert.Single(sent.ReplyTo.Mailboxes).Address;

    [Fact]
    public async Task EmailReply_ThroughTheParseRoute_NotifiesTheOwnerOnceWithReplyToTheContactAndTheOriginalAttached()
    {
        var (enrollmentId, email, _, sent) = await EnrollAndSendAsync();
        var reply = InboundPayloads.RawReply(email, ReplyAddressOf(sent), "Re: Hello Ann");

        var answer = await PostEmailAsync(reply);

        Assert.Equal("replied", answer.GetProperty("action").GetString());
        var (path, notification) = Assert.Single(NotificationsReplyingTo(email));
        Assert.Equal(Owner, Assert.Single(notification.To.Mailboxes).Address);
        Assert.Equal(email, Assert.Single(notification.ReplyTo.Mailboxes).Address);
        Assert.Equal("auto-generated", notification.Headers["Auto-Submitted"]);
        Assert.Null(notification.Headers[HeaderId.ListUnsubscribe]);
        Assert.Contains("Ann Lee", notification.Subject);
        Assert.Contains("Sounds good, call me tomorrow.", notification.TextBody);
        Assert.Contains("“Quote follow-up”", notification.TextBody);
        Assert.Contains("after step first", notification.TextBody);
        Assert.Contains($"{PublicBaseUrl}/api/enrollments/{enrollmentId}", notification.TextBody);
        Assert.Contains("Sounds good, call me tomorrow.", notification.HtmlBody);
        var attached = Assert.IsType<MessagePart>(Assert.Single(notification.Attachments));
        Assert.True(attached.ContentType.IsMimeType("message", "rfc822"));
        Assert.Equal("Re: Hello Ann", attached.Message!.Subject);
        Assert.Equal(email, attached.Message!.From.Mailboxes.Single().Address);
        Assert.Contains("Sounds good, call me tomorrow.", attached.Message!.TextBody);
        var written = File.GetLastWriteTimeUtc(path);

        var again = await PostEmailAsync(reply);

        Assert.Equal("replied", again.GetProperty("action").GetString());
        Assert.Single(NotificationsReplyingTo(email));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task SmsReply_FromTheContactsPhone_NotifiesByEmailAndTextOnce_EvenAfterARestart()
    {
        var (_, email, phone, _) = await EnrollAndSendAsync();
        var text = TwilioRequests.IncomingMessage(phone, "Yes, can you come Tuesday?");

        await PostTextAsync(text);

        var (_, notification) = Assert.Single(NotificationsReplyingTo(email));
        Assert.Contains("Yes, can you come Tuesday?", notification.TextBody);
        Assert.Contains(phone, notification.TextBody);
        Assert.Empty(notification.Attachments);
        var id = Path.GetFileName(NotificationsReplyingTo(email)[0].Path).Split('_')[0];
        var sms = await File.ReadAllTextAsync(Assert.Single(outbox.Files($"{id}_sms.json")));
        Assert.Contains(OwnerPhone, sms);
        Assert.Contains("Yes, can you come Tuesday?", sms);

        await PostTextAsync(text);
        await StopAsync();
        await StartAsync();
        await Get<NotificationSender>().SendPendingAsync(CancellationToken.None);
        await PostTextAsync(text);

        Assert.Single(NotificationsReplyingTo(email));
        Assert.Single(outbox.Files($"{id}_sms.json"));
    }

    [Fact]
    public async Task OutOfOfficeReply_NotifiesNobody()
    {
        var (_, email, _, sent) = await EnrollAndSendAsync();
        var before = outbox.Files("notify-*").Length;

        var answer = await PostEmailAsync(InboundPayloads.RawReply(email, ReplyAddressOf(sent), "Out of office", "Auto-Submitted: auto-replied\r\n"));

        Assert.Equal("autoReply", answer.GetProperty("action").GetString());
        Assert.Empty(NotificationsReplyingTo(email));
        Assert.Equal(before, outbox.Files("notify-*").Length);
    }

    [Fact]
    public async Task Bounce_OfASentEmail_NotifiesNobody()
    {
        var (_, email, _, sent) = await EnrollAndSendAsync();
        var before = outbox.Files("notify-*").Length;

        var answer = await PostEmailAsync(InboundPayloads.RawBounce(email, sent.MessageId));

        Assert.Equal("bounce", answer.GetProperty("action").GetString());
        Assert.Equal(before, outbox.Files("notify-*").Length);
    }

    [Fact]
    public async Task UnmatchedEmail_WithForwardingOn_IsForwardedWithReplyToTheSender_AndOff_IsNot()
    {
        var stranger = TestData.Email();

        var answer = await PostEmailAsync(InboundPayloads.RawReply(stranger, "replies@acme.example", "A question about prices"));

        Assert.Equal("unmatched", answer.GetProperty("action").GetString());
        var (_, forwarded) = Assert.Single(NotificationsReplyingTo(stranger));
        Assert.Equal(Owner, forwarded.To.Mailboxes.Single().Address);
        Assert.Contains("A question about prices", forwarded.Subject);
        Assert.Single(forwarded.Attachments);

        await StopAsync();
        await StartAsync(settings => settings["FollowUp:Notify:Unmatched"] = "false");
        var other = TestData.Email();
        await PostEmailAsync(InboundPayloads.RawReply(other, "replies@acme.example", "Another question"));

        Assert.Empty(NotificationsReplyingTo(other));
    }

    [Fact]
    public async Task EmailReply_ToASequenceWithItsOwnNotifyAddress_NotifiesThatAddressOnly()
    {
        var (_, email, _, sent) = await EnrollAndSendAsync(new { email = new[] { "Team <team@acme.example>", "boss@acme.example" } });

        await PostEmailAsync(InboundPayloads.RawReply(email, ReplyAddressOf(sent), "Re: Hello"));

        var recipients = NotificationsReplyingTo(email).Select(n => n.Message.To.Mailboxes.Single().Address).Order().ToList();
        Assert.Equal(["boss@acme.example", "team@acme.example"], recipients);
    }

    [Theory]
    [InlineData("\"not an address\"")]
    [InlineData("[\"a@acme.example\", 3]")]
    [InlineData("[]")]
    [InlineData("{\"to\": \"a@acme.example\"}")]
    public async Task PutSequence_WithABadNotifyEmail_Is400NamingTheFieldAndStoresNothing(string notifyEmail)
    {
        var id = TestData.Id("seq");
        var body = """{"name":"S","steps":[{"id":"a","after":"PT0S","channel":"email","subject":"Hi","text":"Hi"}],"notify":{"email":""" + notifyEmail + "}}";

        var response = await http.PutAsync($"/api/sequences/{id}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("notify.email", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task GetSequence_WithANotifyString_AnswersItsAddresses()
    {
        var id = TestData.Id("seq");
        (await http.PutAsJsonAsync($"/api/sequences/{id}", new
        {
            name = "S",
            steps = new[] { SequenceJson.Email("a", "P1D") },
            notify = new { email = "Sales <Sales@Acme.example>, ops@acme.example" },
        })).EnsureSuccessStatusCode();

        var document = JsonDocument.Parse(await http.GetStringAsync($"/api/sequences/{id}"));

        Assert.Equal(["sales@acme.example", "ops@acme.example"], document.RootElement.GetProperty("notify").GetProperty("email").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>Enrolls a new contact in a sequence that stops on <c>purchased</c>; returns the contact's address and phone.</summary>
    private async Task<(string Email, string Phone)> EnrollStoppingOnPurchaseAsync()
    {
        var sequenceId = TestData.Id("seq");
        (await http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.StoppingOn(["purchased"], SequenceJson.Email("later", "P1D")))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var phone = TestData.Phone();
        (await http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Bo" } })).EnsureSuccessStatusCode();
        return (email, phone);
    }

    private async Task<string[]> PurchaseAsync(string email)
    {
        var response = await http.PostAsJsonAsync("/api/events", new { name = "purchased", contact = new { email } });
        response.EnsureSuccessStatusCode();
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("halted").EnumerateArray().Select(e => e.GetString()!)];
    }

    [Fact]
    public async Task ConversionAndTextedStop_NotifyOnlyWhenTheirSettingsAreOn()
    {
        var quiet = await EnrollStoppingOnPurchaseAsync();
        Assert.Single(await PurchaseAsync(quiet.Email));
        await PostTextAsync(TwilioRequests.IncomingMessage(quiet.Phone, "STOP"));
        Assert.Empty(NotificationsReplyingTo(quiet.Email));

        await StopAsync();
        await StartAsync(settings =>
        {
            settings["FollowUp:Notify:Conversions"] = "true";
            settings["FollowUp:Notify:OptOuts"] = "true";
        });
        var heard = await EnrollStoppingOnPurchaseAsync();
        Assert.Single(await PurchaseAsync(heard.Email));
        await PostTextAsync(TwilioRequests.IncomingMessage(heard.Phone, "STOP"));

        var subjects = NotificationsReplyingTo(heard.Email).Select(n => n.Message.Subject).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Contains("converted (purchased)", subjects[0]);
        Assert.Contains("opted out", subjects[1]);
    }

    /// <summary>A pending notification as a crash right after storing it leaves it.</summary>
    private async Task<Notification> StorePendingAsync(string about)
    {
        var notification = new Notification(
            "notify-" + Guid.NewGuid().ToString("N"), "reply", null, null, null, [Owner], about, "Reply from " + about, "What they wrote", "<p>What they wrote</p>", null, null, "",
            DateTimeOffset.UtcNow);
        Assert.True((await Get<NotificationStore>().TryAddAsync(notification, CancellationToken.None)).Added);
        return notification;
    }

    [Fact]
    public async Task SendPending_NotificationStoredBeforeACrash_IsSentExactlyOnce()
    {
        var about = TestData.Email();
        var notification = await StorePendingAsync(about);

        await Task.WhenAll(Get<NotificationSender>().SendPendingAsync(CancellationToken.None), Get<NotificationSender>().SendPendingAsync(CancellationToken.None));
        await Get<NotificationSender>().SendPendingAsync(CancellationToken.None);

        var (path, sent) = Assert.Single(NotificationsReplyingTo(about));
        Assert.StartsWith(notification.Id + "_email-0", Path.GetFileName(path));
        Assert.Equal("Reply from " + about, sent.Subject);
        Assert.True((await Get<NotificationStore>().GetAsync(notification.Id, CancellationToken.None))!.Done);
    }

    [Fact]
    public async Task SendPending_CrashAfterTheEmailWentOutButBeforeItWasRecorded_RecordsItWithoutSendingAgain()
    {
        var about = TestData.Email();
        var notification = await StorePendingAsync(about);
        // The host's own notification timer may take the pending row first; either way it is sent once and marked done.
        await Get<NotificationSender>().DeliverAsync(notification, NotificationSender.SweepWait, CancellationToken.None);
        await LocalAppFixture.EventuallyAsync(
            async () => (await Get<NotificationStore>().GetAsync(notification.Id, CancellationToken.None))!.Done, TimeSpan.FromSeconds(30), "the notification is sent");
        var path = Assert.Single(NotificationsReplyingTo(about)).Path;
        var written = File.GetLastWriteTimeUtc(path);
        // The state a crash between the send and its record leaves: the claim still sending with its lease run out, the row not done.
        var key = new SendKey(notification.Id, "email-0");
        await Get<FollowUpStorage>().Table(StorageNames.SendsTable).DeleteEntityAsync(key.EnrollmentId, key.StepId);
        await Get<SendClaims>().TryAcquireAsync(key, DateTimeOffset.UtcNow.AddMinutes(-10), TimeSpan.FromMinutes(1), CancellationToken.None);
        await Get<FollowUpStorage>().Table(StorageNames.NotificationsTable).UpdateEntityAsync(
            new TableEntity(notification.Id, "") { ["Done"] = false }, Azure.ETag.All, TableUpdateMode.Merge);

        await Get<NotificationSender>().SendPendingAsync(CancellationToken.None);

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Single(NotificationsReplyingTo(about));
        Assert.Equal(ClaimStatus.Sent, (await Get<SendClaims>().GetAsync(key, CancellationToken.None))!.Status);
        Assert.True((await Get<NotificationStore>().GetAsync(notification.Id, CancellationToken.None))!.Done);
    }

    [Fact]
    public async Task EraseContact_WhoReplied_RemovesTheNotificationItsClaimsAndItsOutboxFiles()
    {
        var (_, email, phone, sent) = await EnrollAndSendAsync();
        await PostEmailAsync(InboundPayloads.RawReply(email, ReplyAddressOf(sent), "Re: Hello"));
        await PostTextAsync(TwilioRequests.IncomingMessage(phone, "And by text"));
        var ids = NotificationsReplyingTo(email).Select(n => Path.GetFileName(n.Path).Split('_')[0]).Distinct().ToList();
        Assert.Equal(2, ids.Count);

        (await http.DeleteAsync($"/api/contacts/{email}")).EnsureSuccessStatusCode();

        Assert.Empty(NotificationsReplyingTo(email));
        foreach (var id in ids)
        {
            Assert.Null(await Get<NotificationStore>().GetAsync(id, CancellationToken.None));
            Assert.Empty(outbox.Files(id + "_*"));
            Assert.Empty(Get<FollowUpStorage>().Table(StorageNames.SendsTable).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")));
        }
    }
}
