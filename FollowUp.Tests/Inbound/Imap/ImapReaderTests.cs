using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Retention;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.Inbound.Imap;

/// <summary>The IMAP reader against a real Dovecot on loopback and the engine on Azurite: logins, keeping its place, and what each message does.</summary>
public sealed class ImapReaderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string user = $"owner-{Guid.NewGuid():N}"[..20] + "@acme.example";
    private DovecotServer dovecot = null!;
    private EngineHarness harness = null!;

    public async Task InitializeAsync()
    {
        dovecot = await DovecotServer.StartAsync(user);
        harness = await StartEngineAsync();
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await dovecot.DisposeAsync();
    }

    private ImapReader Reader => harness.Get<ImapReader>();

    /// <summary>The engine reading the Dovecot mailbox with its password, plus-addressing on; a new one is a restart of the app.</summary>
    private Task<EngineHarness> StartEngineAsync(Dictionary<string, string?>? extra = null) =>
        EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["FollowUp:SigningKey"] = SigningKey,
            ["FollowUp:Imap:Host"] = "127.0.0.1",
            ["FollowUp:Imap:Port"] = dovecot.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FollowUp:Imap:Security"] = "none",
            ["FollowUp:Imap:User"] = user,
            ["FollowUp:Imap:Password"] = dovecot.Password,
            ["FollowUp:Imap:PlusAddressing"] = "true",
        }.Concat(extra ?? []).ToDictionary());

    /// <summary>Enrolls a new contact in a fresh sequence that stops on reply; returns the enrollment id and the contact's address.</summary>
    private async Task<(string EnrollmentId, string Email)> EnrollAsync()
    {
        var email = TestData.Email();
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Replies", [new SequenceStep("later", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hi {{ contact.firstName }}", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        return (created.EnrollmentId, email);
    }

    /// <summary>The address a contact's reply goes to: the mailbox's own, plus-addressed with the enrollment's token.</summary>
    private string ReplyAddressOf(string enrollmentId) => MailboxAddress.Parse(harness.Get<ReplyAddress>().For(enrollmentId)!).Address;

    private Task<uint> AppendAsync(string raw) => dovecot.AppendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))));

    private async Task<EnrollmentStatus> StatusAsync(string enrollmentId) => (await harness.Get<EnrollmentStore>().GetAsync(enrollmentId, CancellationToken.None))!.Status;

    /// <summary>The kinds of the enrollment's timeline events after its enrollment, in kind order: events of one instant have no order between them.</summary>
    private async Task<List<TimelineEventKind>> TimelineAsync(string enrollmentId) =>
        [.. (await harness.Get<TimelineStore>().ListAsync(enrollmentId, CancellationToken.None)).Select(e => e.Kind).Where(kind => kind != TimelineEventKind.Enrolled).Order()];

    private async Task<ImapCursor> CursorAsync() =>
        (await harness.Get<ImapCursorStore>().GetAsync(ImapCursorStore.MailboxKey(harness.Get<Microsoft.Extensions.Options.IOptions<FollowUp.Engine.FollowUpOptions>>().Value.Imap), CancellationToken.None))!;

    [Fact]
    public async Task ReadAsync_ReplyToThePlusAddress_HaltsTheEnrollmentAndLeavesTheMailAlone()
    {
        var (enrollmentId, email) = await EnrollAsync();
        var replyTo = ReplyAddressOf(enrollmentId);
        await AppendAsync(InboundPayloads.RawReply(email, replyTo, "Re: Hi"));

        await Reader.ReadAsync(CancellationToken.None);

        Assert.StartsWith(user.Split('@')[0] + "+", replyTo, StringComparison.Ordinal);
        Assert.EndsWith("@acme.example", replyTo, StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.Halted, await StatusAsync(enrollmentId));
        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(enrollmentId));
        using var client = await dovecot.ConnectAsync();
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags);
        var message = Assert.Single(summaries);
        Assert.Equal(MessageFlags.None, message.Flags & ~MessageFlags.Recent);
    }

    [Fact]
    public async Task ReadAsync_AutoReply_IsRecordedAndHaltsNothing()
    {
        var (enrollmentId, email) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(email, ReplyAddressOf(enrollmentId), "Out of office", "Auto-Submitted: auto-replied\r\n"));

        await Reader.ReadAsync(CancellationToken.None);

        Assert.Equal(EnrollmentStatus.Active, await StatusAsync(enrollmentId));
        Assert.Equal([TimelineEventKind.AutoReplyIgnored], await TimelineAsync(enrollmentId));
    }

    [Fact]
    public async Task ReadAsync_BounceReturningTheReplyAddress_OptsTheAddressOut()
    {
        var (enrollmentId, email) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawBounce(email, null, to: user, replyTo: ReplyAddressOf(enrollmentId)));

        await Reader.ReadAsync(CancellationToken.None);

        Assert.NotNull(await harness.Get<OptOutStore>().FindAsync(AddressKey.Email(email), CancellationToken.None));
        Assert.Equal([TimelineEventKind.Bounced], await TimelineAsync(enrollmentId));
    }

    [Fact]
    public async Task ReadAsync_UnmatchedMessage_ChangesNothingAndIsReadOnce()
    {
        var (enrollmentId, email) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(TestData.Email(), user, "A question"));

        await Reader.ReadAsync(CancellationToken.None);
        await AppendAsync(InboundPayloads.RawReply(email, ReplyAddressOf(enrollmentId), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        Assert.Equal(EnrollmentStatus.Halted, await StatusAsync(enrollmentId));
        Assert.Single(await TimelineAsync(enrollmentId), TimelineEventKind.Replied);
        Assert.Equal(2u, (await CursorAsync()).LastUid);
    }

    [Fact]
    public async Task ReadAsync_RestartBetweenRuns_NeitherRepeatsNorMissesAMessage()
    {
        var (first, firstEmail) = await EnrollAsync();
        var (second, secondEmail) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(firstEmail, ReplyAddressOf(first), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        var secondReplyTo = ReplyAddressOf(second);
        await harness.DisposeAsync();
        await AppendAsync(InboundPayloads.RawReply(secondEmail, secondReplyTo, "Re: Hi"));
        harness = await StartEngineAsync();
        await Reader.ReadAsync(CancellationToken.None);
        await Reader.ReadAsync(CancellationToken.None);

        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(first));
        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(second));
        Assert.Equal(2u, (await CursorAsync()).LastUid);
    }

    [Fact]
    public async Task ReadAsync_UidValidityChanged_ReadsTheNewMessageAndNoneTwice()
    {
        var (first, firstEmail) = await EnrollAsync();
        var (second, secondEmail) = await EnrollAsync();
        var before = await AppendAsync(InboundPayloads.RawReply(firstEmail, ReplyAddressOf(first), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        await dovecot.RestartAsync(dovecot.ForgetUids);
        var after = await AppendAsync(InboundPayloads.RawReply(secondEmail, ReplyAddressOf(second), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        Assert.NotEqual(before, after);
        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(first));
        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(second));
        var cursor = await CursorAsync();
        Assert.Equal(after, cursor.UidValidity);
        Assert.Equal(2u, cursor.LastUid);
    }

    [Fact]
    public async Task ReadAsync_FlagProcessedKeyword_FlagsEachHandledMessage()
    {
        await harness.DisposeAsync();
        harness = await StartEngineAsync(new() { ["FollowUp:Imap:FlagProcessed"] = "FollowUp" });
        var (enrollmentId, email) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(email, ReplyAddressOf(enrollmentId), "Re: Hi"));

        await Reader.ReadAsync(CancellationToken.None);

        using var client = await dovecot.ConnectAsync();
        var message = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags));
        Assert.Contains("FollowUp", message.Keywords);
        Assert.False(message.Flags!.Value.HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task ReadAsync_PipelineKeepsFailingOnAMessage_PassesItOverAfterMaxAttemptsForwardsItAndReadsOn()
    {
        await harness.DisposeAsync();
        harness = await StartEngineAsync(new() { ["FollowUp:Imap:MaxAttempts"] = "3", ["FollowUp:Notify:Email"] = "sales@acme.example" });
        var (broken, brokenEmail) = await EnrollAsync();
        var (fine, fineEmail) = await EnrollAsync();
        // A row this version cannot read, as a newer version that knows another status would leave it after a rollback.
        Assert.True(EnrollmentId.TryGetContactId(broken, out var brokenContact));
        await harness.Storage.Table(StorageNames.EnrollmentsTable).UpdateEntityAsync(
            new TableEntity(brokenContact, broken) { ["Status"] = "Paused" }, Azure.ETag.All, TableUpdateMode.Merge);
        await AppendAsync(InboundPayloads.RawReply(brokenEmail, ReplyAddressOf(broken), "Re: Hi", text: "Tuesday is fine."));
        await AppendAsync(InboundPayloads.RawReply(fineEmail, ReplyAddressOf(fine), "Re: Hi"));
        var mailbox = ImapCursorStore.MailboxKey(harness.Get<Microsoft.Extensions.Options.IOptions<FollowUp.Engine.FollowUpOptions>>().Value.Imap);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Reader.ReadAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Reader.ReadAsync(CancellationToken.None));
        Assert.Equal(EnrollmentStatus.Active, await StatusAsync(fine));
        Assert.Equal(2, (await harness.Get<ImapCursorStore>().GetFailureAsync(mailbox, CancellationToken.None))!.Attempts);
        await Reader.ReadAsync(CancellationToken.None);
        await Reader.ReadAsync(CancellationToken.None);

        Assert.Equal(EnrollmentStatus.Halted, await StatusAsync(fine));
        var skipped = await harness.Get<ImapCursorStore>().GetSkippedAsync(mailbox, CancellationToken.None);
        Assert.Equal((1L, 1u, nameof(ArgumentException)), (skipped!.Count, skipped.LastUid, skipped.LastError));
        Assert.Null(await harness.Get<ImapCursorStore>().GetFailureAsync(mailbox, CancellationToken.None));
        Assert.Equal(2u, (await CursorAsync()).LastUid);
        var notifications = Directory.EnumerateFiles(harness.Outbox.Path, "notify-*.eml").Select(file => MimeMessage.Load(file)).ToList();
        Assert.Single(notifications, n => (n.Subject ?? "").StartsWith("Reply from", StringComparison.Ordinal));
        var forwarded = Assert.Single(notifications, n => (n.Subject ?? "").StartsWith("Not handled by FollowUp", StringComparison.Ordinal));
        Assert.Equal("sales@acme.example", Assert.Single(forwarded.To.Mailboxes).Address);
        Assert.Equal(brokenEmail, Assert.Single(forwarded.ReplyTo.Mailboxes).Address);
        Assert.Contains("Tuesday is fine.", forwarded.TextBody, StringComparison.Ordinal);
        Assert.Contains("passed it over", forwarded.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UidValidityChangedAfterRetentionRan_DoesNotHandTheOldMessageOverAgain()
    {
        var (first, firstEmail) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(firstEmail, ReplyAddressOf(first), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        // Past FollowUp:Retention:ImapMessages (30 days), with no message since: the re-read would start from the day of that reply.
        harness.Clock.Advance(TimeSpan.FromDays(100));
        await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);
        await dovecot.RestartAsync(dovecot.ForgetUids);
        var (second, secondEmail) = await EnrollAsync();
        await AppendAsync(InboundPayloads.RawReply(secondEmail, ReplyAddressOf(second), "Re: Hi"));
        await Reader.ReadAsync(CancellationToken.None);

        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(first));
        Assert.Equal([TimelineEventKind.Replied, TimelineEventKind.Halted], await TimelineAsync(second));
    }
}
