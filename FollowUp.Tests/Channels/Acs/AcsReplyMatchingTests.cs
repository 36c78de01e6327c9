using System.Text;
using System.Text.Json;
using FollowUp.Engine.Channels.Acs;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>Replies to email sent through ACS (a fake ACS on loopback, storage on Azurite) are matched by thread and by token, as with SMTP.</summary>
public sealed class AcsReplyMatchingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private FakeAcs acs = null!;
    private EngineHarness harness = null!;

    public async Task InitializeAsync()
    {
        acs = await FakeAcs.StartAsync();
        harness = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["FollowUp:Email:Provider"] = "acs",
            ["FollowUp:Email:From"] = "Acme <followup@acme.example>",
            ["FollowUp:Email:ReplyTo"] = "Acme Replies <replies@acme.example>",
            ["FollowUp:SigningKey"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ["FollowUp:Acs:Endpoint"] = acs.Endpoint.AbsoluteUri,
            ["FollowUp:Acs:AccessKey"] = FakeAcs.AccessKey,
            ["FollowUp:Email:RateLimits:0:Count"] = "1000",
            ["FollowUp:Email:RateLimits:0:Window"] = "00:01:00",
        });
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await acs.DisposeAsync();
    }

    /// <summary>Enrolls a new contact in a two-email sequence and sends the first through ACS; returns the enrollment, the contact's address and ACS's send request.</summary>
    private async Task<(Enrollment Enrollment, string Email, JsonElement Send, string MessageId)> SendFirstAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("acs"), 0, "ACS", [
                new SequenceStep("hello", TimeSpan.Zero, StepChannel.Email, "Hi", "Hello", null),
                new SequenceStep("later", TimeSpan.FromDays(1), StepChannel.Email, "Again", "Hello again", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var email = TestData.Email();
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        await harness.Storage.StepQueue.ClearMessagesAsync();
        var enrollment = (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
        await harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "hello", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);
        var send = Assert.Single(acs.Sends);
        return (enrollment, email, JsonDocument.Parse(send.Body).RootElement.Clone(), FakeAcs.InternetMessageIdOf(send));
    }

    /// <summary>Hands a raw reply, with no authentication results, to the inbound pipeline.</summary>
    private Task<InboundEmailOutcome> ReplyAsync(string from, string to, string extraHeaders = "") =>
        harness.Get<InboundEmailService>().HandleAsync(
            MimeInboundParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(InboundPayloads.RawReply(from, to, "Re: Hi", extraHeaders))), "$", []), CancellationToken.None);

    [Fact]
    public async Task Reply_InReplyToTheMessageIdAcsSent_MatchesByThreadAndHalts()
    {
        var (enrollment, email, _, messageId) = await SendFirstAsync();
        Assert.Equal(AcsEmailChannel.InternetMessageId(new(enrollment.Id, "hello"), "acme.example"), messageId);

        var outcome = await ReplyAsync(email, "replies@acme.example", $"In-Reply-To: <{messageId}>\r\nReferences: <{messageId}>\r\n");

        Assert.Equal(enrollment.Id, outcome.Matched);
        Assert.Equal("replied", outcome.Action);
        Assert.Equal([enrollment.Id], outcome.Halted);
    }

    [Fact]
    public async Task Reply_InReplyToTheAcsMessageIdFromAnotherSender_MatchesNothing()
    {
        var (enrollment, _, _, messageId) = await SendFirstAsync();

        var outcome = await ReplyAsync(TestData.Email(), "replies@acme.example", $"In-Reply-To: <{messageId}>\r\n");

        Assert.Null(outcome.Matched);
        Assert.Equal(EnrollmentStatus.Active, (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Reply_ToTheReplyTokenOfAnAcsEmail_MatchesByTokenFromAnySender()
    {
        var (enrollment, _, send, _) = await SendFirstAsync();
        var replyTo = Assert.Single(send.GetProperty("replyTo").EnumerateArray()).GetProperty("address").GetString()!;
        Assert.StartsWith("replies+", replyTo, StringComparison.Ordinal);

        var outcome = await ReplyAsync(TestData.Email(), replyTo);

        Assert.Equal(enrollment.Id, outcome.Matched);
        Assert.Equal("replied", outcome.Action);
    }
}
