using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using MimeKit;

namespace FollowUp.Tests.Inbound.Email;

/// <summary>FollowUp.Local with a reply address and an API key: emails go to the outbox, replies come back through <c>POST /api/inbound/email</c>.</summary>
public sealed class InboundEmailApiTests(InboundEmailAppFixture local) : IClassFixture<InboundEmailAppFixture>
{
    private const string ApiKey = InboundEmailAppFixture.ApiKey;
    private const string SigningKey = InboundEmailAppFixture.SigningKey;
    private readonly HttpClient http = local.Http;
    private readonly HttpClient keyless = local.Keyless;
    private readonly TempFolder outbox = local.Outbox;

    /// <summary>Enrolls a new contact in a new sequence and waits for its first email; returns the enrollment, the contact's address and the email.</summary>
    private Task<(string EnrollmentId, string Email, MimeMessage Sent)> EnrollAndSendAsync(params object[] steps) => EnrollAndSendAsync(http, outbox, steps);

    /// <summary>Enrolls a new contact through <paramref name="http"/> and waits for its first email in <paramref name="outbox"/>.</summary>
    private static async Task<(string EnrollmentId, string Email, MimeMessage Sent)> EnrollAndSendAsync(HttpClient http, TempFolder outbox, params object[] steps)
    {
        var sequenceId = TestData.Id("seq");
        (await http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Inbound", true, steps.Length > 0 ? steps : [SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P1D")])))
            .EnsureSuccessStatusCode();
        var email = TestData.Email();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(
            await http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } }));
        await LocalAppFixture.EventuallyAsync(
            async () => outbox.Files($"{created.EnrollmentId}_first.eml").Any(), TimeSpan.FromSeconds(15), "the first email is in the outbox");
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(http, created.EnrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(5), "the first step is recorded as sent");
        return (created.EnrollmentId, email, await MimeMessage.LoadAsync(Assert.Single(outbox.Files($"{created.EnrollmentId}_first.eml"))));
    }

    private Task<EnrollmentView> GetAsync(string enrollmentId) => GetAsync(http, enrollmentId);

    private static async Task<EnrollmentView> GetAsync(HttpClient http, string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await http.GetAsync($"/api/enrollments/{enrollmentId}"));

    /// <summary>Waits until the enrollment's two-step sequence is done and checks that the second email went out: nobody opted the address out or halted it.</summary>
    private async Task AssertSecondEmailSentAsync(string enrollmentId)
    {
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(enrollmentId)).Status != EnrollmentStatus.Active, TimeSpan.FromSeconds(15), "the enrollment is done");
        var view = await GetAsync(enrollmentId);
        Assert.Equal(EnrollmentStatus.Completed, view.Status);
        Assert.Equal(StepStatus.Sent, view.Steps[1].Status);
        Assert.Single(outbox.Files($"{enrollmentId}_second.eml"));
        Assert.DoesNotContain(view.Timeline, e => e.Kind is TimelineEventKind.Bounced or TimelineEventKind.Replied or TimelineEventKind.Halted);
    }

    private static readonly object[] TwoQuickEmails = [SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "PT3S")];

    private static string ReplyAddressOf(MimeMessage sent) => Assert.Single(sent.ReplyTo.Mailboxes).Address;

    /// <summary>Posts an inbound email with the key in the header, or, as parse services do, in <c>?code=</c> when <paramref name="query"/> gives it.</summary>
    private async Task<JsonElement> PostAsync(HttpContent content, HttpStatusCode expected = HttpStatusCode.OK, string query = "")
    {
        var response = await (query.Length > 0 ? keyless : http).PostAsync("/api/inbound/email" + query, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static MultipartFormDataContent SendGrid(Dictionary<string, string> fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        return form;
    }

    private static StringContent Raw(string message) => new(message, Encoding.UTF8, "message/rfc822");

    private static string[] Halted(JsonElement answer) => [.. answer.GetProperty("halted").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task ComposedEmail_ReplyTo_IsThePlusAddressWithAVerifiableToken()
    {
        var (enrollmentId, _, sent) = await EnrollAndSendAsync();

        var replyTo = Assert.Single(sent.ReplyTo.Mailboxes);
        Assert.Equal("Acme Replies", replyTo.Name);
        Assert.Equal($"replies+{ReplyAddressTests.ExpectedToken(enrollmentId, SigningKey)}@acme.example", replyTo.Address);
        Assert.True(replyTo.LocalPart.Length <= 64);
        Assert.Equal($"{enrollmentId}.first@acme.example", sent.MessageId);
    }

    [Fact]
    public async Task SendGridReply_ToTheReplyAddressFromAnotherSender_MatchesByTokenAndHalts()
    {
        var (enrollmentId, _, sent) = await EnrollAndSendAsync();

        var answer = await PostAsync(SendGrid(InboundPayloads.SendGridFields("colleague@example.org", ReplyAddressOf(sent), "Re: Hello Ann")), query: $"?code={ApiKey}");

        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Equal("replied", answer.GetProperty("action").GetString());
        Assert.Equal([enrollmentId], Halted(answer));
        var view = await GetAsync(enrollmentId);
        Assert.Equal(EnrollmentStatus.Halted, view.Status);
        Assert.Equal("Replied by email: Re: Hello Ann", Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.Replied).Detail);
        Assert.Equal(TimelineEventKind.Halted, view.Timeline[^1].Kind);
    }

    [Fact]
    public async Task PostmarkReply_WithForgedToken_IsNotTrusted_AndFallsThroughToTheSender()
    {
        var victim = await EnrollAndSendAsync();
        var sender = await EnrollAndSendAsync();
        var forged = $"replies+{ReplyAddressTests.ExpectedToken(victim.EnrollmentId, "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=")}@acme.example";
        Assert.NotEqual(forged, ReplyAddressOf(victim.Sent));

        var answer = await PostAsync(JsonContent.Create(InboundPayloads.Postmark(sender.Email, forged, "Re: Hello Ann", PostmarkSpf("Pass", sender.Email))));

        Assert.Equal(sender.EnrollmentId, answer.GetProperty("matched").GetString());
        Assert.Equal([sender.EnrollmentId], Halted(answer));
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(victim.EnrollmentId)).Status);
    }

    [Fact]
    public async Task RawReply_InReplyToOurMessageId_MatchesOnlyFromTheContact()
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync();
        var inReplyTo = $"In-Reply-To: <{sent.MessageId}>\r\nReferences: <{sent.MessageId}>\r\n";

        var stranger = await PostAsync(Raw(InboundPayloads.RawReply("forwarded-to@example.org", "replies@acme.example", "Re: Hello Ann", inReplyTo)));
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("matched").ValueKind);
        Assert.Equal("unmatched", stranger.GetProperty("action").GetString());
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(enrollmentId)).Status);

        var contact = await PostAsync(Raw(InboundPayloads.RawReply(email, "replies@acme.example", "Re: Hello Ann", inReplyTo)));
        Assert.Equal(enrollmentId, contact.GetProperty("matched").GetString());
        Assert.Equal([enrollmentId], Halted(contact));
    }

    [Fact]
    public async Task RawReply_FromTheContactWithoutTokenOrReference_MatchesBySender()
    {
        var (enrollmentId, email, _) = await EnrollAndSendAsync();

        var answer = await PostAsync(Raw(InboundPayloads.RawReply(
            email.ToUpperInvariant(), "replies@acme.example", "Quick question", InboundPayloads.AuthenticationResults(InboundEmailAppFixture.AuthServId, "example.com"))));

        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Equal("replied", answer.GetProperty("action").GetString());
    }

    [Fact]
    public async Task SendGridReply_FromTheContactWithSendGridsSpfPass_MatchesBySenderAndHalts()
    {
        var (enrollmentId, email, _) = await EnrollAndSendAsync();

        var answer = await PostAsync(SendGrid(InboundPayloads.SendGridFields(email, "replies@acme.example", "Quick question")));

        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Equal([enrollmentId], Halted(answer));
    }

    /// <summary>Postmark's <c>Received-SPF</c> header for mail whose envelope sender is <paramref name="envelopeFrom"/>.</summary>
    private static (string, string) PostmarkSpf(string result, string envelopeFrom) => ("Received-SPF",
        $"{result} (sender SPF authorized) identity=mailfrom; client-ip=209.85.160.180; helo=mail-gy0-f180.google.com; envelope-from={envelopeFrom}; receiver=451d9b70cf9364d23ff6f9d51d870251569e+ahoy@inbound.postmarkapp.com");

    /// <summary>A reply from the contact's address, with no token or thread reference, in a format that gives no pass for the sender.</summary>
    private static HttpContent ForgedSenderReply(string format, string contact) => format switch
    {
        "raw" => Raw(InboundPayloads.RawReply(contact, "replies@acme.example", "Stop")),
        "rawResultsOfAnotherServer" => Raw(InboundPayloads.RawReply(contact, "replies@acme.example", "Stop", InboundPayloads.AuthenticationResults("mx.attacker.example", "example.com"))),
        "rawResultsFail" => Raw(InboundPayloads.RawReply(contact, "replies@acme.example", "Stop", InboundPayloads.AuthenticationResults(InboundEmailAppFixture.AuthServId, "example.com", "fail"))),
        "rawResultsOfAnotherDomain" => Raw(InboundPayloads.RawReply(contact, "replies@acme.example", "Stop", InboundPayloads.AuthenticationResults(InboundEmailAppFixture.AuthServId, "attacker.example").Replace("dmarc=pass", "dmarc=none", StringComparison.Ordinal))),
        "sendGridSoftfail" => SendGrid(new(InboundPayloads.SendGridFields(contact, "replies@acme.example", "Stop")) { ["SPF"] = "softfail", ["dkim"] = "none" }),
        "sendGridPassForAnotherDomain" => SendGrid(new(InboundPayloads.SendGridFields(contact, "replies@acme.example", "Stop"))
        {
            ["dkim"] = "{@attacker.example : pass}",
            ["envelope"] = "{\"to\":[\"replies@acme.example\"],\"from\":\"bounce@attacker.example\"}",
        }),
        "postmarkNoSpf" => JsonContent.Create(InboundPayloads.Postmark(contact, "replies@acme.example", "Stop")),
        "postmarkForgedSpfBesidePostmarksSoftfail" => JsonContent.Create(InboundPayloads.Postmark(
            contact, "replies@acme.example", "Stop", PostmarkSpf("Pass", contact), PostmarkSpf("SoftFail", "bounce@attacker.example"))),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Theory]
    [InlineData("raw")]
    [InlineData("rawResultsOfAnotherServer")]
    [InlineData("rawResultsFail")]
    [InlineData("rawResultsOfAnotherDomain")]
    [InlineData("sendGridSoftfail")]
    [InlineData("sendGridPassForAnotherDomain")]
    [InlineData("postmarkNoSpf")]
    [InlineData("postmarkForgedSpfBesidePostmarksSoftfail")]
    public async Task ForgedSender_WithoutAnAlignedPass_HaltsNobody(string format)
    {
        var (enrollmentId, email, _) = await EnrollAndSendAsync(TwoQuickEmails);

        var answer = await PostAsync(ForgedSenderReply(format, email));

        Assert.Equal("unmatched", answer.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("matched").ValueKind);
        Assert.Empty(Halted(answer));
        Assert.Equal(InboundEmailService.UnauthenticatedSender, answer.GetProperty("reason").GetString());
        await AssertSecondEmailSentAsync(enrollmentId);
    }

    [Fact]
    public async Task UnauthenticatedSender_WhenTheSettingTrustsThem_Halts()
    {
        await using var trusting = await ConfiguredLocalApp.StartAsync(settings => settings["FollowUp:Inbound:TrustUnauthenticatedSenders"] = "true");
        var (enrollmentId, email, _) = await EnrollAndSendAsync(trusting.Http, trusting.Outbox);

        var response = await trusting.Http.PostAsync("/api/inbound/email", Raw(InboundPayloads.RawReply(email, "replies@acme.example", "Stop")));

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Equal("replied", answer.GetProperty("action").GetString());
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(trusting.Http, enrollmentId)).Status);

        var askingToStop = await trusting.Http.PostAsync("/api/inbound/email", Raw(InboundPayloads.RawReply(email, "replies@acme.example", "Stop", text: "Please remove me from your list.")));
        Assert.Equal("replied", JsonDocument.Parse(await askingToStop.Content.ReadAsStringAsync()).RootElement.GetProperty("action").GetString());
        var consent = (await LocalAppFixture.ReadAsync<ContactView>(await trusting.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"))).EmailConsent!;
        Assert.Equal("subscribed", consent.State);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("sendGrid")]
    [InlineData("postmark")]
    public async Task ForgedBounce_FromAnyMailerDaemonNamingAContact_OptsOutNobodyAndHaltsNobody(string format)
    {
        var (enrollmentId, victim, _) = await EnrollAndSendAsync(TwoQuickEmails);
        var text = "Reporting-MTA: dns; mail.attacker.example\n\nFinal-Recipient: rfc822; " + victim + "\nAction: failed\nStatus: 5.1.1\n";
        HttpContent content = format switch
        {
            "raw" => Raw(InboundPayloads.ForgedTextBounce(victim)),
            "sendGrid" => SendGrid(new(InboundPayloads.SendGridFields("MAILER-DAEMON@attacker.example", "replies@acme.example", "Undelivered Mail")) { ["text"] = text }),
            _ => JsonContent.Create(PostmarkWithText(InboundPayloads.Postmark("MAILER-DAEMON@attacker.example", "replies@acme.example", "Undelivered Mail"), text)),
        };

        var answer = await PostAsync(content);

        Assert.Equal("bounceIgnored", answer.GetProperty("action").GetString());
        Assert.Equal(InboundEmailService.UnprovenBounce, answer.GetProperty("reason").GetString());
        Assert.DoesNotContain(victim, answer.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await AssertSecondEmailSentAsync(enrollmentId);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("messageId")]
    public async Task ForgedBounce_ProvingASendToAnotherAddress_OptsOutNobody(string proof)
    {
        var (victimEnrollment, victim, _) = await EnrollAndSendAsync(TwoQuickEmails);
        var attacker = await EnrollAndSendAsync();
        var forged = proof == "token"
            ? InboundPayloads.ForgedTextBounce(victim, to: ReplyAddressOf(attacker.Sent))
            : InboundPayloads.RawBounce(victim, attacker.Sent.MessageId!);

        var answer = await PostAsync(Raw(forged));

        Assert.Equal("bounceIgnored", answer.GetProperty("action").GetString());
        await AssertSecondEmailSentAsync(victimEnrollment);
    }

    [Theory]
    [InlineData("toTheReplyAddress")]
    [InlineData("returningTheReplyTo")]
    [InlineData("originalMessageIdInText")]
    public async Task GenuineBounce_ProvenByTokenOrMessageIdInText_OptsTheAddressOut(string proof)
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync(TwoQuickEmails);
        var bounce = proof switch
        {
            "toTheReplyAddress" => InboundPayloads.RawBounce(email, null, to: ReplyAddressOf(sent)),
            "returningTheReplyTo" => InboundPayloads.RawBounce(email, null, replyTo: ReplyAddressOf(sent)),
            _ => InboundPayloads.ForgedTextBounce(email, extraText: $"Original-Message-ID: <{sent.MessageId}>\r\n"),
        };

        var answer = await PostAsync(Raw(bounce));

        Assert.Equal("bounce", answer.GetProperty("action").GetString());
        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(enrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(15), "the second step is done");
        Assert.Equal(StepStatus.Skipped, (await GetAsync(enrollmentId)).Steps[1].Status);
    }

    /// <summary>Postmark's example with <paramref name="text"/> as its text body.</summary>
    private static JsonElement PostmarkWithText(object payload, string text)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(payload))!;
        json["TextBody"] = text;
        return JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "Re: Hello Ann")]
    [InlineData("X-Autorespond", "yes", "Re: Hello Ann")]
    [InlineData("X-Mailer", "Lotus Notes", "Abwesenheitsnotiz: Hello Ann")]
    public async Task AutomaticReply_IsRecordedAndHaltsNothing(string header, string value, string subject)
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync();

        var answer = await PostAsync(JsonContent.Create(InboundPayloads.Postmark(email, ReplyAddressOf(sent), subject, (header, value))));

        Assert.Equal("autoReply", answer.GetProperty("action").GetString());
        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Empty(Halted(answer));
        var view = await GetAsync(enrollmentId);
        Assert.Equal(EnrollmentStatus.Active, view.Status);
        Assert.Contains(subject, Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.AutoReplyIgnored).Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(view.Timeline, e => e.Kind == TimelineEventKind.Replied);
    }

    [Fact]
    public async Task ReplyAskingToStopInWords_OptsTheAddressOut_SoALaterEnrollmentsEmailIsSkipped()
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync();
        var text = "Please remove me from your list.\n\nOn Tue, 3 Mar 2026 at 10:00, Acme <followup@acme.example> wrote:\n> Hi Ann\n";

        var answer = await PostAsync(JsonContent.Create(PostmarkWithText(InboundPayloads.Postmark(email, ReplyAddressOf(sent), "Re: Hello Ann"), text)));

        Assert.Equal("replied", answer.GetProperty("action").GetString());
        Assert.Equal([enrollmentId], Halted(answer));
        var view = await GetAsync(enrollmentId);
        Assert.Equal("Asked by email to stop (\"remove me from your list\"): no more email to this address.", Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.OptedOut).Detail);
        var consent = (await LocalAppFixture.ReadAsync<ContactView>(await http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"))).EmailConsent!;
        Assert.Equal(("optedOut", "reply"), (consent.State, consent.Source));

        var sequenceId = TestData.Id("seq");
        (await http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Later", true, SequenceJson.Email("first", "PT0S")))).EnsureSuccessStatusCode();
        var later = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email } }));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(later.EnrollmentId)).Status != EnrollmentStatus.Active, TimeSpan.FromSeconds(15), "the later enrollment is done");
        var step = (await GetAsync(later.EnrollmentId)).Steps[0];
        Assert.Equal((StepStatus.Skipped, "The email address has opted out."), (step.Status, step.Detail));
        Assert.Empty(outbox.Files($"{later.EnrollmentId}_first.eml"));
    }

    [Fact]
    public async Task ReplyQuotingAStopPhrase_OptsNothingOut()
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync();
        var text = "Yes, Tuesday works.\n\n> Reply unsubscribe to hear no more.\n> Please remove me from your list\n";

        var answer = await PostAsync(JsonContent.Create(PostmarkWithText(InboundPayloads.Postmark(email, ReplyAddressOf(sent), "Re: Hello Ann"), text)));

        Assert.Equal("replied", answer.GetProperty("action").GetString());
        Assert.DoesNotContain((await GetAsync(enrollmentId)).Timeline, e => e.Kind == TimelineEventKind.OptedOut);
        var consent = (await LocalAppFixture.ReadAsync<ContactView>(await http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"))).EmailConsent!;
        Assert.Equal("subscribed", consent.State);
    }

    [Fact]
    public async Task Bounce_OptsTheAddressOut_SoTheNextEmailStepIsSkipped()
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync(SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "PT3S"));

        var answer = await PostAsync(Raw(InboundPayloads.RawBounce(email, sent.MessageId!)));

        Assert.Equal("bounce", answer.GetProperty("action").GetString());
        Assert.Equal(enrollmentId, answer.GetProperty("matched").GetString());
        Assert.Empty(Halted(answer));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(enrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(15), "the second step is done");
        var view = await GetAsync(enrollmentId);
        Assert.Equal(StepStatus.Skipped, view.Steps[1].Status);
        Assert.Equal("The email address has opted out.", view.Steps[1].Detail);
        Assert.Contains("5.1.1", Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.Bounced).Detail, StringComparison.Ordinal);
        Assert.Empty(outbox.Files($"{enrollmentId}_second.eml"));
    }

    [Fact]
    public async Task DelayNotice_OptsNothingOut()
    {
        var (enrollmentId, email, sent) = await EnrollAndSendAsync(SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "PT2S"));

        var answer = await PostAsync(Raw(InboundPayloads.RawBounce(email, sent.MessageId!, action: "delayed")));

        Assert.NotEqual("bounce", answer.GetProperty("action").GetString());
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(enrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(15), "the second step is done");
        Assert.Equal(StepStatus.Sent, (await GetAsync(enrollmentId)).Steps[1].Status);
    }

    [Fact]
    public async Task BadRequests_AreAnsweredWithTheFieldOrStatus()
    {
        var noSender = await PostAsync(new StringContent("{\"Subject\":\"hi\"}", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        Assert.True(noSender.GetProperty("errors").TryGetProperty("FromFull", out _));

        var fields = InboundPayloads.SendGridFields("ann@example.com", "replies@acme.example", "Hi");
        fields.Remove("from");
        var sendGrid = await PostAsync(SendGrid(fields), HttpStatusCode.BadRequest);
        Assert.True(sendGrid.GetProperty("errors").TryGetProperty("from", out _));

        await PostAsync(new StringContent("hello", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await PostAsync(new ByteArrayContent(new byte[11 * 1024 * 1024]) { Headers = { ContentType = new("message/rfc822") } }, HttpStatusCode.RequestEntityTooLarge);

        var refused = await keyless.PostAsync("/api/inbound/email?code=wrong", Raw(InboundPayloads.RawReply("ann@example.com", "replies@acme.example", "Hi")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
