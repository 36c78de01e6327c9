using System.Text;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Inbound.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.Inbound.Imap;

/// <summary>The Microsoft 365 login: a token of the app's client credentials from a loopback stand-in of Microsoft Entra, given to a real Dovecot as SASL XOAUTH2, which checks it with the stand-in (passdb oauth2).</summary>
public sealed class ImapOAuthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string user = $"owner-{Guid.NewGuid():N}"[..20] + "@acme.example";
    private LoopbackTokenEndpoint entra = null!;
    private DovecotServer dovecot = null!;

    public async Task InitializeAsync()
    {
        entra = await LoopbackTokenEndpoint.StartAsync(user);
        dovecot = await DovecotServer.StartAsync(user, entra.TokenInfoUrl);
    }

    public async Task DisposeAsync()
    {
        await dovecot.DisposeAsync();
        await entra.DisposeAsync();
    }

    /// <summary>The engine logging in with client credentials (no password), trusting only the stand-in's certificate.</summary>
    private Task<EngineHarness> StartEngineAsync(string clientSecret) =>
        EngineHarness.CreateAsync(
            azurite,
            services => services.AddHttpClient(ImapLogin.HttpClientName).ConfigurePrimaryHttpMessageHandler(entra.TrustingHandler),
            new Dictionary<string, string?>
            {
                ["FollowUp:Imap:Host"] = "127.0.0.1",
                ["FollowUp:Imap:Port"] = dovecot.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FollowUp:Imap:Security"] = "none",
                ["FollowUp:Imap:User"] = user,
                ["FollowUp:Imap:PlusAddressing"] = "true",
                ["FollowUp:Imap:OAuth:TenantId"] = entra.TenantId,
                ["FollowUp:Imap:OAuth:ClientId"] = entra.ClientId,
                ["FollowUp:Imap:OAuth:ClientSecret"] = clientSecret,
                ["FollowUp:Imap:OAuth:AuthorityHost"] = entra.AuthorityHost.ToString(),
            });

    [Fact]
    public async Task ReadAsync_ClientCredentials_LogsInWithXoauth2AndHandlesTheReply()
    {
        await using var harness = await StartEngineAsync(entra.ClientSecret);
        var email = TestData.Email();
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Replies", [new SequenceStep("later", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hi", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        var replyTo = MailboxAddress.Parse(harness.Get<ReplyAddress>().For(created.EnrollmentId)!).Address;
        await dovecot.AppendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(InboundPayloads.RawReply(email, replyTo, "Re: Hi")))));

        await harness.Get<ImapReader>().ReadAsync(CancellationToken.None);

        Assert.Equal(EnrollmentStatus.Halted, (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!.Status);
        var request = Assert.Single(entra.TokenRequests);
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal(LoopbackTokenEndpoint.Scope, request["scope"]);
        Assert.Equal(1, entra.VouchedCount);
        Assert.Contains($"user=<{user}>, method=XOAUTH2", dovecot.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrongClientSecret_FailsBeforeReachingTheMailbox()
    {
        await using var harness = await StartEngineAsync("not-the-secret");

        var failure = await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(() => harness.Get<ImapReader>().ReadAsync(CancellationToken.None));

        Assert.DoesNotContain("not-the-secret", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, entra.VouchedCount);
        Assert.DoesNotContain("method=XOAUTH2", dovecot.Log(), StringComparison.Ordinal);
    }
}
