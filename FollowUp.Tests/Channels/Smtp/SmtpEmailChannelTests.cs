using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Smtp;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Channels.Smtp;

public sealed class SmtpEmailChannelTests(SmtpServers servers) : IClassFixture<SmtpServers>
{
    private const string Recipient = "ann@customer.test";

    private readonly CapturedLogs logs = new();
    private readonly string enrollmentId = TestData.Id("enr");

    private OutgoingEmail Email(string to = Recipient, Uri? unsubscribe = null, string step = "welcome") =>
        new(new SendKey(enrollmentId, step), to, "Ann Lee", "Hello Ann", "Plain words", "<p>Rich words</p>", unsubscribe);

    private string MessageIdOf(string step) => $"{enrollmentId}.{step}@acme.test";

    private SmtpEmailChannel Channel(int port, string? user = null, string? password = null, TimeSpan? timeout = null, TimeProvider? time = null, bool startTls = false)
    {
        var settings = new FollowUpOptions
        {
            Email = { Provider = EmailProvider.Smtp, From = "Acme Shop <hello@acme.test>", ReplyTo = "Acme Support <support@acme.test>" },
            Smtp = { Host = "127.0.0.1", Port = port, StartTls = startTls, User = user, Password = password, Timeout = timeout ?? TimeSpan.FromSeconds(5) },
        };
        return new SmtpEmailChannel(Options.Create(settings), logs.For<SmtpEmailChannel>(), time ?? TimeProvider.System);
    }

    /// <summary>A loopback port with nothing listening on it.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task SendAsync_ToServer_DeliversEnvelopeAddressesBothPartsAndHeaders()
    {
        using var channel = Channel(servers.Open.Port);

        var messageId = await channel.SendAsync(Email(unsubscribe: new Uri("https://app.test/unsubscribe/tok")), CancellationToken.None).SentAsync();

        Assert.Equal(MessageIdOf("welcome"), messageId);
        var received = await servers.Open.WaitForAsync(messageId);
        Assert.Equal("hello@acme.test", received.From);
        Assert.Equal([Recipient], received.To);
        var message = received.Message;
        Assert.Equal("\"Acme Shop\" <hello@acme.test>", message.From.ToString());
        Assert.Equal("\"Acme Support\" <support@acme.test>", message.ReplyTo.ToString());
        Assert.Equal("\"Ann Lee\" <ann@customer.test>", message.To.ToString());
        Assert.Equal("Hello Ann", message.Subject);
        Assert.Equal("multipart/alternative", message.Body?.ContentType.MimeType);
        Assert.Equal("Plain words", message.TextBody?.Trim());
        Assert.Equal("<p>Rich words</p>", message.HtmlBody?.Trim());
        Assert.Equal(enrollmentId, message.Headers["X-FollowUp-Enrollment"]);
        Assert.Equal("welcome", message.Headers["X-FollowUp-Step"]);
        Assert.Equal("<https://app.test/unsubscribe/tok>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task SendAsync_WithoutUnsubscribeAddress_SendsNoListUnsubscribeHeaders()
    {
        using var channel = Channel(servers.Open.Port);

        var messageId = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        var headers = (await servers.Open.WaitForAsync(messageId)).Message.Headers;
        Assert.False(headers.Contains("List-Unsubscribe"));
        Assert.False(headers.Contains("List-Unsubscribe-Post"));
    }

    [Fact]
    public async Task FindSentAsync_AfterSending_FindsNothingAndTheResendCarriesTheSameMessageId()
    {
        using var channel = Channel(servers.Open.Port);
        var first = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        var found = await channel.FindSentAsync(Email(), DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        var second = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Null(found);
        Assert.Equal(first, second);
        Assert.Equal(2, (await servers.Open.WaitForCopiesAsync(first, 2)).Length);
    }

    [Fact]
    public async Task SendAsync_ManyAtOnce_AllArriveOverOneConnection()
    {
        using var channel = Channel(servers.Open.Port);

        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => channel.SendAsync(Email(step: $"step-{i}"), CancellationToken.None).SentAsync()));

        var received = await Task.WhenAll(ids.Select(servers.Open.WaitForAsync));
        Assert.Equal(5, ids.Distinct().Count());
        Assert.Single(received.Select(email => email.Session).Distinct());
    }

    [Fact]
    public async Task SendAsync_AfterARefusal_ConnectsAgainAndSends()
    {
        using var channel = Channel(servers.Open.Port);
        var first = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        await channel.SendAsync(Email("unknown@customer.test", step: "refused"), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);
        var second = await channel.SendAsync(Email(step: "second"), CancellationToken.None).SentAsync();

        var sessions = await Task.WhenAll(new[] { first, second }.Select(async id => (await servers.Open.WaitForAsync(id)).Session));
        Assert.NotEqual(sessions[0], sessions[1]);
        Assert.DoesNotContain(servers.Open.Received, email => email.Message.MessageId == MessageIdOf("refused"));
    }

    [Fact]
    public async Task SendAsync_AfterAQuietSpell_ChecksTheConnectionAndKeepsIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var channel = Channel(servers.Open.Port, time: clock);
        var first = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await channel.SendAsync(Email(step: "second"), CancellationToken.None).SentAsync();

        Assert.Equal((await servers.Open.WaitForAsync(first)).Session, (await servers.Open.WaitForAsync(second)).Session);
    }

    [Fact]
    public async Task SendAsync_AfterTheServerClosedTheQuietConnection_ConnectsAgainAndSends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var channel = Channel(servers.Impatient.Port, time: clock);
        var first = await servers.Impatient.WaitForAsync(await channel.SendAsync(Email(), CancellationToken.None).SentAsync());
        await servers.Impatient.WaitForClosedAsync(first.Session);

        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await servers.Impatient.WaitForAsync(await channel.SendAsync(Email(step: "second"), CancellationToken.None).SentAsync());

        Assert.NotEqual(first.Session, second.Session);
    }

    [Fact]
    public async Task SendAsync_RightPassword_LogsInAndSends()
    {
        using var channel = Channel(servers.WithLogin.Port, SmtpServers.User, SmtpServers.Password);

        var messageId = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Equal(SmtpServers.User, (await servers.WithLogin.WaitForAsync(messageId)).User);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_IsUnavailableAndNamesTheSettingButNeverTheValue()
    {
        const string wrongPassword = "wrong-Pa55word";
        using var channel = Channel(servers.WithLogin.Port, SmtpServers.User, wrongPassword);

        var answer = await channel.SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Contains("FollowUp:Smtp:Password", answer.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, answer.ToString(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Error);
        Assert.Contains("FollowUp:Smtp:Password", logged.Text, StringComparison.Ordinal);
        Assert.All(logs.Entries, entry => Assert.DoesNotContain(wrongPassword, entry.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(servers.WithLogin.Received, email => email.Message.MessageId == MessageIdOf("welcome"));
    }

    [Fact]
    public async Task SendAsync_ServerWantsLoginButNoUserIsSet_IsUnavailableAndNamesTheUserSetting()
    {
        using var channel = Channel(servers.WithLogin.Port);

        var answer = await channel.SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Contains("FollowUp:Smtp:User", answer.Reason, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Error);
    }

    [Fact]
    public async Task SendAsync_StartTlsOnAServerWithoutIt_IsUnavailableAndNamesTheSetting()
    {
        using var channel = Channel(servers.Open.Port, startTls: true);

        var answer = await channel.SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Contains("FollowUp:Smtp:StartTls", answer.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.Open.Received, email => email.Message.MessageId == MessageIdOf("welcome"));
    }

    [Fact]
    public async Task SendAsync_RecipientUnknown_FailsForGoodWithTheServersAnswerButNotTheAddress()
    {
        using var channel = Channel(servers.Open.Port);

        var answer = await channel.SendAsync(Email("unknown@customer.test"), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);

        Assert.Contains("SMTP 550", answer.Reason, StringComparison.Ordinal);
        Assert.Contains("User unknown", answer.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown@customer.test", answer.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("refused@customer.test", SendResultKind.Refused)]
    [InlineData("closing@customer.test", SendResultKind.Throttled)]
    [InlineData("crowded@customer.test", SendResultKind.Throttled)]
    [InlineData("fast@customer.test", SendResultKind.Throttled)]
    [InlineData("greylisted@customer.test", SendResultKind.Unavailable)]
    [InlineData("full@customer.test", SendResultKind.Unavailable)]
    [InlineData("oversized@customer.test", SendResultKind.Unavailable)]
    public async Task SendAsync_RecipientRefused_AnswersWhatTheReplyMeans(string recipient, SendResultKind expected)
    {
        using var channel = Channel(servers.Open.Port);

        var answer = await channel.SendAsync(Email(recipient), CancellationToken.None).AnsweredAsync(expected);

        Assert.Contains($"SMTP {SmtpServers.Refusals[recipient].Code.ToString(CultureInfo.InvariantCulture)}", answer.Reason, StringComparison.Ordinal);
        Assert.Null(answer.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsUnavailable()
    {
        using var channel = Channel(ClosedPort());

        await channel.SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_IsUnavailableAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var channel = Channel(((IPEndPoint)silent.LocalEndpoint).Port, timeout: TimeSpan.FromMilliseconds(300));

        var answer = await channel.SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Contains("did not answer", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_IsCancelledNotUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var channel = Channel(((IPEndPoint)silent.LocalEndpoint).Port);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.SendAsync(Email(), cancel.Token));
    }

    [Fact]
    public async Task SendAsync_RecipientIsNotAMailbox_FailsForGoodWithoutConnecting()
    {
        using var channel = Channel(ClosedPort());

        await channel.SendAsync(Email("not an address"), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);
    }
}
