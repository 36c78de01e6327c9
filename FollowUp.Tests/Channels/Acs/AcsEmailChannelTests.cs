using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Acs;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FollowUp.Tests.Builders;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>Contract tests of the ACS Email channel against a fake ACS that checks what ACS checks.</summary>
public sealed class AcsEmailChannelTests : IAsyncLifetime
{
    private const int MaxRetries = 2;

    private readonly CapturedLogs logs = new();
    private readonly List<ServiceProvider> providers = [];
    private FakeAcs acs = null!;

    public async Task InitializeAsync() => acs = await FakeAcs.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await acs.DisposeAsync();
    }

    /// <summary>The channel as DI builds it, with the retrying HTTP client, on the fake ACS; a null setting removes it.</summary>
    private AcsEmailChannel Channel(IDictionary<string, string?>? changes = null, TokenCredential? credential = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FollowUp:Email:Provider"] = "acs",
            ["FollowUp:Email:From"] = "Acme <hello@acme.example>",
            ["FollowUp:Email:ReplyTo"] = "Acme Support <support@acme.example>",
            ["FollowUp:Acs:Endpoint"] = acs.Endpoint.AbsoluteUri,
            ["FollowUp:Acs:AccessKey"] = FakeAcs.AccessKey,
            ["FollowUp:Http:RetryDelay"] = "00:00:00.001",
            ["FollowUp:Http:MaxRetries"] = $"{MaxRetries}",
        };
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(setting => setting.Value is not null)).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        services.AddProviderHttpClients();
        services.AddSingleton<AcsEmailChannel>();
        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<AcsEmailChannel>();
    }

    private static OutgoingEmail Email(string step = "welcome", Uri? unsubscribe = null) =>
        new(new SendKey("abcdefghjkmn-0123456789", step), "ann@example.com", "Ann Example", "Hello Ann", "Plain hello", "<p>Hello</p>", unsubscribe);

    private static Dictionary<string, string?> Without(string setting) => new() { [setting] = null };

    [Fact]
    public async Task Send_WithAccessKey_IsSignedAsAcsRequires()
    {
        var id = await Channel().SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Empty(acs.AuthenticationFailures);
        var send = Assert.Single(acs.Sends);
        Assert.Equal("/emails:send?api-version=2025-09-01", send.PathAndQuery);
        Assert.Equal($"127.0.0.1:{acs.Endpoint.Port}", send.Headers["Host"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(send.Body))), send.Headers["x-ms-content-sha256"]);
        var signedAt = DateTimeOffset.ParseExact(send.Headers["x-ms-date"], "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={FakeAcs.ExpectedSignature(send)}", send.Headers["Authorization"]);
        Assert.Equal(id, send.Headers["Operation-Id"]);
        Assert.True(Guid.TryParse(id, out _));
    }

    [Fact]
    public async Task Send_WithWrongAccessKey_IsRefusedByTheFakeAndReportedAsUnavailable()
    {
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("some other key entirely"));

        var refusal = await Channel(new Dictionary<string, string?> { ["FollowUp:Acs:AccessKey"] = wrongKey }).SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Equal("the HMAC signature does not match", Assert.Single(acs.AuthenticationFailures));
        Assert.Contains("401", refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(0, acs.AcceptedOperations);
    }

    [Fact]
    public async Task Send_Body_CarriesSenderRecipientContentReplyToAndHeaders()
    {
        await Channel().SendAsync(Email(unsubscribe: new Uri("https://acme.example/unsubscribe/t0ken")), CancellationToken.None).SentAsync();

        var message = JsonDocument.Parse(Assert.Single(acs.Sends).Body).RootElement;
        Assert.Equal("hello@acme.example", message.GetProperty("senderAddress").GetString());
        var content = message.GetProperty("content");
        Assert.Equal("Hello Ann", content.GetProperty("subject").GetString());
        Assert.Equal("Plain hello", content.GetProperty("plainText").GetString());
        Assert.Equal("<p>Hello</p>", content.GetProperty("html").GetString());
        var to = Assert.Single(message.GetProperty("recipients").GetProperty("to").EnumerateArray());
        Assert.Equal("ann@example.com", to.GetProperty("address").GetString());
        Assert.Equal("Ann Example", to.GetProperty("displayName").GetString());
        var replyTo = Assert.Single(message.GetProperty("replyTo").EnumerateArray());
        Assert.Equal("support@acme.example", replyTo.GetProperty("address").GetString());
        Assert.Equal("Acme Support", replyTo.GetProperty("displayName").GetString());
        var headers = message.GetProperty("headers");
        Assert.Equal("abcdefghjkmn-0123456789", headers.GetProperty("X-FollowUp-Enrollment").GetString());
        Assert.Equal("welcome", headers.GetProperty("X-FollowUp-Step").GetString());
        Assert.Equal("<https://acme.example/unsubscribe/t0ken>", headers.GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        Assert.Equal("<abcdefghjkmn-0123456789.welcome@acme.example>", headers.GetProperty("Message-ID").GetString());
        Assert.False(headers.TryGetProperty("x-ms-acsemail-validate-message-id", out _));
        Assert.Equal("abcdefghjkmn-0123456789.welcome@acme.example", FakeAcs.InternetMessageIdOf(acs.Sends[0]));
    }

    [Fact]
    public async Task Send_WithoutReplyToOrUnsubscribe_LeavesThemOut()
    {
        await Channel(Without("FollowUp:Email:ReplyTo")).SendAsync(Email() with { ToName = null, Html = null }, CancellationToken.None).SentAsync();

        var message = JsonDocument.Parse(Assert.Single(acs.Sends).Body).RootElement;
        Assert.False(message.TryGetProperty("replyTo", out _));
        Assert.False(message.GetProperty("headers").TryGetProperty("List-Unsubscribe", out _));
        Assert.False(message.GetProperty("content").TryGetProperty("html", out _));
        Assert.False(Assert.Single(message.GetProperty("recipients").GetProperty("to").EnumerateArray()).TryGetProperty("displayName", out _));
    }

    [Fact]
    public async Task Send_SameStepTwice_CarriesOneOperationIdAndOtherStepsAnother()
    {
        var channel = Channel();

        var first = await channel.SendAsync(Email("welcome"), CancellationToken.None).SentAsync();
        var again = await channel.SendAsync(Email("welcome"), CancellationToken.None).SentAsync();
        var other = await channel.SendAsync(Email("reminder"), CancellationToken.None).SentAsync();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal([first, first, other], acs.Sends.Select(send => send.Headers["Operation-Id"]));
        Assert.Equal(2, acs.AcceptedOperations);
    }

    [Fact]
    public async Task Send_WithoutAccessKey_UsesOneBearerTokenForManyRequests()
    {
        var credential = new FakeTokenCredential("entra-token-do-not-leak", TimeSpan.FromHours(1));
        acs.ExpectedBearerToken = "entra-token-do-not-leak";
        var channel = Channel(Without("FollowUp:Acs:AccessKey"), credential);

        var id = await channel.SendAsync(Email("welcome"), CancellationToken.None).SentAsync();
        await channel.SendAsync(Email("reminder"), CancellationToken.None).SentAsync();
        Assert.Equal(id, await channel.FindSentAsync(Email("welcome"), DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Empty(acs.AuthenticationFailures);
        Assert.Equal(3, acs.Requests.Count);
        Assert.Equal(1, credential.Requests);
        Assert.Equal(["https://communication.azure.com//.default"], credential.LastScopes);
        Assert.All(acs.Requests, request => Assert.False(request.Headers.ContainsKey("x-ms-content-sha256")));
    }

    [Fact]
    public async Task Send_TokenAboutToExpire_IsRenewedBeforeUse()
    {
        var credential = new FakeTokenCredential("short-lived-token", TimeSpan.FromMinutes(1));
        acs.ExpectedBearerToken = "short-lived-token";
        var channel = Channel(Without("FollowUp:Acs:AccessKey"), credential);

        await channel.SendAsync(Email("welcome"), CancellationToken.None).SentAsync();
        await channel.SendAsync(Email("reminder"), CancellationToken.None).SentAsync();

        Assert.Equal(2, credential.Requests);
    }

    public static TheoryData<string, int> RetryAfterHeaders => new()
    {
        { "7", 7 },
        { "120", 120 },
    };

    [Theory]
    [MemberData(nameof(RetryAfterHeaders))]
    public async Task Send_Throttled_AnswersWithTheDelayAcsAskedFor(string retryAfter, int seconds)
    {
        acs.AnswerNext(FakeAcs.Error(429, "TooManyRequests", "Rate limit exceeded.", ("Retry-After", retryAfter)));

        var throttled = await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Throttled);

        Assert.Equal(TimeSpan.FromSeconds(seconds), throttled.RetryAfter);
        Assert.Single(acs.Sends);
        Assert.Equal(0, acs.AcceptedOperations);
    }

    [Fact]
    public async Task Send_ThrottledUntilADate_AnswersWithTheTimeLeftUntilThen()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(10);
        acs.AnswerNext(FakeAcs.Error(429, "TooManyRequests", "Rate limit exceeded.", ("Retry-After", until.ToString("r", CultureInfo.InvariantCulture))));

        var throttled = await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Throttled);

        Assert.InRange(throttled.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Send_Refused_AnswersRefusedWithAcsErrorCodeAndMessage()
    {
        acs.AnswerNext(FakeAcs.Error(400, "InvalidSenderAddress", "The sender address is not from a verified domain."));

        var refusal = await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);

        Assert.Equal("InvalidSenderAddress: The sender address is not from a verified domain.", refusal.Reason);
        Assert.Single(acs.Sends);
    }

    [Fact]
    public async Task Send_RefusedWithoutErrorBody_AnswersRefusedWithTheStatus()
    {
        acs.AnswerNext(FakeAcs.Reply(413));

        var refusal = await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);

        Assert.StartsWith("HTTP 413", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnavailableOnceThenAccepted_SucceedsAfterARetryWithTheSameOperationId()
    {
        acs.AnswerNext(FakeAcs.Error(503, "ServiceUnavailable", "Try again."));

        var id = await Channel().SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Equal(2, acs.Sends.Count);
        Assert.All(acs.Sends, send => Assert.Equal(id, send.Headers["Operation-Id"]));
        Assert.Equal(1, acs.AcceptedOperations);
    }

    [Fact]
    public async Task Send_PersistentServerError_AnswersUnavailableAfterTheRetries()
    {
        acs.AnswerNext([.. Enumerable.Range(0, MaxRetries + 1).Select(_ => FakeAcs.Error(500, "InternalServerError", "Something broke."))]);

        var failure = await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Equal(MaxRetries + 1, acs.Sends.Count);
        Assert.Equal("ACS answered 500 to the send: InternalServerError: Something broke.", failure.Reason);
        Assert.Equal(0, acs.AcceptedOperations);
    }

    [Fact]
    public async Task Send_Unreachable_AnswersUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Channel(new Dictionary<string, string?> { ["FollowUp:Acs:Endpoint"] = $"http://127.0.0.1:{closedPort}" }).SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);
    }

    [Fact]
    public async Task Send_ConflictOnAnOperationAcsHolds_ReturnsItWithoutFailing()
    {
        var operationId = AcsOperationId.For(Email().Key);
        acs.Accept(operationId);
        acs.AnswerNext(FakeAcs.Error(409, "Conflict", "The operation is in progress."));

        Assert.Equal(operationId, await Channel().SendAsync(Email(), CancellationToken.None).SentAsync());
        Assert.Single(acs.Sends);
        Assert.Single(acs.Reads);
    }

    [Fact]
    public async Task Send_ConflictOnAnUnknownOperation_AsksWithoutSendingAgainThenAnswersUnavailable()
    {
        acs.AnswerNext(FakeAcs.Error(409, "Conflict", "The operation is in progress."));

        await Channel().SendAsync(Email(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Single(acs.Sends);
        Assert.Equal(MaxRetries + 1, acs.Reads.Count);
    }

    [Fact]
    public async Task Send_WithFirstSentTime_CarriesItAndARequestIdStableForThatAttempt()
    {
        var firstSent = new DateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var channel = Channel();

        await channel.SendAsync(Email() with { FirstSentUtc = firstSent }, CancellationToken.None).SentAsync();
        await channel.SendAsync(Email() with { FirstSentUtc = firstSent }, CancellationToken.None).SentAsync();
        await channel.SendAsync(Email() with { FirstSentUtc = firstSent.AddSeconds(30) }, CancellationToken.None).SentAsync();

        var sends = acs.Sends;
        Assert.All(sends, send => Assert.True(Guid.TryParse(send.Headers["Repeatability-Request-Id"], out _)));
        Assert.Equal(firstSent.ToString("r", CultureInfo.InvariantCulture), sends[0].Headers["Repeatability-First-Sent"]);
        Assert.Equal(sends[0].Headers["Repeatability-Request-Id"], sends[1].Headers["Repeatability-Request-Id"]);
        Assert.NotEqual(sends[0].Headers["Repeatability-Request-Id"], sends[2].Headers["Repeatability-Request-Id"]);
        Assert.Equal(2, acs.EmailsSent);
    }

    [Fact]
    public async Task Send_ConnectionClosedAfterAccepting_RetryIsARepeatAndTheEmailGoesOnce()
    {
        acs.DropNextResponses(1);

        var id = await Channel().SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Equal(AcsOperationId.For(Email().Key), id);
        Assert.Equal(2, acs.Sends.Count);
        Assert.Single(acs.Sends.Select(send => (send.Headers["Repeatability-Request-Id"], send.Headers["Repeatability-First-Sent"])).Distinct());
        Assert.Equal(1, acs.EmailsSent);
    }

    [Fact]
    public async Task Send_AnswerLaterThanTheTimeout_RepeatGets409AndTheChannelAsksInsteadOfSending()
    {
        acs.DropDelay = TimeSpan.FromSeconds(2);
        acs.DropNextResponses(1);

        var id = await Channel(new Dictionary<string, string?> { ["FollowUp:Http:AttemptTimeout"] = "00:00:00.300" }).SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Equal(AcsOperationId.For(Email().Key), id);
        Assert.Equal(2, acs.Sends.Count);
        Assert.NotEmpty(acs.Reads);
        Assert.Equal(1, acs.EmailsSent);
    }

    [Fact]
    public async Task Send_FirstSentPastTheWindowOfAnAcceptedOperation_AsksAndReturnsItWithoutSending()
    {
        var operationId = AcsOperationId.For(Email().Key);
        acs.Accept(operationId);

        var id = await Channel().SendAsync(Email() with { FirstSentUtc = DateTimeOffset.UtcNow.AddMinutes(-6) }, CancellationToken.None).SentAsync();

        Assert.Equal(operationId, id);
        Assert.Single(acs.Sends);
        Assert.Single(acs.Reads);
        Assert.Equal(0, acs.EmailsSent);
    }

    [Fact]
    public async Task Send_FirstSentPastTheWindowWithoutTrace_AnswersUnavailableWithoutSending()
    {
        await Channel().SendAsync(Email() with { FirstSentUtc = DateTimeOffset.UtcNow.AddMinutes(-6) }, CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Single(acs.Sends);
        Assert.Single(acs.Reads);
        Assert.Equal(0, acs.EmailsSent);
    }

    [Fact]
    public async Task FindSent_OperationAcsNeverAccepted_ReturnsNull()
    {
        Assert.Null(await Channel().FindSentAsync(Email(), DateTimeOffset.UtcNow, CancellationToken.None));

        var read = Assert.Single(acs.Reads);
        Assert.Equal($"/emails/operations/{AcsOperationId.For(Email().Key)}?api-version=2025-09-01", read.PathAndQuery);
        Assert.Empty(acs.AuthenticationFailures);
    }

    [Fact]
    public async Task FindSent_OperationAcsAccepted_ReturnsTheIdTheSendReturned()
    {
        var channel = Channel();
        var id = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();

        Assert.Equal(id, await channel.FindSentAsync(Email(), DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Empty(acs.AuthenticationFailures);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task FindSent_AcsCannotAnswer_ThrowsUnavailable(int status)
    {
        acs.AnswerNext([.. Enumerable.Range(0, MaxRetries + 1).Select(_ => FakeAcs.Error(status, "Busy", "Not now."))]);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Channel().FindSentAsync(Email(), DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Theory]
    [InlineData("NotStarted", null, null)]
    [InlineData("Running", null, null)]
    [InlineData("Succeeded", "succeeded", null)]
    [InlineData("Failed", "failed", "EmailDropped: Email was dropped after several attempts to deliver.")]
    [InlineData("Canceled", "failed", "Canceled")]
    public async Task GetDelivery_OperationStatus_IsReportedOnceFinal(string status, string? expectedStatus, string? expectedDetail)
    {
        var channel = Channel();
        var id = await channel.SendAsync(Email(), CancellationToken.None).SentAsync();
        acs.OperationStatus = status;
        acs.OperationError = status == "Failed" ? ("EmailDropped", "Email was dropped after several attempts to deliver.") : null;

        var report = await channel.GetDeliveryAsync(id, CancellationToken.None);

        Assert.Equal(expectedStatus, report?.Status);
        Assert.Equal(expectedDetail, report?.Detail);
    }

    [Fact]
    public async Task GetDelivery_UnknownOperation_ThrowsUnavailable()
    {
        await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            Channel().GetDeliveryAsync(Guid.NewGuid().ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_NeverAppearInLogsExceptionsOrAnswers()
    {
        var keyed = Channel();
        var credential = new FakeTokenCredential("entra-token-do-not-leak", TimeSpan.FromHours(1));
        var tokened = Channel(Without("FollowUp:Acs:AccessKey"), credential);
        var failures = new List<Exception>();
        var answers = new List<SendResult>();
        async Task Attempt(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        foreach (var channel in new[] { keyed, tokened })
        {
            await channel.SendAsync(Email("accepted"), CancellationToken.None).SentAsync();
            acs.AnswerNext(FakeAcs.Error(400, "BadRequest", "Refused."));
            answers.Add(await channel.SendAsync(Email("refused"), CancellationToken.None).AnsweredAsync(SendResultKind.Refused));
            acs.AnswerNext(FakeAcs.Error(429, "TooManyRequests", "Slow down.", ("Retry-After", "3")));
            answers.Add(await channel.SendAsync(Email("throttled"), CancellationToken.None).AnsweredAsync(SendResultKind.Throttled));
            acs.AnswerNext([.. Enumerable.Range(0, MaxRetries + 1).Select(_ => FakeAcs.Error(500, "InternalServerError", "Broken."))]);
            answers.Add(await channel.SendAsync(Email("broken"), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable));
            await Attempt(() => channel.GetDeliveryAsync(Guid.NewGuid().ToString(), CancellationToken.None));
            acs.ExpectedBearerToken = "entra-token-do-not-leak";
        }

        Assert.Equal(2, failures.Count);
        Assert.Equal(6, answers.Count);
        Assert.NotEmpty(logs.Entries);
        var everything = logs.Text + string.Join('\n', failures.Select(failure => failure.ToString())) + string.Join('\n', answers.Select(answer => answer.ToString()));
        Assert.DoesNotContain(FakeAcs.AccessKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-leak", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", everything, StringComparison.Ordinal);
    }
}
