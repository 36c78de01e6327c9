using System.Net.Http.Json;
using System.Text;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;
using MimeKit;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local reading a real Dovecot mailbox on its IMAP loop: the email it sends has the mailbox's plus-address as Reply-To, and the reply that lands there halts the enrollment.</summary>
public sealed class ImapApiTests : IAsyncLifetime
{
    private readonly string user = $"owner-{Guid.NewGuid():N}"[..20] + "@acme.example";
    private DovecotServer dovecot = null!;
    private ConfiguredLocalApp local = null!;

    public async Task InitializeAsync()
    {
        dovecot = await DovecotServer.StartAsync(user);
        local = await ConfiguredLocalApp.StartAsync(settings =>
        {
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

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    [Fact]
    public async Task ImapLoop_ReplyToTheSentEmailsReplyTo_HaltsTheEnrollmentOnce()
    {
        var sequenceId = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Imap", true, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P1D")))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } }));
        await LocalAppFixture.EventuallyAsync(async () => local.Outbox.Files($"{created.EnrollmentId}_first.eml").Any(), TimeSpan.FromSeconds(30), "the first email is in the outbox");
        var sent = await MimeMessage.LoadAsync(Assert.Single(local.Outbox.Files($"{created.EnrollmentId}_first.eml")));
        var replyTo = Assert.Single(sent.ReplyTo.Mailboxes).Address;

        await dovecot.AppendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(InboundPayloads.RawReply(email, replyTo, "Re: " + sent.Subject)))));

        Assert.StartsWith(user.Split('@')[0] + "+", replyTo, StringComparison.Ordinal);
        await LocalAppFixture.EventuallyAsync(async () => (await GetAsync(created.EnrollmentId)).Status == EnrollmentStatus.Halted, TimeSpan.FromSeconds(30), "the IMAP loop halts the enrollment");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single((await GetAsync(created.EnrollmentId)).Timeline, entry => entry.Kind == TimelineEventKind.Replied);
    }
}
